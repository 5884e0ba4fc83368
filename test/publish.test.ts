import { GITHUB_OIDC_ISSUER, githubKeylessSigning, promotedReferences, signArgs, verifyArgs } from '../scripts/publish/pipeline';
import { bakedTargets } from '../scripts/publish/run';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const GITHUB = {
  GITHUB_ACTIONS: 'true',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW_REF: 'cnpg-extensions-cdk/cnpg-extensions-cdk/.github/workflows/release.yml@refs/heads/main',
};

describe('keyless signing', () => {
  test('outside GitHub it is refused, naming what is missing and what to do instead', () => {
    expect(() => githubKeylessSigning({})).toThrow(/keyless signing needs the OIDC token of a GitHub Actions job with "permissions: id-token: write"; outside GitHub pass --key FILE.*GITHUB_ACTIONS is not "true"/);
    const { ACTIONS_ID_TOKEN_REQUEST_TOKEN: _, ...noToken } = GITHUB;
    expect(() => githubKeylessSigning(noToken)).toThrow(/ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set/);
  });

  test('in a GitHub job, the identity is exactly this workflow at this ref, issued by GitHub', () => {
    const signing = githubKeylessSigning(GITHUB);
    const identity = new RegExp(signing.identityRegexp);
    expect(identity.test('https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk/.github/workflows/release.yml@refs/heads/main')).toBe(true);
    expect(identity.test('https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk/.github/workflows/release.yml@refs/heads/other')).toBe(false);
    expect(identity.test('https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk/.github/workflowsXrelease.yml@refs/heads/main')).toBe(false);
    expect(signArgs(signing)).toEqual([]);
    expect(verifyArgs(signing)).toEqual(['--certificate-identity-regexp', signing.identityRegexp, '--certificate-oidc-issuer', GITHUB_OIDC_ISSUER]);
  });

  test('with a key pair, cosign gets the key and no transparency log', () => {
    const signing = { keyFile: '/k/cosign.key', publicKeyFile: '/k/cosign.pub' };
    expect(signArgs(signing)).toEqual(['--key', '/k/cosign.key', '--use-signing-config=false', '--tlog-upload=false']);
    expect(verifyArgs(signing)).toEqual(['--key', '/k/cosign.pub', '--insecure-ignore-tlog=true']);
  });
});

describe('what bake pushed', () => {
  test('each target\'s digest and tags, buildx\'s own records left out', () => {
    const targets = bakedTargets({
      'pgvector-18-trixie': { 'containerimage.digest': DIGEST, 'image.name': 'r/pgvector-testing:18.6-0.8.4-202612011200-trixie,r/pgvector-testing:18-0.8.4-trixie' },
      'buildx.build.warnings': [],
    });
    expect([...targets]).toEqual([['pgvector-18-trixie', { digest: DIGEST, tags: ['r/pgvector-testing:18.6-0.8.4-202612011200-trixie', 'r/pgvector-testing:18-0.8.4-trixie'] }]]);
    expect(() => bakedTargets({ x: { 'image.name': 'r/x-testing:1' } })).toThrow(/target x has no pushed digest .*--push/);
  });

  test('promotion keeps every tag, in the repository without -testing', () => {
    expect(promotedReferences(['ghcr.io/o/pgvector-testing:18.6-0.8.4-202612011200-trixie', 'ghcr.io/o/pgvector-testing:18-0.8.4-trixie'])).toEqual({
      repository: 'ghcr.io/o/pgvector', immutable: 'ghcr.io/o/pgvector:18.6-0.8.4-202612011200-trixie', rolling: ['ghcr.io/o/pgvector:18-0.8.4-trixie'],
    });
    expect(() => promotedReferences(['ghcr.io/o/pgvector:18'])).toThrow(/is not in a -testing repository/);
    expect(() => promotedReferences(['ghcr.io/o/a-testing:1', 'ghcr.io/o/b-testing:1'])).toThrow(/several repositories/);
  });
});

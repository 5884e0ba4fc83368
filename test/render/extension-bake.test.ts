import { parse } from '@cdktf/hcl2json';
import { geospatial } from '../../extensions/geospatial';
import { TagPolicy } from '../../src';
import { extensionBakeFile, renderBakeFile } from '../../src/projen';
import { extensionBakeTarget } from '../../src/render/extension-bake';
import { evaluate } from '../../src/render/hcl';
import { definitions, imageOf, operands } from '../fixtures';

const options = { registry: 'ghcr.io/acme', source: 'https://example.com/repo', tagPolicy: TagPolicy.DEFAULT, contextRoot: 'generated' };
const images = Object.values(definitions).map((d) => imageOf(d));

async function parsedBakeFile(): Promise<any> {
  return parse('docker-bake.hcl', renderBakeFile(extensionBakeFile(images, operands(), options)));
}

describe('bake file', () => {
  test('one target per (extension, distro, major), a group per extension and a default group', async () => {
    const hcl = await parsedBakeFile();
    expect(Object.keys(hcl.target).sort()).toEqual([
      'pgaudit-18-bookworm', 'pgaudit-18-trixie', 'pgvector-18-bookworm', 'pgvector-18-trixie', 'postgis-18-bookworm', 'postgis-18-trixie',
    ]);
    expect(hcl.group.default[0].targets).toEqual(['pgaudit', 'pgvector', 'postgis']);
    expect(hcl.group.pgvector[0].targets).toEqual(['pgvector-18-bookworm', 'pgvector-18-trixie']);
  });

  test('a target carries the pinned base, versions, platforms, tags, labels and attestations', async () => {
    const target = (await parsedBakeFile()).target['pgvector-18-trixie'][0];
    const base = operands().image('trixie', 18)!.reference;
    // One context for every target, with cnpg-build.sh at its root; the Dockerfile is the extension's.
    expect(target.context).toBe('generated');
    expect(target.dockerfile).toBe('pgvector/Dockerfile');
    expect(target.args).toEqual({ BASE: base, PG_MAJOR: '18', PACKAGE_VERSION: '0.8.4-1.pgdg13+1' });
    expect(target.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(target.tags).toEqual([
      '${REGISTRY}/pgvector${image_suffix}:18.6-0.8.4-${build_timestamp}-trixie',
      '${REGISTRY}/pgvector${image_suffix}:18.6-0.8.4-trixie',
      '${REGISTRY}/pgvector${image_suffix}:18-0.8.4-trixie',
    ]);
    expect(target.labels).toMatchObject({
      'org.opencontainers.image.created': '${created}',
      'org.opencontainers.image.version': '0.8.4',
      'org.opencontainers.image.revision': '${REVISION}',
      'org.opencontainers.image.source': '${SOURCE}',
      'org.opencontainers.image.title': 'pgvector',
      'org.opencontainers.image.licenses': 'PostgreSQL',
      'org.opencontainers.image.base.name': base,
      'io.cloudnativepg.image.base.name': base,
      'io.cloudnativepg.image.base.pgmajor': '18',
      'io.cloudnativepg.image.base.os': 'trixie',
      'io.cloudnativepg.image.sql.version': '0.8.4',
    });
    expect(target.annotations).toContain('index,manifest:io.cloudnativepg.image.sql.version=0.8.4');
    expect(target.annotations).toContain('index,manifest:org.opencontainers.image.created=${created}');
    expect(target.attest).toEqual(['type=provenance,mode=max', 'type=sbom']);
  });

  test('a bundle target passes each component\'s package version and labels each SQL version', () => {
    const image = imageOf(geospatial);
    const operand = operands().image('trixie', 18)!;
    const target = extensionBakeTarget(image, image.buildFor('trixie', 18)!, operand, options);
    expect(target.args).toEqual({ BASE: operand.reference, PG_MAJOR: '18', PACKAGE_VERSION_POSTGIS: '3.6.1+dfsg-1.pgdg13+1', PACKAGE_VERSION_PGROUTING: '4.0.2-1.pgdg13+1' });
    const literal = target.labels.filter(([, v]) => v.kind === 'template' && v.parts.every((p) => typeof p === 'string'));
    const labels = Object.fromEntries(literal.map(([k, v]) => [k, evaluate(v, {})]));
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': '3.6.1_4.0.2',
      'org.opencontainers.image.licenses': 'GPL-2.0-or-later',
      'io.cloudnativepg.image.sql.version.postgis': '3.6.1',
      'io.cloudnativepg.image.sql.version.pgrouting': '4.0.2',
    });
    expect(labels['io.cloudnativepg.image.sql.version']).toBeUndefined();
    expect(target.comment).toBe('postgis 3.6.1+dfsg-1.pgdg13+1 (SQL 3.6.1), pgrouting 4.0.2-1.pgdg13+1 (SQL 4.0.2) on PostgreSQL 18.6, trixie');
  });

  test('registry, environment and timestamp are variables; the timestamp falls back to the bake-time clock', async () => {
    const hcl = await parsedBakeFile();
    expect(hcl.variable.REGISTRY[0].default).toBe('ghcr.io/acme');
    expect(hcl.variable.ENVIRONMENT[0].default).toBe('testing');
    expect(hcl.variable.TIMESTAMP[0].default).toBe('');
    // TIMESTAMP when set, else the clock when bake runs, in the tag timestamp's format; only production drops the suffix.
    expect(hcl.build_timestamp).toBe('${TIMESTAMP != "" ? TIMESTAMP : formatdate("YYYYMMDDhhmm", timestamp())}');
    expect(hcl.image_suffix).toBe('${ENVIRONMENT == "production" ? "" : "-testing"}');
  });

  test('the same target model gives concrete tags and labels for a build', () => {
    const image = imageOf(definitions.pgvector);
    const target = extensionBakeTarget(image, image.buildFor('trixie', 18)!, operands().image('trixie', 18)!, options);
    const values = { REGISTRY: 'localhost:5000/x', image_suffix: '', build_timestamp: '202509101200', created: '2025-09-10T12:00:00Z', REVISION: 'abc', SOURCE: 's' };
    expect(target.tags.map((t) => evaluate(t, values))).toEqual([
      'localhost:5000/x/pgvector:18.6-0.8.4-202509101200-trixie', 'localhost:5000/x/pgvector:18.6-0.8.4-trixie', 'localhost:5000/x/pgvector:18-0.8.4-trixie',
    ]);
  });

  test('quotes, ${ and %{ in a description reach HCL as literal text', async () => {
    const image = imageOf({ ...definitions.pgvector, description: 'Say "hi" to ${HOME} and %{x} \\o/' });
    const text = renderBakeFile(extensionBakeFile([image], operands(), options));
    expect(text).toContain('"org.opencontainers.image.description" = "Say \\"hi\\" to $${HOME} and %%{x} \\\\o/"');
    // It still parses; buildx resolving it to the literal text is checked in the e2e with the real CLI.
    await expect(parse('x.hcl', text)).resolves.toHaveProperty('target');
  });
});

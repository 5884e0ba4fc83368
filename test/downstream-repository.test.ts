import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './fixtures';
import { installedVersion, packLibrary, run } from './packed-library';
import { VersionsLock, validateManifests } from '../src';

/**
 * A team's own extension repository, next to this one: its own package.json,
 * `.projenrc.ts`, definition and registry, on the packed library only. Its
 * `.projenrc.ts` uses projen's plain `Project` (plus a TypeScript projenrc run
 * by tsx): the component needs nothing of a Node project, and a
 * TypeScriptProject would have synthesis install a compiler, jest and eslint.
 */

/** The fixture mirror: real Debian sid stanzas, hypopg's among them (test/fixtures/apt/README.md). */
const MIRROR = path.join(ROOT, 'test/fixtures/apt/debian');
const REGISTRY = 'registry.example.com/team';
/** The team's tag convention: neither of the library's two. */
const TEAM_TAGS = { name: 'team', immutable: 'pg{pg_major}-{ext_version}-{distro}-{timestamp}', rolling: ['pg{pg_major}-{ext_version}-{distro}'] };

const HYPOPG = `import { ExtensionImageProps } from 'cnpg-extensions-cdk';

/** HypoPG: hypothetical indexes. */
export const hypopg: ExtensionImageProps = {
  name: 'hypopg',
  description: 'Hypothetical indexes for PostgreSQL',
  homepage: 'https://github.com/HypoPG/hypopg',
  owners: ['@example/team'],
  packages: ['postgresql-{major}-hypopg'],
  licenses: ['PostgreSQL'],
  files: { lib: ['hypopg.so'], extension: ['hypopg.control', 'hypopg--*.sql'] },
  stripLibdirPrefix: true,
  builds: [{ distro: 'trixie', major: 18 }],
};
`;

function projenrc(extraOptions: string): string {
  return `import { Project, typescript } from 'projen';
import { TagPolicy } from 'cnpg-extensions-cdk';
import { ExtensionImages } from 'cnpg-extensions-cdk/projen';

const project = new Project({ name: 'team-extensions' });
new typescript.ProjenrcTs(project, { runner: typescript.TypeScriptRunner.tsx() });
new ExtensionImages(project, {
  extensionsDir: 'extensions',
  outdir: 'generated',
  source: 'https://git.example.com/team/extensions',
  registry: '${REGISTRY}',
  tagPolicy: new TagPolicy(${JSON.stringify(TEAM_TAGS)}),${extraOptions}
});
project.synth();
`;
}

/** Every file under `dir` but node_modules, with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (child === 'node_modules') continue;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return files;
}

describe('a downstream extension repository with its own .projenrc.ts, on the packed library', () => {
  let work: string;
  let repo: string;
  /** Runs in the downstream repository, with its own package cache so that no shared one is touched. */
  const inRepo = (command: string, args: string[]) => run(command, args, repo, { env: { ...process.env, CNPG_E2E_CACHE: path.join(work, 'cache') } });
  const generated = (file: string) => fs.readFileSync(path.join(repo, 'generated', file), 'utf8');

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-downstream-repository-'));
    repo = path.join(work, 'team-extensions');
    fs.mkdirSync(path.join(repo, 'extensions'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'team-extensions', private: true }));
    fs.writeFileSync(path.join(repo, 'extensions/hypopg.ts'), HYPOPG);
    fs.writeFileSync(path.join(repo, 'README.md'), '# Team extensions\n\nOur own images.\n');
    fs.writeFileSync(path.join(repo, '.projenrc.ts'), projenrc(''));
    const peers = ['projen', 'constructs', 'cdk8s', 'tsx'].map((name) => `${name}@${installedVersion(name)}`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', packLibrary(work), ...peers], repo);
  }, 600_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the package bin writes the lock from the apt index: sid read, trixie derived from it', () => {
    const output = inRepo('npx', ['--no-install', 'cnpg-extensions-update-versions', '--derive', '--source', `sid=${MIRROR}`]);
    expect(output).toMatch(/update-versions: 2 changed, 0 unchanged, 0 removed/);
    const lock = VersionsLock.read(path.join(repo, 'extensions/versions.lock.json'));
    expect(lock.entries.map((e) => `${e.extension} ${e.distro} ${e.source} ${e.packages.map((p) => `${p.name}=${p.version}`).join(',')} ${e.sqlVersion}`)).toEqual([
      'hypopg sid index postgresql-18-hypopg=1.4.4-1 1.4.4',
      'hypopg trixie derived postgresql-18-hypopg=1.4.4-1.pgdg13+1 1.4.4',
    ]);
    expect(lock.entry({ extension: 'hypopg', component: 'hypopg', distro: 'sid', major: 18 })!.index).toMatchObject({ url: MIRROR, suite: 'sid' });
    // The fixture mirror holds no .deb: the update scripts stay unresolved, and the lock says why.
    expect(lock.entry({ extension: 'hypopg', component: 'hypopg', distro: 'sid', major: 18 })!.upgradableFromUnresolved).toMatch(/^the package could not be read: /);
  }, 120_000);

  test('without the table markers in README.md, synthesis stops naming the file, the markers and the option', () => {
    const result = spawnSync('npx', ['--no-install', 'tsx', '.projenrc.ts'], { cwd: repo, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: README.md: (extensions table): needs the markers <!-- extensions-table:start --> and <!-- extensions-table:end -->, '
      + 'in that order; or set the ExtensionImages option readme: false to keep no table');
    expect(fs.existsSync(path.join(repo, 'generated'))).toBe(false);
  }, 120_000);

  test('with readme: false, npx projen writes its own hypopg image, bake file, catalogs and examples, and nothing else', async () => {
    fs.writeFileSync(path.join(repo, '.projenrc.ts'), projenrc('\n  readme: false,'));
    // projen's first synthesis runs the projenrc itself; it writes .projen/tasks.json, which `npx projen` runs from then on.
    inRepo('npx', ['--no-install', 'tsx', '.projenrc.ts']);
    inRepo('npx', ['--no-install', 'projen']);
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# Team extensions\n\nOur own images.\n');

    // The image: FROM scratch, its packages at the locked versions (the Dockerfile's default is the preferred distro, trixie).
    const dockerfile = generated('hypopg/Dockerfile');
    expect(dockerfile).toMatch(/^FROM scratch$/m);
    expect(dockerfile).toMatch(/^ARG PACKAGE_VERSION=1\.4\.4-1\.pgdg13\+1$/m);
    expect(dockerfile).toContain('postgresql-"${PG_MAJOR}"-hypopg="${PACKAGE_VERSION}"');

    // The bake file: one target, in the team's registry, tagged by the team's policy.
    const hcl = await parseHcl('docker-bake.hcl', generated('docker-bake.hcl')) as Record<string, any>;
    expect(hcl.variable.REGISTRY[0].default).toBe(REGISTRY);
    expect(Object.keys(hcl.target)).toEqual(['hypopg-18-trixie']);
    const target = hcl.target['hypopg-18-trixie'][0];
    expect(target.args.PACKAGE_VERSION).toBe('1.4.4-1.pgdg13+1');
    expect(target.tags).toEqual([
      '${REGISTRY}/hypopg${image_suffix}:pg18-1.4.4-trixie-${build_timestamp}',
      '${REGISTRY}/hypopg${image_suffix}:pg18-1.4.4-trixie',
    ]);
    expect(target.labels['io.github.cnpg-extensions-cdk.debian.packages']).toBe('postgresql-18-hypopg=1.4.4-1.pgdg13+1');

    // The catalogs reference the team's registry and rolling tag, and only hypopg.
    const catalog = parseAllDocuments(generated('catalogs/catalog-minimal-trixie.yaml')).map((d) => d.toJS());
    const extensions = catalog.flatMap((doc) => (doc.spec?.images ?? []).flatMap((image: { extensions?: unknown[] }) => image.extensions ?? []));
    expect(extensions).toEqual([expect.objectContaining({ name: 'hypopg', image: { reference: `${REGISTRY}/hypopg:pg18-1.4.4-trixie` } })]);

    // Every CloudNativePG manifest written validates against the CRDs; the examples are among them.
    const manifests = [...snapshot(path.join(repo, 'generated')).entries()].filter(([file]) => /^(examples|catalogs)\/.*\.yaml$/.test(file) && !file.endsWith('kustomization.yaml'));
    expect(manifests.map(([file]) => file)).toEqual(expect.arrayContaining(['examples/hypopg/cluster.yaml', 'examples/hypopg/database.yaml']));
    for (const [file, text] of manifests) expect(validateManifests(text, file)).toEqual([]);

    // Nothing of this repository's own extensions leaks in: no file of theirs, no image of theirs, no registry of ours.
    const upstream = fs.readdirSync(path.join(ROOT, 'extensions')).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'hypopg.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(upstream.length).toBeGreaterThan(60);
    const written = snapshot(repo);
    expect([...written.keys()].filter((file) => file.split('/').some((part) => upstream.includes(part.replace(/\.[a-z]+$/, ''))))).toEqual([]);
    const images = [...written.values()].flatMap((text) => [...text.matchAll(/(?:registry\.example\.com\/team|\$\{REGISTRY\})\/([a-z0-9_-]+)/g)].map((m) => m[1]));
    expect(images.length).toBeGreaterThan(0);
    expect([...new Set(images)]).toEqual(['hypopg']);
    expect([...written].filter(([, text]) => text.includes('ghcr.io/cnpg-extensions-cdk')).map(([file]) => file)).toEqual([]);
    expect(written.get('extensions/index.ts')).toContain("export * from './hypopg';");
    expect(written.get('extensions/index.ts')!.match(/^export \* from/gm)).toHaveLength(1);
    expect(fs.readFileSync(path.join(repo, '.github/CODEOWNERS'), 'utf8')).toContain('@example/team');
  }, 300_000);

  test('a second npx projen changes nothing, and the update-versions task finds the lock up to date', () => {
    const before = snapshot(repo);
    inRepo('npx', ['--no-install', 'projen']);
    expect(snapshot(repo)).toEqual(before);
    const check = inRepo('npx', ['--no-install', 'projen', 'update-versions', '--check', '--derive', '--source', `sid=${MIRROR}`]);
    expect(check).toContain('update-versions --check: extensions/versions.lock.json is up to date');
  }, 300_000);
});

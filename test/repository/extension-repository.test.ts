import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { pgrouting } from '../../extensions/pgrouting';
import { DefinitionError, ExtensionImageProps, VersionsLock } from '../../src';
import { ExtensionDefinitionSource, ExtensionRepository, currentSignatureBundles, loadExtensionDefinitions } from '../../src/projen';
import { REPOSITORY_LOCK, ROOT, definitions, lockWith, operands } from '../fixtures';

const SOURCE = 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk';

function repository(defs: readonly ExtensionDefinitionSource[], versionsLock: VersionsLock = lockWith(defs.map((d) => d.props))) {
  return new ExtensionRepository({ definitions: defs, operands: operands(), versionsLock, source: SOURCE, registry: 'ghcr.io/cnpg-extensions-cdk' });
}

const own = () => loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT);

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * The repository's own synthesis with the clock faked at `now`. The library is
 * imported afresh under that clock, so that a time read at import counts too.
 */
function synthesizeAt(now: string): Map<string, string> {
  jest.useFakeTimers({ now: new Date(now) });
  try {
    let files = new Map<string, string>();
    jest.isolateModules(() => {
      // Loaded inside isolateModules, so the modules are imported afresh under the fake clock; an import statement would not be.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const projen: typeof import('../../src/projen') = require('../../src/projen');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fixtures: typeof import('../fixtures') = require('../fixtures');
      const defs = projen.loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT);
      const versionsLock = fixtures.lockWith(defs.map((d) => d.props));
      files = new projen.ExtensionRepository({ definitions: defs, operands: fixtures.operands(), versionsLock, source: SOURCE, registry: 'ghcr.io/cnpg-extensions-cdk' }).synthesize();
    });
    return files;
  } finally {
    jest.useRealTimers();
  }
}

/** Everything synthesis reads: the definitions, the versions lock and the vendored CloudNativePG data. */
function inputTexts(): string {
  const texts = (dir: string) => listFiles(path.join(ROOT, dir)).map((f) => fs.readFileSync(path.join(ROOT, dir, f), 'utf8'));
  return [...texts('extensions'), ...texts('vendor/cloudnative-pg')].join('\n');
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/** Calendar dates as clocks print them: 2026-08-17, 20260817 (alone or leading a timestamp), 17 Aug 2026, Aug 17 2026. */
const DATE = new RegExp(`(?<![0-9A-Za-z])(?:(?:19|20)\\d\\d-?[01]\\d-?[0-3]\\d|\\d{1,2} ${MONTH} \\d{4}|${MONTH} \\d{1,2} \\d{4})`, 'g');
const datesIn = (text: string) => text.match(DATE) ?? [];

describe('ExtensionRepository', () => {
  test('generated/ holds exactly what synthesis produces, byte for byte', () => {
    const files = repository(own()).synthesize();
    // publish's bundles of the catalogs as they are stay beside them.
    const bundles = currentSignatureBundles(path.join(ROOT, 'generated'), files);
    expect(listFiles(path.join(ROOT, 'generated')).filter((f) => !bundles.includes(f)).sort()).toEqual([...files.keys()].sort());
    for (const [file, content] of files) expect(fs.readFileSync(path.join(ROOT, 'generated', file), 'utf8')).toBe(content);
  });

  test('synthesis is deterministic whatever order the definitions come in', () => {
    const forward = repository(own()).synthesize();
    const backward = repository([...own()].reverse()).synthesize();
    expect([...backward.entries()]).toEqual([...forward.entries()]);
  });

  test('output holds no absolute paths of this machine', () => {
    for (const [file, content] of repository(own()).synthesize()) expect(`${file}: ${content.includes(ROOT)}`).toBe(`${file}: false`);
  });

  test('output does not depend on the clock: the same bytes at two dates, and no date its inputs do not hold', () => {
    const early = synthesizeAt('2001-02-03T04:05:06Z');
    const late = synthesizeAt('2087-11-29T23:58:57Z');
    expect([...late.entries()]).toEqual([...early.entries()]);
    const inputs = inputTexts();
    for (const [file, content] of early) expect(`${file}: ${datesIn(content).filter((d) => !inputs.includes(d))}`).toBe(`${file}: `);
  });

  test('every extension gets its Dockerfile, README and examples; catalogs cover every operand distro', () => {
    const files = [...repository(own()).synthesize().keys()];
    for (const name of Object.keys(definitions)) {
      expect(files).toEqual(expect.arrayContaining([`${name}/Dockerfile`, `${name}/README.md`, `examples/${name}/cluster.yaml`, `examples/${name}/database.yaml`]));
    }
    expect(files).toEqual(expect.arrayContaining(['docker-bake.hcl', 'catalogs/catalog-minimal-bookworm.yaml', 'catalogs/catalog-minimal-trixie.yaml']));
  });

  const source = (name: string, props: Partial<Record<keyof ExtensionImageProps, unknown>>): ExtensionDefinitionSource =>
    ({ file: `extensions/${name}.ts`, props: { ...definitions.pgvector, name, ...props } as ExtensionImageProps });
  const build = { distro: 'trixie', major: 18 };

  test.each([
    ['a name breaking the rule', [source('Bad_Name', {})], 'extensions/Bad_Name.ts', 'name', /must match/],
    ['a name that is not its file name', [{ ...source('a', {}), file: 'extensions/b.ts' }], 'extensions/b.ts', 'name', /must equal the file name "b"/],
    ['names colliding once "_" becomes "-"', [source('pg_x', {}), source('pg-x', { imageName: 'pgx2' })], 'extensions/pg_x.ts', 'name', /collides with "pg-x".*volume "ext-pg-x".*extensions\/pg-x\.ts/],
    ['a distro not in the operand catalog', [source('a', { builds: [{ ...build, distro: 'bullseye' }] })], 'extensions/a.ts', 'builds[distro=bullseye, major=18].distro', /not in the operand catalog \(bookworm, trixie\)/],
    ['a major not in the operand catalog', [source('a', { builds: [{ ...build, major: 19 }] })], 'extensions/a.ts', 'builds[distro=trixie, major=19].major', /PostgreSQL 19 is not in the trixie operand catalog/],
    ['a reserved env name', [source('a', { env: { LD_LIBRARY_PATH: 'x' } })], 'extensions/a.ts', 'env.LD_LIBRARY_PATH', /reserved/],
    ['a path escaping the image', [source('a', { dynamicLibraryPath: ['lib/../..'] })], 'extensions/a.ts', 'dynamicLibraryPath[0]', /escapes the image/],
    ['shell metacharacters in a package name', [source('a', { packages: ['postgresql-18-a`id`'] })], 'extensions/a.ts', 'packages[0]', /shell metacharacters/],
    ['a required extension that does not exist', [source('a', { requiredExtensions: ['nope'] })], 'extensions/a.ts', 'requiredExtensions[0]', /"nope" is not defined/],
    ['required extensions forming a cycle', [source('a', { requiredExtensions: ['b'] }), source('b', { imageName: 'b', requiredExtensions: ['a'] })], 'extensions/a.ts', 'requiredExtensions', /cycle: a -> b -> a/],
    ['the reserved name "default"', [source('default', {})], 'extensions/default.ts', 'name', /reserved/],
    ['two images with the same image name', [source('a', { imageName: 'x' }), source('b', { imageName: 'x' })], 'extensions/a.ts', 'imageName', /also the image name of b/],
  ])('rejects %s, naming the file, the field and the rule', (_what, defs, file, field, rule) => {
    let error: unknown;
    try {
      repository(defs).synthesize();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    const { file: f, field: fl, rule: r, message } = error as DefinitionError;
    expect({ file: f, field: fl }).toEqual({ file, field });
    expect(r).toMatch(rule);
    expect(message.startsWith(`${file}: ${field}: `)).toBe(true);
  });

  test('a build with no lock entry stops synthesis, naming the entry and the command that fills it', () => {
    const defs = [source('a', {})];
    const lock = lockWith(defs.map((d) => d.props));
    let error: unknown;
    try {
      repository(defs, lock.without(lock.entries.filter((e) => e.extension === 'a' && e.distro === 'trixie'))).synthesize();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).message).toBe('extensions/a.ts: builds[1]: a trixie/18 has no entry in versions.lock.json; run `npx projen update-versions --distro trixie a`');
  });

  test('an unresolved build has no bake target and no catalog entry, and the README says so', () => {
    const defs = [source('a', {})];
    const lock = lockWith(defs.map((d) => d.props));
    const unresolved = lock.withEntries(lock.entries.filter((e) => e.extension === 'a' && e.distro === 'bookworm').map((e) => ({
      ...e, source: 'unresolved' as const, packages: [], sqlVersion: undefined, index: undefined, reason: 'the index has no postgresql-18-pgvector',
    })));
    const files = repository(defs, unresolved).synthesize();
    const bake = files.get('docker-bake.hcl')!;
    expect(bake).toContain('a-18-trixie');
    expect(bake).not.toContain('a-18-bookworm');
    expect(bake).toContain('#   a bookworm/18: the index has no postgresql-18-pgvector');
    expect(files.get('catalogs/catalog-minimal-bookworm.yaml')).not.toContain('/a:');
    expect(files.get('catalogs/catalog-minimal-trixie.yaml')).toContain('reference: ghcr.io/cnpg-extensions-cdk/a:18.6-1.0-trixie');
    expect(files.get('a/README.md')).toContain('Not built for bookworm/18: unresolved (the index has no postgresql-18-pgvector).');
  });
});

describe('catalog artefacts', () => {
  const files = repository(own()).synthesize();
  const yamlOf = (file: string) => parseAllDocuments(files.get(file)!).map((d) => d.toJS());
  /** What a kustomization builds from, read the way kustomize reads it: resources (files, or directories holding a kustomization.yaml) and patch files. */
  type Resource = { apiVersion: string; kind: string; metadata: { name: string; labels: object }; spec: { images: object[] } };
  const resourcesOf = (dir: string): Resource[] => {
    const k = yamlOf(`${dir}/kustomization.yaml`)[0];
    expect(k).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
    return (k.resources as string[]).flatMap((r) => (files.has(`${dir}/${r}/kustomization.yaml`) ? resourcesOf(`${dir}/${r}`) : yamlOf(`${dir}/${r}`)));
  };

  test('the kustomization patches each operand catalog with its extension catalog, which keeps every operand image', () => {
    const operandDocs = resourcesOf('catalogs');
    expect(operandDocs.map((d) => d.metadata.name).sort()).toEqual(operands().documents.map((d) => d.name).sort());
    const patches = (yamlOf('catalogs/kustomization.yaml')[0].patches as { path: string }[]).map((p) => p.path);
    expect(patches.sort()).toEqual([...files.keys()].filter((f) => /^catalogs\/catalog-[^/]+\.yaml$/.test(f)).map((f) => f.slice('catalogs/'.length)).sort());
    for (const file of patches) {
      const [patch] = yamlOf(`catalogs/${file}`);
      // A strategic merge patch finds its target by apiVersion, kind and name.
      const targets = operandDocs.filter((d) =>
        d.apiVersion === patch.apiVersion && d.kind === patch.kind && d.metadata.name === patch.metadata.name);
      expect(targets).toHaveLength(1);
      expect(patch.metadata.labels).toEqual(targets[0].metadata.labels);
      // The patch's images list replaces the operand's whole: it must hold every operand image as it was.
      const withoutExtensions = patch.spec.images.map(({ extensions: _, ...image }: { extensions?: unknown }) => image);
      expect(withoutExtensions).toEqual(targets[0].spec.images);
      expect(patch.spec.images.some((i: { extensions?: unknown[] }) => (i.extensions ?? []).length > 0)).toBe(true);
    }
  });
});

describe('CODEOWNERS', () => {
  const { pgvector, postgis } = definitions;
  const defs: ExtensionDefinitionSource[] = [
    { file: 'extensions/pgvector.ts', props: { ...pgvector, owners: ['@alice', '@vectors/reviewers'] } },
    { file: 'extensions/postgis.ts', props: { ...postgis, owners: ['@Vectors/Reviewers', '@gis/maintainers'] } },
    { file: 'extensions/pgrouting.ts', props: pgrouting },
    { file: 'extensions/geo.ts', props: { name: 'geo', description: 'A bundle', homepage: 'https://example.com', owners: ['@bob'], components: [postgis, pgrouting] } },
  ];
  const lines = repository(defs).codeowners(['extensions/versions.lock.json', 'extensions/images.lock.json']).split('\n');
  const ownersOf = (p: string) => lines.filter((l) => l.startsWith(`/${p} `)).map((l) => l.split(' ').slice(1));

  test('a definition and everything generated from it ask its owners', () => {
    for (const p of ['extensions/pgvector.ts', 'generated/pgvector/', 'generated/examples/pgvector/', 'generated/tests/pgvector/']) {
      expect(ownersOf(p)).toEqual([['@alice', '@vectors/reviewers']]);
    }
    expect(ownersOf('generated/geo/')).toEqual([['@bob']]);
  });

  test('a component\'s definition also asks the owners of the bundles that hold it', () => {
    expect(ownersOf('extensions/postgis.ts')).toEqual([['@bob', '@gis/maintainers', '@Vectors/Reviewers']]);
    expect(lines).toContain('# postgis (also in geo)');
  });

  test('shared files ask every owner, once each whatever the case, and come before the per-extension lines', () => {
    const every = ['@alice', '@bob', '@cnpg-extensions-cdk/maintainers', '@gis/maintainers', '@vectors/reviewers'];
    for (const p of ['extensions/versions.lock.json', 'extensions/images.lock.json', 'generated/docker-bake.hcl', 'generated/catalogs/']) expect(ownersOf(p)).toEqual([every]);
    const last = (p: string) => lines.findIndex((l) => l.startsWith(`/${p} `));
    expect(last('generated/catalogs/')).toBeLessThan(last('extensions/geo.ts'));
    expect(lines.filter((l) => l.startsWith('/'))).toHaveLength(4 + 4 * defs.length);
  });
});

describe('the repository\'s own versions', () => {
  test('no definition types a package version; every version comes from the lock', () => {
    for (const file of fs.readdirSync(path.join(ROOT, 'extensions')).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(ROOT, 'extensions', file), 'utf8');
      expect(`${file}: ${/packageVersion|sqlVersion\s*:|\d+\.pgdg\d+/.test(text)}`).toBe(`${file}: false`);
    }
  });

  test('every lock entry says how it was obtained, and every declared build has one', () => {
    for (const entry of REPOSITORY_LOCK.entries) expect(['index', 'cited', 'derived', 'unresolved']).toContain(entry.source);
    const repo = repository(own(), REPOSITORY_LOCK);
    for (const image of repo.images) {
      for (const component of image.components) {
        for (const b of component.declaredBuilds) {
          expect(REPOSITORY_LOCK.entry({ extension: image.name, component: component.name, distro: b.distro, major: b.major })).toBeDefined();
        }
      }
    }
  });

  test('the e2e stand-in distro is locked from Debian\'s own index, never cited or derived', () => {
    const sid = REPOSITORY_LOCK.entries.filter((e) => e.distro === 'sid');
    expect(sid.length).toBeGreaterThan(0);
    for (const entry of sid) expect({ source: entry.source, suite: entry.index?.suite }).toEqual({ source: 'index', suite: 'sid' });
  });
});

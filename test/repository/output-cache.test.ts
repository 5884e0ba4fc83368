import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pgrouting } from '../../extensions/pgrouting';
import { ExtensionImageProps, ImagesLock, OperandCatalog, VersionsLock } from '../../src';
import { ExtensionRepository, ExtensionRepositoryProps } from '../../src/projen';
import { OUTPUTS_DIRECTORY, canonicalJson, libraryFingerprint } from '../../src/repository/output-cache';
import { definitions, lockWith, operands } from '../fixtures';

const SOURCE = 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk';
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function temporaryDirectory(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `output-cache-${label}-`));
  scratch.push(dir);
  return dir;
}

/** pgrouting requires postgis: a change to postgis changes pgrouting's files too. */
const BASE_DEFINITIONS: ExtensionImageProps[] = [definitions.pgvector, definitions.pgaudit, definitions.postgis, pgrouting];

function props(overrides: Partial<ExtensionRepositoryProps> = {}, defs: readonly ExtensionImageProps[] = BASE_DEFINITIONS): ExtensionRepositoryProps {
  return {
    definitions: defs.map((d) => ({ file: `extensions/${d.name}.ts`, props: d })),
    operands: operands(),
    versionsLock: lockWith(defs),
    source: SOURCE,
    registry: 'ghcr.io/cnpg-extensions-cdk',
    ...overrides,
  };
}

function entries(cache: string): Set<string> {
  const dir = path.join(cache, OUTPUTS_DIRECTORY);
  return new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
}

/** What a synthesis rendered rather than took from the cache. */
interface Rendered {
  /** How many extensions. */
  readonly extensions: number;
  /** Whether the catalogs. */
  readonly catalogs: boolean;
}

/**
 * Synthesizes with the cache and without it: the files must be the same, and
 * the entries the run added to the cache are what it rendered: the extensions,
 * and the catalogs (the entry whose files are under catalogs/).
 */
function renderedWith(cache: string, repositoryProps: ExtensionRepositoryProps): Rendered {
  const before = entries(cache);
  const cached = new ExtensionRepository({ ...repositoryProps, cacheDirectory: cache }).synthesize();
  const fresh = new ExtensionRepository(repositoryProps).synthesize();
  expect([...cached]).toEqual([...fresh]);
  const added = [...entries(cache)].filter((e) => !before.has(e))
    .map((e) => fs.readFileSync(path.join(cache, OUTPUTS_DIRECTORY, e), 'utf8'))
    .map((text) => (JSON.parse(text.slice(text.indexOf('\n') + 1)) as Array<[string, string]>).every(([file]) => file.startsWith('catalogs/')));
  return { extensions: added.filter((isCatalogs) => !isCatalogs).length, catalogs: added.includes(true) };
}

const ALL = { extensions: BASE_DEFINITIONS.length, catalogs: true };

describe('the cache of validated per-extension outputs', () => {
  let cache: string;
  beforeEach(() => {
    cache = temporaryDirectory('entries');
    expect(renderedWith(cache, props())).toEqual(ALL);
  });

  test('a second synthesis with the same inputs renders nothing and writes the same files', () => {
    expect(renderedWith(cache, props())).toEqual({ extensions: 0, catalogs: false });
  });

  test('a change to a definition renders that extension again, those that require it, and the catalogs', () => {
    const { pgaudit } = definitions;
    const pgvector = { ...definitions.pgvector, description: 'Vector similarity search, described anew' };
    expect(renderedWith(cache, props({}, [pgvector, pgaudit, definitions.postgis, pgrouting]))).toEqual({ extensions: 1, catalogs: true });
    const postgis = { ...definitions.postgis, homepage: 'https://postgis.net/documentation/' };
    expect(renderedWith(cache, props({}, [definitions.pgvector, pgaudit, postgis, pgrouting]))).toEqual({ extensions: 2, catalogs: true });
  });

  test('an extension removed renders the catalogs again, and nothing else', () => {
    expect(renderedWith(cache, props({}, [definitions.pgvector, definitions.postgis, pgrouting]))).toEqual({ extensions: 0, catalogs: true });
  });

  test("a change to an extension's versions lock entries renders it again", () => {
    const lock = lockWith(BASE_DEFINITIONS);
    // A rebuilt package: the same upstream (SQL) version, another Debian revision.
    const changed = lock.entries.filter((e) => e.extension === 'pgaudit')
      .map((e) => ({ ...e, packages: e.packages.map((p) => ({ ...p, version: `${p.version}+rebuild1` })) }));
    expect(renderedWith(cache, props({ versionsLock: lock.withEntries(changed) }))).toEqual({ extensions: 1, catalogs: true });
  });

  test('a change to a shared input renders every extension again: options, operand catalogs, images lock', () => {
    expect(renderedWith(cache, props({ registry: 'registry.example.com/extensions' }))).toEqual(ALL);
    expect(renderedWith(cache, props({ preferredDistro: 'bookworm' }))).toEqual(ALL);
    const catalogs = operands().documents.map((d) => ({ ...d, labels: { ...d.labels, 'example.com/changed': 'yes' } }));
    expect(renderedWith(cache, props({ operands: new OperandCatalog(catalogs) }))).toEqual(ALL);
    const imagesLock = new ImagesLock([{
      target: 'pgvector-18-trixie',
      repository: 'ghcr.io/cnpg-extensions-cdk/pgvector',
      tag: '18.1-0.8.6-trixie',
      digest: `sha256:${'a'.repeat(64)}`,
      platforms: ['linux/amd64'],
      inputs: `sha256:${'b'.repeat(64)}`,
      packages: [],
    }]);
    expect(renderedWith(cache, props({ imagesLock }))).toEqual(ALL);
  });

  test('a damaged entry is rendered again and replaced', () => {
    const dir = path.join(cache, OUTPUTS_DIRECTORY);
    const [first] = [...entries(cache)];
    fs.appendFileSync(path.join(dir, first), 'x');
    const before = fs.readFileSync(path.join(dir, first), 'utf8');
    expect(renderedWith(cache, props())).toEqual({ extensions: 0, catalogs: false }); // same key, rewritten in place
    expect(fs.readFileSync(path.join(dir, first), 'utf8')).not.toBe(before);
  });
});

describe('library fingerprint', () => {
  test('changes with any file of the library', () => {
    const copy = temporaryDirectory('library');
    fs.cpSync(path.join(__dirname, '..', '..', 'src'), copy, { recursive: true });
    const before = libraryFingerprint(copy);
    expect(libraryFingerprint(copy)).toBe(before);
    fs.appendFileSync(path.join(copy, 'render', 'dockerfile.ts'), '\n// changed\n');
    expect(libraryFingerprint(copy)).not.toBe(before);
  });
});

describe('canonicalJson', () => {
  test('writes plain data with sorted keys, so that key order does not matter', () => {
    expect(canonicalJson({ b: [1, 'x', null, true], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[1,"x",null,true]}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  test('tells an undefined field from a missing one', () => {
    expect(canonicalJson({ a: undefined })).not.toBe(canonicalJson({}));
  });

  test('refuses what JSON would write lossily: functions, class instances, non-finite numbers, cycles', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [{ f: () => 1 }, { d: new Date(0) }, { r: /x/ }, { v: VersionsLock }, { n: NaN }, { i: Infinity }, cycle, { s: Symbol('s') }]) {
      expect(canonicalJson(value)).toBeUndefined();
    }
  });

  test('an object met twice without a cycle is written both times', () => {
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../fixtures';

type ValidationModule = typeof import('../../src/validation/manifest-validation');

const CACHE_ENV = 'CNPG_EXTENSIONS_CDK_CACHE';
const API_VERSION = 'postgresql.cnpg.io/v1';
const CATALOG_REF = { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-trixie', major: 18 };

/** A fresh copy of the validation module (its per-process state empty) with the cache set to `cache`. */
function freshModule(cache: string): ValidationModule {
  const saved = process.env[CACHE_ENV];
  process.env[CACHE_ENV] = cache;
  let loaded: ValidationModule | undefined;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('../../src/validation/manifest-validation');
    });
    // The cache is opened on first use.
    loaded!.validateManifest({ apiVersion: API_VERSION, kind: 'Database', metadata: { name: 'warm-up' } });
  } finally {
    if (saved === undefined) delete process.env[CACHE_ENV];
    else process.env[CACHE_ENV] = saved;
  }
  return loaded!;
}

/** Manifests of every validated kind, valid and not, each breaking the schema, a list key, a CEL rule or an admission check. */
const MANIFESTS: object[] = [
  { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'pg' }, spec: { instances: 1, imageCatalogRef: CATALOG_REF } },
  { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'pg' }, spec: { instances: 1, imageCatalogRef: CATALOG_REF, unknownField: true } },
  { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'pg' }, spec: { instances: 'three', imageCatalogRef: CATALOG_REF } },
  { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'pg' }, spec: { instances: 1, imageName: 'x', imageCatalogRef: CATALOG_REF } },
  {
    apiVersion: API_VERSION,
    kind: 'Cluster',
    metadata: { name: 'pg' },
    spec: { instances: 1, imageCatalogRef: CATALOG_REF, postgresql: { extensions: [{ name: 'geo', image: { reference: 'r' } }, { name: 'geo', image: { reference: 's' } }] } },
  },
  {
    apiVersion: API_VERSION,
    kind: 'Cluster',
    metadata: { name: 'pg' },
    spec: { instances: 1, imageCatalogRef: CATALOG_REF, postgresql: { extensions: [{ name: 'geo', image: { reference: 'r' }, ld_library_path: ['../etc'] }] } },
  },
  { apiVersion: API_VERSION, kind: 'Database', metadata: { name: 'db' }, spec: { name: 'app', owner: 'app', cluster: { name: 'pg' } } },
  { apiVersion: API_VERSION, kind: 'Database', metadata: { name: 'db' }, spec: { name: 'app', cluster: { name: 'pg' }, ensure: 'maybe' } },
  { apiVersion: API_VERSION, kind: 'ClusterImageCatalog', metadata: { name: 'cat' }, spec: { images: [{ major: 18, image: 'i' }, { major: 18, image: 'j' }] } },
  { apiVersion: API_VERSION, kind: 'ClusterImageCatalog', metadata: { name: 'cat' }, spec: { images: [] } },
  { apiVersion: API_VERSION, kind: 'ImageCatalog', metadata: { name: 'cat' }, spec: { images: [{ major: '18', image: 'i' }] } },
  { apiVersion: 'postgresql.cnpg.io/v2', kind: 'Cluster', metadata: { name: 'pg' } },
];

/** The generated manifests the repository commits. */
function generatedManifests(): Array<[string, string]> {
  const list = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? list(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return ['catalogs', 'examples'].flatMap((sub) => list(path.join(ROOT, 'generated', sub)))
    // kustomization.yaml files are kustomize's, not CloudNativePG objects: test/render/kustomization.test.ts checks them.
    .filter((f) => f.endsWith('.yaml') && path.basename(f) !== 'kustomization.yaml')
    .sort().map((f) => [path.relative(ROOT, f), fs.readFileSync(f, 'utf8')]);
}

function issuesOf(module: ValidationModule): string[][] {
  return [
    ...MANIFESTS.map((m) => module.formatIssues(module.validateManifest(m))),
    ...generatedManifests().map(([file, text]) => module.formatIssues(module.validateManifests(text, file))),
  ];
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The cache entry directory: keyed by the CRD file's hash, this module's code and ajv's version. */
function entryDirectory(cache: string): string {
  const crd = fs.readFileSync(path.join(ROOT, 'vendor/cloudnative-pg/crds-1.30.0.yaml'));
  const module = fs.readFileSync(path.join(ROOT, 'src/validation/manifest-validation.ts'));
  const ajv = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/ajv/package.json'), 'utf8')).version;
  return path.join(cache, `validators-${sha256(`crd ${sha256(crd)}\nmodule ${sha256(module)}\najv ${ajv}\n`).slice(0, 32)}`);
}

/** A cache file as the cache writes it: the SHA-256 of the content, then the content. */
function cacheFile(content: string): string {
  return `sha256:${sha256(content)}\n${content}`;
}

describe('validator cache', () => {
  let cache: string;
  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-validators-'));
  });
  afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

  test('cold, warm and without a cache, every manifest gets the same issues', () => {
    const uncached = issuesOf(freshModule('off'));
    expect(uncached.filter((i) => i.length > 0).length).toBeGreaterThanOrEqual(MANIFESTS.length - 3);
    expect(uncached.slice(MANIFESTS.length).flat()).toEqual([]); // the generated manifests are valid
    expect(issuesOf(freshModule(cache))).toEqual(uncached);
    expect(issuesOf(freshModule(cache))).toEqual(uncached);
  });

  test('one entry per CRD file, keyed by its hash: its served kinds as JSON and a validator per kind validated', () => {
    issuesOf(freshModule(cache));
    expect(fs.readdirSync(cache)).toEqual([path.basename(entryDirectory(cache))]);
    expect(fs.readdirSync(entryDirectory(cache)).sort()).toEqual([
      'served-kinds.json',
      'validator-Cluster-postgresql.cnpg.io_v1.js',
      'validator-ClusterImageCatalog-postgresql.cnpg.io_v1.js',
      'validator-Database-postgresql.cnpg.io_v1.js',
      'validator-ImageCatalog-postgresql.cnpg.io_v1.js',
    ]);
    const kinds = fs.readFileSync(path.join(entryDirectory(cache), 'served-kinds.json'), 'utf8');
    expect(kinds.startsWith(`sha256:${sha256(kinds.slice(kinds.indexOf('\n') + 1))}\n`)).toBe(true);
  });

  test('a warm process uses the cached validator rather than compiling one', () => {
    freshModule(cache).validateManifest(MANIFESTS[0]);
    const file = path.join(entryDirectory(cache), 'validator-Cluster-postgresql.cnpg.io_v1.js');
    fs.writeFileSync(file, cacheFile(
      "'use strict';module.exports = v;module.exports.default = v;\n"
      + "function v() { v.errors = [{ keyword: 'const', instancePath: '/spec', params: {}, message: 'from the cache' }]; return false; }\n"));
    const warm = freshModule(cache);
    expect(warm.formatIssues(warm.validateManifest(MANIFESTS[0]))).toEqual(['Cluster/pg: spec: from the cache']);
  });

  test('a damaged entry is ignored, and replaced', () => {
    const expected = issuesOf(freshModule('off'));
    freshModule(cache).validateManifest(MANIFESTS[0]);
    const dir = entryDirectory(cache);
    fs.writeFileSync(path.join(dir, 'validator-Cluster-postgresql.cnpg.io_v1.js'), 'sha256:0000\nmodule.exports.default = () => true;\n');
    fs.writeFileSync(path.join(dir, 'served-kinds.json'), fs.readFileSync(path.join(dir, 'served-kinds.json'), 'utf8').slice(0, 1000));
    expect(issuesOf(freshModule(cache))).toEqual(expected);
    const replaced = fs.readFileSync(path.join(dir, 'validator-Cluster-postgresql.cnpg.io_v1.js'), 'utf8');
    expect(replaced).toBe(cacheFile(replaced.slice(replaced.indexOf('\n') + 1)));
    expect(replaced.length).toBeGreaterThan(10_000);
    expect(() => JSON.parse(fs.readFileSync(path.join(dir, 'served-kinds.json'), 'utf8').split('\n')[1])).not.toThrow();
  });

  test('validators are compiled (or loaded) once per process', () => {
    const module = freshModule(cache);
    module.validateManifest(MANIFESTS[0]);
    fs.rmSync(cache, { recursive: true, force: true });
    expect(module.formatIssues(module.validateManifest(MANIFESTS[1]))).toEqual(['Cluster/pg: spec.unknownField: unknown field']);
    expect(fs.existsSync(cache)).toBe(false); // nothing read, compiled or written again
  });

  test('an unwritable cache only costs the time it would have saved', () => {
    const file = path.join(cache, 'not-a-directory');
    fs.writeFileSync(file, '');
    expect(issuesOf(freshModule(file))).toEqual(issuesOf(freshModule('off')));
  });
});

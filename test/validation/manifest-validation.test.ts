import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Cluster } from '../../src/imports/cnpg-postgresql.cnpg.io';
import { loadExtensionDefinitions } from '../../src/repository/definition-loader';
import { addManifestValidation, addManifestValidationToAll, formatIssues, validateManifest, validateManifests } from '../../src/validation/manifest-validation';
import { ROOT, operands } from '../fixtures';

const API_VERSION = 'postgresql.cnpg.io/v1';
const CATALOG_REF = { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-trixie', major: 18 };

function cluster(spec: Record<string, unknown>) {
  return { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'pg' }, spec: { instances: 1, imageCatalogRef: CATALOG_REF, ...spec } };
}

function clusterWithExtension(extension: Record<string, unknown>) {
  return cluster({ postgresql: { extensions: [{ name: 'geo', ...extension }] } });
}

function database(spec: Record<string, unknown>) {
  return { apiVersion: API_VERSION, kind: 'Database', metadata: { name: 'pg-app' }, spec: { name: 'app', owner: 'app', cluster: { name: 'pg' }, ...spec } };
}

function catalog(images: unknown[]) {
  return { apiVersion: API_VERSION, kind: 'ClusterImageCatalog', metadata: { name: 'cat' }, spec: { images } };
}

/** The `x-kubernetes-validations` of a schema node of a vendored CRD. */
function crdRules(kind: string, ...schemaPath: string[]): Array<{ rule: string; message: string }> {
  const text = fs.readFileSync(path.join(ROOT, 'vendor/cloudnative-pg/crds-1.30.0.yaml'), 'utf8');
  const crd = parseAllDocuments(text).map((d) => d.toJS()).find((d) => d.spec.names.kind === kind);
  const node = schemaPath.reduce((schema, key) => schema.properties[key], crd.spec.versions[0].schema.openAPIV3Schema);
  return node['x-kubernetes-validations'];
}

function generatedManifests(): string[] {
  const dir = path.join(ROOT, 'generated');
  const examples = fs.readdirSync(path.join(dir, 'examples')).flatMap((name) =>
    fs.readdirSync(path.join(dir, 'examples', name)).map((file) => `examples/${name}/${file}`));
  // kustomization.yaml is kustomize's, not a CloudNativePG object: test/render/kustomization.test.ts checks it.
  return [...fs.readdirSync(path.join(dir, 'catalogs')).map((file) => `catalogs/${file}`), ...examples]
    .filter((f) => f.endsWith('.yaml') && path.basename(f) !== 'kustomization.yaml');
}

describe('generated manifests', () => {
  const files = generatedManifests();

  test('cover a catalog per operand distro and a Cluster and a Database per extension', () => {
    const distros = operands().documents.map((d) => d.distro);
    const extensions = loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT).map(({ props }) => props.name);
    expect(files.filter((f) => f.startsWith('catalogs/')).sort()).toEqual(distros.map((d) => `catalogs/catalog-minimal-${d}.yaml`).sort());
    expect(files.filter((f) => f.startsWith('examples/')).sort())
      .toEqual(extensions.flatMap((name) => [`examples/${name}/cluster.yaml`, `examples/${name}/database.yaml`]).sort());
  });

  test.each(files)('generated/%s validates with no issues', (file) => {
    const text = fs.readFileSync(path.join(ROOT, 'generated', file), 'utf8');
    expect(parseAllDocuments(text).length).toBeGreaterThan(0);
    expect(validateManifests(text, file)).toEqual([]);
  });
});

describe('CRD schema', () => {
  test('an unknown field in a Cluster spec is an error', () => {
    expect(validateManifest(cluster({ instancez: 3 }))).toEqual([{ object: 'Cluster/pg', path: 'spec.instancez', rule: 'unknown field' }]);
  });

  test('an extension name breaking the pattern is an error', () => {
    expect(validateManifest(clusterWithExtension({ name: 'PostGIS' }))).toEqual([{
      object: 'Cluster/pg', path: 'spec.postgresql.extensions[0].name', rule: 'must match pattern "^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$"',
    }]);
  });

  test('a Database without an owner is an error', () => {
    expect(validateManifest(database({ owner: undefined }))).toEqual([{ object: 'Database/pg-app', path: 'spec.owner', rule: 'is required' }]);
  });

  test('a Database extension with ensure: maybe is an error', () => {
    expect(validateManifest(database({ extensions: [{ name: 'vector', ensure: 'maybe' }] }))).toEqual([{
      object: 'Database/pg-app', path: 'spec.extensions[0].ensure', rule: 'must be one of "present", "absent"',
    }]);
  });

  test('entries of a list-map must differ in their keys', () => {
    const env = [{ name: 'GDAL_DATA', value: 'a' }, { name: 'GDAL_DATA', value: 'b' }];
    expect(validateManifest(clusterWithExtension({ env }))).toEqual([{
      object: 'Cluster/pg', path: 'spec.postgresql.extensions[0].env[1]', rule: 'duplicate entry: an earlier one has name="GDAL_DATA"',
    }]);
  });

  test('int-or-string fields take integers and strings only', () => {
    expect(validateManifest(cluster({ resources: { limits: { cpu: 2, memory: '1Gi' } } }))).toEqual([]);
    expect(validateManifest(cluster({ resources: { limits: { cpu: true } } }))).toEqual([
      { object: 'Cluster/pg', path: 'spec.resources.limits.cpu', rule: 'must be integer,string' },
    ]);
  });

  test('only the four vendored kinds at their served version, with a name', () => {
    expect(validateManifest({ apiVersion: API_VERSION, kind: 'Pooler', metadata: { name: 'p' } })).toEqual([
      { object: 'Pooler/p', path: 'kind', rule: 'must be one of Cluster, Database, ImageCatalog, ClusterImageCatalog' },
    ]);
    expect(validateManifest({ ...database({}), apiVersion: 'postgresql.cnpg.io/v2' })).toEqual([
      { object: 'Database/pg-app', path: 'apiVersion', rule: 'must be postgresql.cnpg.io/v1' },
    ]);
    expect(validateManifest({ ...database({}), metadata: {} })).toEqual([{ object: 'Database/?', path: 'metadata.name', rule: 'is required' }]);
  });
});

describe('a manifest is validated as the JSON the API server receives', () => {
  test('a field set to undefined is absent, as it would be on the wire', () => {
    expect(validateManifest(cluster({ bogus: undefined }))).toEqual([]);
    expect(validateManifest(database({ owner: undefined }))).toEqual([{ object: 'Database/pg-app', path: 'spec.owner', rule: 'is required' }]);
  });

  test('a manifest JSON cannot hold (a BigInt, a cycle) is one issue, not an exception', () => {
    expect(validateManifest(cluster({ instances: BigInt(1) }))).toEqual([
      { object: 'Cluster/pg', path: '', rule: 'cannot be sent as JSON: Do not know how to serialize a BigInt' },
    ]);
    const cyclic: Record<string, unknown> = database({});
    cyclic.self = cyclic;
    expect(validateManifest(cyclic)).toEqual([{ object: 'Database/pg-app', path: '', rule: expect.stringMatching(/^cannot be sent as JSON: Converting circular structure to JSON/) }]);
  });

  test('the manifest given is left as it is: defaults go into a copy', () => {
    const manifest = cluster({});
    const before = JSON.stringify(manifest);
    validateManifest(manifest);
    expect(JSON.stringify(manifest)).toBe(before);
  });

  test('the same manifest again gets the same issues, as copies its caller may change', () => {
    const first = validateManifest(cluster({ bogus: true }));
    expect(first).toEqual([{ object: 'Cluster/pg', path: 'spec.bogus', rule: 'unknown field' }]);
    (first[0] as { rule: string }).rule = 'changed by the caller';
    first.push({ object: 'x', path: 'y', rule: 'z' });
    expect(validateManifest(cluster({ bogus: true }))).toEqual([{ object: 'Cluster/pg', path: 'spec.bogus', rule: 'unknown field' }]);
  });

  test('many different manifests in a row are each validated on their own', () => {
    // More than the memo holds: an evicted manifest is validated again, with the same result.
    const names = Array.from({ length: 600 }, (_, i) => `pg${i}`);
    const issues = names.map((name, i) => validateManifest({ ...cluster(i % 2 === 0 ? { bogus: i } : {}), metadata: { name } }));
    expect(issues.filter((list) => list.length > 0)).toHaveLength(300);
    expect(validateManifest({ ...cluster({ bogus: 0 }), metadata: { name: 'pg0' } })).toEqual([{ object: 'Cluster/pg0', path: 'spec.bogus', rule: 'unknown field' }]);
    expect(validateManifest({ ...cluster({}), metadata: { name: 'pg1' } })).toEqual([]);
  });
});

describe('CRD CEL rules', () => {
  test('two images of the same major break the catalog CRD\'s CEL rule, which nothing else expresses', () => {
    const [unique] = crdRules('ClusterImageCatalog', 'spec', 'images');
    expect(unique.rule).toBe('self.all(e, self.filter(f, f.major==e.major).size() == 1)');
    expect(validateManifest(catalog([{ major: 18, image: 'a' }, { major: 18, image: 'b' }]))).toEqual([
      { object: 'ClusterImageCatalog/cat', path: 'spec.images', rule: unique.message },
    ]);
    expect(validateManifest(catalog([{ major: 17, image: 'a' }, { major: 18, image: 'b' }]))).toEqual([]);
  });

  test('the message comes from the vendored CRD, not from this project\'s code', () => {
    const messages = [...crdRules('ClusterImageCatalog', 'spec', 'images'), ...crdRules('Database', 'spec', 'name')].map((r) => r.message);
    const sources = fs.readdirSync(path.join(ROOT, 'src')).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(ROOT, 'src', f), 'utf8'));
    for (const message of messages) expect(sources.some((source) => source.includes(message))).toBe(false);
    expect(validateManifest(database({ name: 'postgres' }))).toEqual([
      { object: 'Database/pg-app', path: 'spec.name', rule: 'the name postgres is reserved' },
    ]);
  });

  test('rules bind self to their node: Cluster spec, imageCatalogRef and an integer field', () => {
    expect(validateManifest(cluster({ imageName: 'ghcr.io/cloudnative-pg/postgresql:18' }))).toEqual([
      { object: 'Cluster/pg', path: 'spec', rule: 'imageName and imageCatalogRef are mutually exclusive' },
    ]);
    expect(validateManifest(cluster({ imageCatalogRef: { ...CATALOG_REF, apiGroup: 'example.com' } }))).toEqual([
      { object: 'Cluster/pg', path: 'spec.imageCatalogRef', rule: 'Only image catalogs are supported' },
    ]);
    const synchronous = (number: number) => cluster({ postgresql: { synchronous: { method: 'any', number } } });
    expect(validateManifest(synchronous(0))).toEqual([
      { object: 'Cluster/pg', path: 'spec.postgresql.synchronous.number', rule: 'The number of synchronous replicas should be greater than zero' },
    ]);
    expect(validateManifest(synchronous(1))).toEqual([]);
  });

  test('transition rules (self == oldSelf) are skipped', () => {
    expect(crdRules('Database', 'spec', 'template')).toEqual([{ message: 'template is immutable', rule: 'self == oldSelf' }]);
    expect(validateManifest(database({ template: 'template0', encoding: 'UTF8' }))).toEqual([]);
  });

  test('as in the API server, a missing required field blocks the CEL rules, and only a valid object meets admission', () => {
    expect(validateManifest(database({ name: 'postgres', owner: undefined })).map((i) => i.path)).toEqual(['spec.owner']);
    const both = clusterWithExtension({ env: [{ name: 'PGDATA', value: 'x' }], pullPolicy: 'Always' });
    expect(validateManifest(both).map((i) => i.rule)).toEqual(['unknown field']);
  });
});

describe('extension admission', () => {
  const extensionPath = 'spec.postgresql.extensions[0]';

  test('extension names pg_ivm and pg-ivm collide', () => {
    expect(validateManifest(cluster({ postgresql: { extensions: [{ name: 'pg_ivm' }, { name: 'pg-ivm' }] } }))).toEqual([{
      object: 'Cluster/pg',
      path: 'spec.postgresql.extensions[1].name',
      rule: '"pg-ivm" collides with "pg_ivm": both become volume "ext-pg-ivm" once "_" is replaced by "-"',
    }]);
  });

  test.each(['CNPG_X', 'PGDATA', 'PATH', 'LD_LIBRARY_PATH'])('env name %s is reserved', (name) => {
    expect(validateManifest(clusterWithExtension({ env: [{ name, value: 'x' }] }))).toEqual([
      { object: 'Cluster/pg', path: `${extensionPath}.env[0].name`, rule: `"${name}" is reserved by CloudNativePG` },
    ]);
  });

  test('an unknown ${foo} placeholder is rejected at the env value', () => {
    expect(validateManifest(clusterWithExtension({ env: [{ name: 'DATA', value: '${foo}/data' }] }))).toEqual([{
      object: 'Cluster/pg', path: `${extensionPath}.env[0].value`, rule: expect.stringContaining('unknown placeholder "${foo}"'),
    }]);
  });

  test.each([
    ['../x', /escapes the image/],
    ['/abs', /is absolute/],
  ])('ld_library_path %s is not local', (entry, rule) => {
    expect(validateManifest(clusterWithExtension({ ld_library_path: [entry] }))).toEqual([
      { object: 'Cluster/pg', path: `${extensionPath}.ld_library_path[0]`, rule: expect.stringMatching(rule) },
    ]);
  });

  test('an empty extension_control_path is rejected', () => {
    expect(validateManifest(clusterWithExtension({ extension_control_path: [] }))).toEqual([{
      object: 'Cluster/pg', path: `${extensionPath}.extension_control_path`, rule: 'must be a non-empty list of paths relative to the image root',
    }]);
  });

  test('duplicate paths are rejected', () => {
    expect(validateManifest(clusterWithExtension({ dynamic_library_path: ['lib', 'lib'] }))).toEqual([
      { object: 'Cluster/pg', path: `${extensionPath}.dynamic_library_path[1]`, rule: '"lib" is listed twice; paths must be unique' },
    ]);
  });

  test('without imageCatalogRef, an extension needs image.reference', () => {
    const spec = { instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:18-minimal-trixie', postgresql: { extensions: [{ name: 'geo' }] } };
    expect(validateManifest({ ...cluster({}), spec })).toEqual([{
      object: 'Cluster/pg', path: `${extensionPath}.image.reference`, rule: 'is required: "geo" has no image catalog to take its image from',
    }]);
  });

  test('catalog entries are checked per image', () => {
    const images = [{ major: 17, image: 'a' }, { major: 18, image: 'b', extensions: [{ name: 'geo', env: [{ name: 'PGHOST', value: 'x' }] }] }];
    expect(validateManifest(catalog(images)).map((i) => i.path)).toEqual(['spec.images[1].extensions[0].image.reference', 'spec.images[1].extensions[0].env[0].name']);
  });
});

describe('validateManifests and formatIssues', () => {
  test('validate every document and format one line per issue, with the source', () => {
    const text = [cluster({ instancez: 3 }), database({ owner: undefined })].map((m) => JSON.stringify(m)).join('\n---\n');
    expect(formatIssues(validateManifests(text, 'app.yaml'))).toEqual([
      'app.yaml: Cluster/pg: spec.instancez: unknown field',
      'app.yaml: Database/pg-app: spec.owner: is required',
    ]);
  });

  test('report YAML syntax errors and non-objects by document number', () => {
    expect(validateManifests('a: [1\n', 'bad.yaml')).toEqual([expect.objectContaining({ object: 'document 1', source: 'bad.yaml' })]);
    expect(formatIssues(validateManifests('---\n---\n42\n'))).toEqual(['document 2: must be a Kubernetes object']);
  });
});

describe('construct validation', () => {
  const catalogRef = { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-trixie', major: 18 };

  test('synthYaml fails naming the object, the field path and the rule of a reserved env name', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    const pg = new Cluster(chart, 'pg', {
      metadata: { name: 'shop-db' },
      spec: { instances: 1, imageCatalogRef: catalogRef, postgresql: { extensions: [{ name: 'geo', env: [{ name: 'PGDATA', value: '/data' }] }] } },
    });
    addManifestValidation(pg);
    expect(() => app.synthYaml()).toThrow('[shop/pg] Cluster/shop-db: spec.postgresql.extensions[0].env[0].name: "PGDATA" is reserved by CloudNativePG');
  });

  test('addManifestValidationToAll covers CloudNativePG objects added later, and only those', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    addManifestValidationToAll(chart);
    new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { anything: 'goes' } });
    new ApiObject(chart, 'pg', { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'shop-db' }, spec: { instances: 1, imageCatalogRef: catalogRef } });
    expect(() => app.synthYaml()).not.toThrow();

    new ApiObject(chart, 'replica', { apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: 'shop-replica' }, spec: { instances: 1, imageCatalogRef: catalogRef, replicas: 2 } });
    expect(() => app.synthYaml()).toThrow('shop/replica: Cluster/shop-replica: spec.replicas: unknown field');
  });
});

import { ExtensionConfigurationJson, catalogAdmissionIssues, clusterAdmissionIssues, extensionAdmissionIssues } from '../../src/validation/extension-admission';

const withCatalog = { path: 'extensions', hasImageCatalog: true };
const withoutCatalog = { path: 'extensions', hasImageCatalog: false };
const issuesOf = (entry: Partial<ExtensionConfigurationJson>) => extensionAdmissionIssues([{ name: 'geo', ...entry }], withCatalog);

describe('extensionAdmissionIssues', () => {
  test('accepts a full configuration, with ${image_root} and an escaped $${', () => {
    expect(extensionAdmissionIssues([{
      name: 'postgis',
      image: { reference: 'registry.local/postgis:1' },
      extension_control_path: ['share', 'pgrouting/share'],
      dynamic_library_path: ['lib'],
      ld_library_path: ['system'],
      bin_path: ['bin'],
      env: [{ name: 'PROJ_DATA', value: '${image_root}/share/proj' }, { name: 'LITERAL', value: '$${HOME}' }],
    }], withoutCatalog)).toEqual([]);
  });

  test('names that become the same volume name collide; the later one is reported', () => {
    expect(extensionAdmissionIssues([{ name: 'pg_ivm' }, { name: 'pgvector' }, { name: 'pg-ivm' }], withCatalog)).toEqual([{
      path: 'extensions[2].name',
      rule: '"pg-ivm" collides with "pg_ivm": both become volume "ext-pg-ivm" once "_" is replaced by "-"',
    }]);
    expect(extensionAdmissionIssues([{ name: 'geo' }, { name: 'geo' }], withCatalog)).toEqual([
      { path: 'extensions[1].name', rule: '"geo" is declared twice; extension names must be unique' },
    ]);
  });

  test('the image reference is required only when no catalog supplies it', () => {
    const entries = [{ name: 'geo' }, { name: 'vector', image: { reference: 'registry.local/vector:1' } }];
    expect(extensionAdmissionIssues(entries, withCatalog)).toEqual([]);
    expect(extensionAdmissionIssues(entries, withoutCatalog)).toEqual([
      { path: 'extensions[0].image.reference', rule: 'is required: "geo" has no image catalog to take its image from' },
    ]);
  });

  test('path lists must be non-empty lists of unique paths inside the image', () => {
    expect(issuesOf({ extension_control_path: [] })).toEqual([
      { path: 'extensions[0].extension_control_path', rule: 'must be a non-empty list of paths relative to the image root' },
    ]);
    expect(issuesOf({ dynamic_library_path: ['lib', 'lib'] })).toEqual([
      { path: 'extensions[0].dynamic_library_path[1]', rule: '"lib" is listed twice; paths must be unique' },
    ]);
    expect(issuesOf({ ld_library_path: ['system', '../x'] })).toEqual([
      { path: 'extensions[0].ld_library_path[1]', rule: expect.stringMatching(/"\.\.\/x" escapes the image/) },
    ]);
    expect(issuesOf({ bin_path: ['/abs'] })).toEqual([
      { path: 'extensions[0].bin_path[0]', rule: '"/abs" is absolute; paths are relative to the image root' },
    ]);
  });

  test('reports reserved names at the name and unknown placeholders at the value, for every variable', () => {
    expect(issuesOf({ env: [{ name: 'OK', value: 'x' }, { name: 'PGDATA', value: '${foo}/data' }, { name: 'CNPG_X', value: 'y' }] })).toEqual([
      { path: 'extensions[0].env[1].name', rule: '"PGDATA" is reserved by CloudNativePG' },
      { path: 'extensions[0].env[1].value', rule: expect.stringContaining('unknown placeholder "${foo}"') },
      { path: 'extensions[0].env[2].name', rule: '"CNPG_X" is reserved by CloudNativePG' },
    ]);
  });

  test('collects the issues of every entry', () => {
    const issues = extensionAdmissionIssues([{ name: 'a', bin_path: [] }, { name: 'b', env: [{ name: 'PATH', value: 'x' }] }], withoutCatalog);
    expect(issues.map((i) => i.path)).toEqual([
      'extensions[0].image.reference', 'extensions[0].bin_path', 'extensions[1].image.reference', 'extensions[1].env[0].name',
    ]);
  });
});

describe('per kind', () => {
  test('a Cluster has a catalog when it sets imageCatalogRef', () => {
    const spec = { postgresql: { extensions: [{ name: 'geo' }] } };
    expect(clusterAdmissionIssues({ spec: { ...spec, imageCatalogRef: { name: 'c' } } })).toEqual([]);
    expect(clusterAdmissionIssues({ spec }).map((i) => i.path)).toEqual(['spec.postgresql.extensions[0].image.reference']);
    expect(clusterAdmissionIssues({ spec: {} })).toEqual([]);
  });

  test('catalog entries are checked per image and always need an image reference', () => {
    const catalog = { spec: { images: [{ extensions: [{ name: 'geo', image: { reference: 'r' } }] }, {}, { extensions: [{ name: 'geo' }] }] } };
    expect(catalogAdmissionIssues(catalog)).toEqual([
      { path: 'spec.images[2].extensions[0].image.reference', rule: 'is required: "geo" has no image catalog to take its image from' },
    ]);
  });
});

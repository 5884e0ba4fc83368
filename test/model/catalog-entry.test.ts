import { App, Chart } from 'cdk8s';
import { CatalogEntry, DEFAULT_REGISTRY, OperandImageCatalog, TagPolicy } from '../../src';
import { REPOSITORY_LOCK, definitions, imageOf, operands } from '../fixtures';

describe('CatalogEntry', () => {
  const trixie18 = operands().image('trixie', 18)!;

  test('references the most specific rolling tag of its build', () => {
    const image = imageOf(definitions.pgvector);
    const entry = new CatalogEntry({ extension: image, operand: trixie18 });
    expect(entry.imageReference).toBe(`${DEFAULT_REGISTRY}/pgvector:18.6-0.8.4-trixie`);
    expect(entry.toCatalogExtension()).toEqual({ name: 'pgvector', image: { reference: entry.imageReference } });
  });

  test('follows the tag policy and registry, and carries paths and env of the definition', () => {
    const image = imageOf(definitions.postgis);
    const entry = new CatalogEntry({ extension: image, operand: trixie18, registry: 'registry.example.com:5000/db', tagPolicy: TagPolicy.EXTENSION_FIRST });
    expect(entry.toCatalogExtension()).toEqual({
      name: 'postgis',
      image: { reference: 'registry.example.com:5000/db/postgis-extension:3.6.1-18-trixie' },
      ldLibraryPath: ['system'],
      env: [{ name: 'GDAL_DATA', value: '${image_root}/share/gdal' }, { name: 'PROJ_DATA', value: '${image_root}/share/proj' }],
    });
  });

  test('rejects a distro and major the extension is not built for, and bad registries', () => {
    const image = imageOf(definitions.pgvector);
    expect(() => new CatalogEntry({ extension: image, operand: operands().image('trixie', 17)! })).toThrow(/no build for trixie\/17/);
    expect(() => new CatalogEntry({ extension: image, operand: trixie18, registry: 'ghcr.io/Acme Corp' })).toThrow(/registry/);
  });
});

describe('OperandImageCatalog', () => {
  test('adds entries to the image of their major only, and keeps the operand images', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const document = operands().documents.find((d) => d.distro === 'trixie')!;
    const catalog = new OperandImageCatalog(chart, 'catalog', { catalog: document });
    for (const props of Object.values(definitions)) {
      const image = imageOf(props);
      catalog.addEntry(new CatalogEntry({ extension: image, operand: operands().image('trixie', 18)! }));
    }
    const json = catalog.apiObject.toJson();
    expect(json.kind).toBe('ClusterImageCatalog');
    expect(json.metadata).toEqual({ name: 'postgresql-minimal-trixie', labels: document.labels });
    expect(json.spec.images.map((i: any) => i.image)).toEqual(document.images.map((i) => i.reference));
    const pg18 = json.spec.images.find((i: any) => i.major === 18);
    expect(pg18.extensions.map((e: any) => e.name)).toEqual(['pgaudit', 'pgvector', 'postgis']);
    expect(pg18.extensions[2].ld_library_path).toEqual(['system']);
    expect(json.spec.images.filter((i: any) => i.extensions).length).toBe(1);
  });

  test('refuses an entry of another distro and a colliding name', () => {
    const chart = new Chart(new App(), 'c');
    const catalog = new OperandImageCatalog(chart, 'catalog', { catalog: operands().documents.find((d) => d.distro === 'trixie')! });
    const image = imageOf(definitions.pgvector);
    expect(() => catalog.addEntry(new CatalogEntry({ extension: image, operand: operands().image('bookworm', 18)! }))).toThrow(/for trixie/);
    catalog.addEntry(new CatalogEntry({ extension: imageOf({ ...definitions.pgvector, name: 'pg_x' }), operand: operands().image('trixie', 18)! }));
    expect(() => catalog.addEntry(new CatalogEntry({ extension: imageOf({ ...definitions.pgvector, name: 'pg-x' }), operand: operands().image('trixie', 18)! })))
      .toThrow(/collides with "pg_x"/);
  });
});

describe('CatalogEntry.upgradableFrom', () => {
  test('lists what the lock read from the packages, or why it could not', () => {
    const image = imageOf(definitions.pgvector, REPOSITORY_LOCK);
    image.components[0].addBuildFromLock(REPOSITORY_LOCK, 'pgvector', { distro: 'sid', major: 18 });
    const lockEntry = REPOSITORY_LOCK.entry({ extension: 'pgvector', component: 'pgvector', distro: 'sid', major: 18 })!;
    const sid = new CatalogEntry({ extension: image, operand: { ...operands().image('trixie', 18)!, distro: 'sid' } });
    expect(sid.upgradableFrom).toEqual([{ component: 'pgvector', sqlName: 'vector', version: lockEntry.sqlVersion, from: lockEntry.upgradableFrom }]);
    const trixie = new CatalogEntry({ extension: image, operand: operands().image('trixie', 18)! });
    expect(trixie.upgradableFrom).toEqual([{ component: 'pgvector', sqlName: 'vector', version: '0.8.6', unresolved: expect.stringMatching(/^a cited pin/) }]);
    // Not created with CREATE EXTENSION: nothing to update.
    const plugin = imageOf({ ...definitions.pgvector, createExtension: false });
    expect(new CatalogEntry({ extension: plugin, operand: operands().image('trixie', 18)! }).upgradableFrom).toEqual([]);
  });
});

import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { geospatial } from '../../extensions/geospatial';
import { pgCron } from '../../extensions/pg_cron';
import { wal2json } from '../../extensions/wal2json';
import { CatalogEntry, ClusterExtension, ExtensionImage, OperandImageCatalog, addManifestValidation, addManifestValidationToAll } from '../../src';
import { Cluster, Database } from '../../src/imports/cnpg-postgresql.cnpg.io';
import { definitions, imageOf, operands } from '../fixtures';

const CATALOG = 'postgresql-minimal-trixie';

/** An App with a Cluster "pg" (chart "c", namespace "db") taking its images from `catalog` at `major`, and its Database "app". */
function setup(options: { major?: number; catalog?: string; postgresql?: Record<string, unknown> } = {}) {
  const app = new App();
  const chart = new Chart(app, 'c', { namespace: 'db' });
  const cluster = new Cluster(chart, 'cluster', {
    metadata: { name: 'pg' },
    spec: {
      instances: 1,
      imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: options.catalog ?? CATALOG, major: options.major ?? 18 },
      storage: { size: '1Gi' },
      ...(options.postgresql ? { postgresql: options.postgresql } : {}),
    },
  });
  const database = new Database(chart, 'db', { metadata: { name: 'app' }, spec: { name: 'app', owner: 'app', cluster: { name: 'pg' } } });
  return { app, chart, cluster, database };
}

/** The operand catalog of trixie as an OperandImageCatalog in a chart of its own (cluster-scoped objects need no namespace), with entries for `images`. */
function trixieCatalog(
  app: App, images: ExtensionImage[], props: { chart?: string; name?: string; namespace?: string; namespaced?: boolean } = {},
): OperandImageCatalog {
  const chart = new Chart(app, props.chart ?? 'catalogs', { namespace: props.namespace });
  const catalog = new OperandImageCatalog(chart, 'trixie', { catalog: operands().documents.find((d) => d.distro === 'trixie')!, name: props.name, namespaced: props.namespaced });
  images.forEach((image) => catalog.addEntry(new CatalogEntry({ extension: image, operand: operands().image('trixie', 18)! })));
  return catalog;
}

/** The lines of the validation error synthesis throws, each "[construct path] message"; none when it succeeds. */
function synthErrors(app: App): string[] {
  try {
    app.synthYaml();
    return [];
  } catch (error) {
    const [heading, ...lines] = (error as Error).message.split('\n');
    expect(heading).toBe('Validation failed with the following errors:');
    return lines.map((line) => line.trim());
  }
}

/** A logical decoding plugin like wal2json, named `name`, that needs `wal_level`. */
function plugin(name: string, walLevel: string): ExtensionImage {
  return imageOf({ ...definitions.pgvector, name, sqlName: name, createExtension: false, files: { lib: [`${name}.so`] }, postgresqlParameters: { wal_level: walLevel } });
}

/** pgRouting's stand-in: an extension that requires postgis. */
const routing = () => imageOf({ ...definitions.pgvector, name: 'pgrouting', sqlName: 'pgrouting', requiredExtensions: ['postgis'] });

describe('a correct app', () => {
  test('synthesizes without addManifestValidationToAll, its catalog in the same App carrying every extension', () => {
    const { app, chart, cluster, database } = setup();
    const [vector, audit, cron] = [imageOf(definitions.pgvector), imageOf(definitions.pgaudit), imageOf(pgCron)];
    new ClusterExtension(chart, 'vector', { cluster, database, extension: vector });
    new ClusterExtension(chart, 'audit', { cluster, database, extension: audit });
    new ClusterExtension(chart, 'cron', { cluster, database, extension: cron });
    trixieCatalog(app, [vector, audit, cron]);
    expect(synthErrors(app)).toEqual([]);
    expect(cluster.toJson().spec.postgresql.extensions).toEqual([{ name: 'pgvector' }, { name: 'pgaudit' }, { name: 'pg_cron' }]);
    expect(cluster.toJson().spec.postgresql.parameters).toEqual({ 'cron.database_name': 'app' });
  });
});

describe('a correct app without a catalog', () => {
  test('takes a required extension from the entry its own ClusterExtension wrote first, and synthesizes', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const cluster = new Cluster(chart, 'cluster', { metadata: { name: 'pg' }, spec: { instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:18-minimal-trixie', storage: { size: '1Gi' } } });
    const postgis = imageOf(definitions.postgis);
    expect(() => new ClusterExtension(chart, 'undecided', { cluster, extension: postgis, major: 18, imageReference: 'r.example/postgis:1' }))
      .toThrow('c/undecided: distro: postgis is built for bookworm, trixie on PostgreSQL 18, and the Cluster names no catalog; set distro to the Cluster\'s');
    expect(() => new ClusterExtension(chart, 'early', { cluster, extension: routing(), requires: [postgis], major: 18, distro: 'trixie', imageReference: 'r.example/pgrouting:1' }))
      .toThrow('c/early: requires: Cluster pg uses no image catalog: add postgis with its own ClusterExtension and imageReference before pgrouting');
    new ClusterExtension(chart, 'gis', { cluster, extension: postgis, major: 18, distro: 'trixie', imageReference: 'r.example/postgis:1' });
    new ClusterExtension(chart, 'routing', { cluster, extension: routing(), requires: [postgis], major: 18, distro: 'trixie', imageReference: 'r.example/pgrouting:1' });
    expect(synthErrors(app)).toEqual([]);
    expect(cluster.toJson().spec.postgresql.extensions.map((e: { name: string; image: unknown }) => [e.name, e.image]))
      .toEqual([['postgis', { reference: 'r.example/postgis:1' }], ['pgrouting', { reference: 'r.example/pgrouting:1' }]]);
  });
});

describe('ClusterExtension validates the objects it amends by default', () => {
  test('an issue of the Cluster itself is blamed on the Cluster, once, however many extensions amend it', () => {
    const { app, chart, cluster, database } = setup({ postgresql: { extensions: [{ name: 'custom', image: { reference: 'r.example/custom:1' }, env: [{ name: 'PGDATA', value: '/x' }] }] } });
    new ClusterExtension(chart, 'vector', { cluster, database, extension: imageOf(definitions.pgvector) });
    new ClusterExtension(chart, 'audit', { cluster, database, extension: imageOf(definitions.pgaudit) });
    expect(synthErrors(app)).toEqual(['[c/cluster] Cluster/pg: spec.postgresql.extensions[0].env[0].name: "PGDATA" is reserved by CloudNativePG']);
  });

  test('an issue that appears with an extension is blamed on that extension, even when the Cluster changed after it was added', () => {
    const { app, chart, cluster } = setup();
    new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector) });
    new ClusterExtension(chart, 'cron', { cluster, extension: imageOf(pgCron) });
    cluster.addJsonPatch(JsonPatch.add('/spec/postgresql', { extensions: [{ name: 'pg-cron', image: { reference: 'r.example/cron:1' } }] }));
    expect(synthErrors(app)).toEqual([
      '[c/cron] Cluster/pg: spec.postgresql.extensions[2].name: "pg_cron" collides with "pg-cron": both become volume "ext-pg-cron" once "_" is replaced by "-"',
    ]);
  });

  test('a later change to the Cluster that contradicts an extension\'s parameters fails synthesis, blamed on the extension; toJson keeps the Cluster\'s value', () => {
    const { app, chart, cluster } = setup({ postgresql: { parameters: { work_mem: '8MB' } } });
    new ClusterExtension(chart, 'w', { cluster, extension: imageOf(wal2json) });
    cluster.addJsonPatch(JsonPatch.add('/spec/postgresql/parameters/wal_level', 'replica'));
    expect(cluster.toJson().spec.postgresql.parameters.wal_level).toBe('replica');
    expect(synthErrors(app)).toEqual(['[c/w] Cluster/pg: spec.postgresql.parameters.wal_level: wal2json needs wal_level=logical, but the Cluster sets "replica"']);
  });

  test('with addManifestValidationToAll or addManifestValidation too, each issue is still reported once, and other objects are still validated', () => {
    const { app, chart, cluster, database } = setup({ postgresql: { extensions: [{ name: 'custom', image: { reference: 'r.example/custom:1' }, env: [{ name: 'PGDATA', value: '/x' }] }] } });
    new ClusterExtension(chart, 'cron', { cluster, database, extension: imageOf(pgCron) });
    cluster.addJsonPatch(JsonPatch.add('/spec/postgresql/extensions/-', { name: 'pg-cron', image: { reference: 'r.example/cron:1' } }));
    new ApiObject(chart, 'orphan', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Database', metadata: { name: 'orphan' }, spec: { name: 'orphan', cluster: { name: 'pg' } } });
    addManifestValidation(cluster);
    addManifestValidationToAll(app);
    expect(synthErrors(app)).toEqual([
      '[] c/orphan: Database/orphan: spec.owner: is required',
      '[c/cluster] Cluster/pg: spec.postgresql.extensions[0].env[0].name: "PGDATA" is reserved by CloudNativePG',
      '[c/cron] Cluster/pg: spec.postgresql.extensions[2].name: "pg_cron" collides with "pg-cron": both become volume "ext-pg-cron" once "_" is replaced by "-"',
    ]);
  });

  test('an entry the Cluster gets after the extension, of the same name but another image, fails synthesis rather than dropping the extension\'s', () => {
    const { app, chart, cluster } = setup();
    new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector), imageReference: 'registry.example.com/pgvector:1' });
    cluster.addJsonPatch(JsonPatch.add('/spec/postgresql', { extensions: [{ name: 'pgvector', image: { reference: 'r.example/old:1' } }] }));
    expect(cluster.toJson().spec.postgresql.extensions).toEqual([{ name: 'pgvector', image: { reference: 'r.example/old:1' } }]);
    expect(synthErrors(app)).toEqual(['[c/vector] Cluster/pg: spec.postgresql.extensions: has a different "pgvector" entry; CloudNativePG keeps one entry per name, so this one is lost']);
  });

  test('works on plain ApiObjects too, and leaves objects it does not amend alone', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const cluster = new ApiObject(chart, 'cluster', {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg' },
      spec: { instances: 1, imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: CATALOG, major: 18 }, storage: { size: '1Gi' }, bogus: true },
    });
    new ApiObject(chart, 'other', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'other' }, spec: { bogus: true } });
    new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector) });
    expect(synthErrors(app)).toEqual(['[c/cluster] Cluster/pg: spec.bogus: unknown field']);
  });
});

describe('each SQL extension comes from one image across every ClusterExtension on a Cluster', () => {
  test('postgis and then the geospatial bundle, which contains postgis: the bundle, added second, is refused, and the Cluster keeps only postgis', () => {
    const { chart, cluster, database } = setup();
    new ClusterExtension(chart, 'gis', { cluster, database, extension: imageOf(definitions.postgis) });
    expect(() => new ClusterExtension(chart, 'geo', { cluster, database, extension: imageOf(geospatial) })).toThrow(
      'c/geo: extension: geospatial and postgis both provide SQL extension "postgis" to Cluster pg (postgis is added by ClusterExtension c/gis); '
      + 'a Cluster may take each SQL extension from one image only, as PostgreSQL loads the first it finds in extension_control_path');
    expect(cluster.toJson().spec.postgresql.extensions).toEqual([{ name: 'postgis' }]);
    expect(database.toJson().spec.extensions.map((e: { name: string }) => e.name)).toEqual(['postgis']);
  });

  test('in the other order, postgis is the one refused', () => {
    const { chart, cluster } = setup();
    new ClusterExtension(chart, 'geo', { cluster, extension: imageOf(geospatial) });
    expect(() => new ClusterExtension(chart, 'gis', { cluster, extension: imageOf(definitions.postgis) }))
      .toThrow(/^c\/gis: extension: postgis and geospatial both provide SQL extension "postgis" to Cluster pg \(geospatial is added by ClusterExtension c\/geo\)/);
  });

  test('the same image, required by one ClusterExtension and added by another, is one entry', () => {
    const { app, chart, cluster, database } = setup();
    const postgis = imageOf(definitions.postgis);
    new ClusterExtension(chart, 'routing', { cluster, database, extension: routing(), requires: [postgis] });
    new ClusterExtension(chart, 'gis', { cluster, database, extension: postgis });
    expect(synthErrors(app)).toEqual([]);
    expect(cluster.toJson().spec.postgresql.extensions).toEqual([{ name: 'postgis' }, { name: 'pgrouting' }]);
  });
});

describe('the Cluster\'s catalog, when it is in the same App', () => {
  test('must carry the extension for the Cluster\'s major; a catalog added after the extension counts', () => {
    const { app, chart, cluster } = setup();
    const vector = imageOf(definitions.pgvector);
    new ClusterExtension(chart, 'vector', { cluster, extension: vector });
    const catalog = trixieCatalog(app, [imageOf(definitions.pgaudit)]);
    expect(synthErrors(app)).toEqual([
      `[c/vector] extension: catalog ClusterImageCatalog ${CATALOG} (catalogs/trixie/Resource) has no extension "pgvector" for major 18, `
      + 'so CloudNativePG would find no image for it; add its CatalogEntry to the catalog, or give imageReference',
    ]);
    catalog.addEntry(new CatalogEntry({ extension: vector, operand: operands().image('trixie', 18)! }));
    expect(synthErrors(app)).toEqual([]);
  });

  test('a required extension taken from the catalog must be there too, blamed on the ClusterExtension that added it', () => {
    const { app, chart, cluster } = setup();
    const [postgis, pgrouting] = [imageOf(definitions.postgis), routing()];
    new ClusterExtension(chart, 'routing', { cluster, extension: pgrouting, requires: [postgis] });
    new ClusterExtension(chart, 'gis', { cluster, extension: postgis });
    trixieCatalog(app, [pgrouting]);
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[c\/routing\] extension: catalog ClusterImageCatalog \S+ \(catalogs\/trixie\/Resource\) has no extension "postgis" for major 18/)]);
  });

  test('an extension with its own imageReference needs no catalog entry', () => {
    const { app, chart, cluster } = setup();
    new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector), imageReference: 'registry.example.com/pgvector:1' });
    trixieCatalog(app, []);
    expect(synthErrors(app)).toEqual([]);
  });

  test('an ImageCatalog counts only in the Cluster\'s namespace', () => {
    const { app, chart, cluster } = setup();
    cluster.addJsonPatch(JsonPatch.replace('/spec/imageCatalogRef/kind', 'ImageCatalog'));
    new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector) });
    trixieCatalog(app, [], { chart: 'elsewhere', namespace: 'other', namespaced: true });
    expect(synthErrors(app)).toEqual([]);
    trixieCatalog(app, [], { chart: 'here', namespace: 'db', namespaced: true });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[c\/vector\] extension: catalog ImageCatalog postgresql-minimal-trixie \(here\/trixie\/Resource\) has no extension "pgvector"/)]);
  });

  test('must hold operand images of the extension\'s distro', () => {
    const { app, chart, cluster } = setup({ catalog: 'shared' });
    const vector = imageOf(definitions.pgvector);
    new ClusterExtension(chart, 'vector', { cluster, extension: vector, distro: 'bookworm' });
    trixieCatalog(app, [vector], { chart: 'shared', name: 'shared' });
    expect(synthErrors(app)).toEqual([
      '[c/vector] distro: is bookworm, but catalog ClusterImageCatalog shared (shared/trixie/Resource) holds trixie operand images; an extension must match its operand\'s distro',
    ]);
  });
});

describe('PostgreSQL major', () => {
  test('image volume extensions need PostgreSQL 18: on 17 the error says so, with or without a distro', () => {
    for (const distro of [undefined, 'trixie']) {
      const { chart, cluster } = setup({ major: 17 });
      expect(() => new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector), distro })).toThrow(
        'c/vector: cluster.spec.imageCatalogRef.major: Cluster pg runs PostgreSQL 17, but image volume extensions need PostgreSQL 18 or later (extension_control_path); '
        + 'no distro or image reference can change that');
    }
  });

  test('a major given for a Cluster without a catalog is checked too, and must agree with the catalog\'s', () => {
    const chart = new Chart(new App(), 'c');
    const plain = new Cluster(chart, 'cluster', { metadata: { name: 'pg' }, spec: { instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:17-minimal-trixie' } });
    expect(() => new ClusterExtension(chart, 'vector', { cluster: plain, extension: imageOf(definitions.pgvector), major: 17, imageReference: 'r.example/pgvector:1' }))
      .toThrow(/^c\/vector: major: Cluster pg runs PostgreSQL 17, but image volume extensions need PostgreSQL 18 or later/);
    const { chart: c2, cluster } = setup();
    expect(() => new ClusterExtension(c2, 'vector', { cluster, extension: imageOf(definitions.pgvector), major: 19 }))
      .toThrow('c/vector: major: is 19, but Cluster pg runs PostgreSQL 18 (spec.imageCatalogRef.major); the extension would be built for the wrong major');
  });

  test('a major the extension is not built for names the extension, not the distro', () => {
    const { chart, cluster } = setup({ major: 19 });
    expect(() => new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector) }))
      .toThrow('c/vector: extension: pgvector has no build for PostgreSQL 19 (it has bookworm/18, trixie/18); add one to its definition and versions lock');
  });

  test('a Cluster moved to another major after the extension was added fails synthesis', () => {
    const { app, chart, cluster } = setup();
    new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector) });
    cluster.addJsonPatch(JsonPatch.replace('/spec/imageCatalogRef/major', 19));
    expect(synthErrors(app)).toEqual(['[c/vector] cluster.spec.imageCatalogRef.major: is 19, but the extension was added for PostgreSQL 18; add it again for the new major']);
  });
});

describe('imageReference', () => {
  test.each(['', '  '])('refuses %j, with or without a catalog', (reference) => {
    const { chart, cluster } = setup();
    expect(() => new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector), imageReference: reference })).toThrow(
      'c/vector: imageReference: is empty, so CloudNativePG would have no image to mount for pgvector; give its image, or leave imageReference out to take it from the Cluster\'s image catalog');
    const plain = new Cluster(chart, 'plain', { metadata: { name: 'plain' }, spec: { instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:18-minimal-trixie' } });
    expect(() => new ClusterExtension(chart, 'plain-vector', { cluster: plain, extension: imageOf(definitions.pgvector), major: 18, imageReference: reference }))
      .toThrow(/^c\/plain-vector: imageReference: is empty/);
  });
});

describe('the Database', () => {
  test('of another Cluster is refused, and nothing is set on this one (no cron.database_name)', () => {
    const { chart, cluster } = setup();
    const other = new Database(chart, 'other-db', { metadata: { name: 'other-app' }, spec: { name: 'app', owner: 'app', cluster: { name: 'other' } } });
    expect(() => new ClusterExtension(chart, 'cron', { cluster, database: other, extension: imageOf(pgCron) }))
      .toThrow('c/cron: database.spec.cluster.name: Database other-app belongs to Cluster "other", not to Cluster pg, which the extension is added to');
    expect(cluster.toJson().spec.postgresql).toBeUndefined();
    expect(other.toJson().spec.extensions).toBeUndefined();
  });

  test('of another namespace is refused', () => {
    const { app, chart, cluster } = setup();
    const elsewhere = new Database(new Chart(app, 'elsewhere', { namespace: 'other' }), 'db', { metadata: { name: 'app' }, spec: { name: 'app', owner: 'app', cluster: { name: 'pg' } } });
    expect(() => new ClusterExtension(chart, 'cron', { cluster, database: elsewhere, extension: imageOf(pgCron) })).toThrow(
      'c/cron: database.metadata.namespace: Database app is in namespace "other", but Cluster pg is in "db"; a Database reaches only a Cluster of its own namespace');
  });

  test('moved to another Cluster after the extension was added fails synthesis', () => {
    const { app, chart, cluster, database } = setup();
    new ClusterExtension(chart, 'cron', { cluster, database, extension: imageOf(pgCron) });
    database.addJsonPatch(JsonPatch.replace('/spec/cluster/name', 'other'));
    expect(synthErrors(app)).toEqual(['[c/cron] database.spec.cluster.name: Database app belongs to Cluster "other", not to Cluster pg, which the extension is added to']);
  });
});

describe('a clash between two extensions is blamed on the one added second, naming the first', () => {
  test('conflicting parameters', () => {
    const { chart, cluster } = setup();
    new ClusterExtension(chart, 'first', { cluster, extension: plugin('first', 'logical') });
    expect(() => new ClusterExtension(chart, 'second', { cluster, extension: plugin('second', 'replica') }))
      .toThrow('c/second: postgresqlParameters.wal_level: second needs wal_level=replica, but ClusterExtension c/first sets "logical"');
  });

  test('names that become the same volume', () => {
    const { chart, cluster } = setup();
    new ClusterExtension(chart, 'a', { cluster, extension: imageOf({ ...definitions.pgvector, name: 'pg_vec' }) });
    expect(() => new ClusterExtension(chart, 'b', { cluster, extension: imageOf({ ...definitions.pgvector, name: 'pg-vec', sqlName: 'other' }) })).toThrow(
      'c/b: extension: "pg-vec" collides with "pg_vec": both become volume "ext-pg-vec" once "_" is replaced by "-" (Cluster pg has "pg_vec" from ClusterExtension c/a)');
  });

  test('an image given its own reference after another ClusterExtension took it from the catalog', () => {
    const { chart, cluster } = setup();
    const postgis = imageOf(definitions.postgis);
    new ClusterExtension(chart, 'routing', { cluster, extension: routing(), requires: [postgis] });
    expect(() => new ClusterExtension(chart, 'gis', { cluster, extension: postgis, imageReference: 'registry.example.com/postgis:1' })).toThrow(
      'c/gis: extension: Cluster pg already has a different "postgis" entry (from ClusterExtension c/routing); CloudNativePG keeps one entry per name, so this one would be lost');
  });

  test('database name parameters naming two Databases', () => {
    const { chart, cluster, database } = setup();
    new ClusterExtension(chart, 'cron', { cluster, database, extension: imageOf(pgCron) });
    const jobs = new Database(chart, 'jobs', { metadata: { name: 'jobs' }, spec: { name: 'jobs', owner: 'app', cluster: { name: 'pg' } } });
    expect(() => new ClusterExtension(chart, 'cron-jobs', { cluster, database: jobs, extension: imageOf(pgCron) })).toThrow(
      'c/cron-jobs: databaseNameParameters: pg_cron is created in database "jobs", so cron.database_name must name it, but ClusterExtension c/cron sets "app"');
  });

  test('a distro that contradicts the catalog the Cluster names', () => {
    const { chart, cluster } = setup();
    expect(() => new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector), distro: 'bookworm' })).toThrow(
      `c/vector: distro: is "bookworm", but Cluster pg takes its images from catalog ${CATALOG}, which is for trixie; an extension must match its operand's distro`);
  });
});

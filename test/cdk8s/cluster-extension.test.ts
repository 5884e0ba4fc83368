import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { geospatial } from '../../extensions/geospatial';
import { pgCron } from '../../extensions/pg_cron';
import { pgSqueeze } from '../../extensions/pg_squeeze';
import { wal2json } from '../../extensions/wal2json';
import { ClusterExtension } from '../../src';
import { Cluster, Database } from '../../src/imports/cnpg-postgresql.cnpg.io';
import { REPOSITORY_LOCK, definitions, imageOf } from '../fixtures';

function setup(spec: Record<string, unknown> = {}) {
  const chart = new Chart(new App(), 'c', { namespace: 'db' });
  const cluster = new Cluster(chart, 'cluster', {
    metadata: { name: 'pg' },
    spec: { instances: 3, imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-trixie', major: 18 }, storage: { size: '1Gi' }, ...spec },
  });
  const database = new Database(chart, 'db', { metadata: { name: 'app' }, spec: { name: 'app', owner: 'app', cluster: { name: 'pg' } } });
  return { chart, cluster, database };
}

describe('ClusterExtension', () => {
  test('with a catalog, enables the extension by name and adds preload libraries; the Database creates it at its SQL version', () => {
    const { chart, cluster, database } = setup();
    const ext = new ClusterExtension(chart, 'audit', { cluster, database, extension: imageOf(definitions.pgaudit) });
    expect(ext.imageBuild.distro).toBe('trixie');
    const spec = cluster.toJson().spec;
    expect(spec.postgresql.extensions).toEqual([{ name: 'pgaudit' }]);
    expect(spec.postgresql.shared_preload_libraries).toEqual(['pgaudit']);
    expect(spec.instances).toBe(3);
    expect(database.toJson().spec.extensions).toEqual([{ name: 'pgaudit', version: '18.0' }]);
  });

  test('keeps what the Cluster already has and adds several extensions in order', () => {
    const { chart, cluster, database } = setup({ postgresql: { sharedPreloadLibraries: ['pg_stat_statements'], parameters: { work_mem: '8MB' }, extensions: [{ name: 'other' }] } });
    new ClusterExtension(chart, 'vector', { cluster, database, extension: imageOf(definitions.pgvector) });
    new ClusterExtension(chart, 'audit', { cluster, database, extension: imageOf(definitions.pgaudit) });
    const pg = cluster.toJson().spec.postgresql;
    expect(pg.extensions.map((e: any) => e.name)).toEqual(['other', 'pgvector', 'pgaudit']);
    expect(pg.shared_preload_libraries).toEqual(['pg_stat_statements', 'pgaudit']);
    expect(pg.parameters).toEqual({ work_mem: '8MB' });
    expect(database.toJson().spec.extensions.map((e: any) => e.name)).toEqual(['vector', 'pgaudit']);
  });

  test('required extensions come first, in the Cluster and in the Database', () => {
    const { chart, cluster, database } = setup();
    const postgis = imageOf(definitions.postgis);
    const routing = imageOf({ ...definitions.pgvector, name: 'pgrouting', sqlName: 'pgrouting', requiredExtensions: ['postgis'] });
    new ClusterExtension(chart, 'routing', { cluster, database, extension: routing, requires: [postgis] });
    expect(cluster.toJson().spec.postgresql.extensions.map((e: any) => e.name)).toEqual(['postgis', 'pgrouting']);
    expect(database.toJson().spec.extensions).toEqual([{ name: 'postgis', version: '3.6.1' }, { name: 'pgrouting', version: '4.0.2' }]);
    expect(() => new ClusterExtension(chart, 'again', { cluster, extension: routing })).toThrow(/requires extension "postgis"/);
  });

  test('without a catalog, writes the full ExtensionConfiguration with the given image', () => {
    const chart = new Chart(new App(), 'c');
    const cluster = new Cluster(chart, 'cluster', { metadata: { name: 'pg' }, spec: { instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:18.1-minimal-trixie' } });
    new ClusterExtension(chart, 'gis', { cluster, extension: imageOf(definitions.postgis), major: 18, distro: 'trixie', imageReference: 'registry.local/postgis:1' });
    expect(cluster.toJson().spec.postgresql.extensions).toEqual([{
      name: 'postgis',
      image: { reference: 'registry.local/postgis:1' },
      ld_library_path: ['system'],
      env: [{ name: 'GDAL_DATA', value: '${image_root}/share/gdal' }, { name: 'PROJ_DATA', value: '${image_root}/share/proj' }],
    }]);
    expect(() => new ClusterExtension(chart, 'vector', { cluster, extension: imageOf(definitions.pgvector), major: 18 })).toThrow(/image reference is required/);
  });

  test('an extension without CREATE EXTENSION stays out of the Database; conflicting parameters are refused', () => {
    const { chart, cluster, database } = setup({ postgresql: { parameters: { wal_level: 'replica' } } });
    const plugin = imageOf({ ...definitions.pgvector, name: 'wal2json', createExtension: false, files: { lib: ['wal2json.so'] }, postgresqlParameters: { wal_level: 'logical' } });
    expect(() => new ClusterExtension(chart, 'w', { cluster, database, extension: plugin })).toThrow(/needs wal_level=logical, but Cluster pg sets "replica"/);
    const { chart: c2, cluster: cl2, database: db2 } = setup();
    new ClusterExtension(c2, 'w', { cluster: cl2, database: db2, extension: plugin });
    expect(cl2.toJson().spec.postgresql.parameters).toEqual({ wal_level: 'logical' });
    expect(db2.toJson().spec.extensions).toBeUndefined();
  });

  test('refuses objects that are not CloudNativePG Clusters', () => {
    const chart = new Chart(new App(), 'c');
    const notCluster = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(() => new ClusterExtension(chart, 'x', { cluster: notCluster, extension: imageOf(definitions.pgvector) })).toThrow(/must be a postgresql.cnpg.io\/v1 Cluster/);
  });

  test('a bundle is one Cluster entry; the Database creates each of its extensions in order', () => {
    const { chart, cluster, database } = setup();
    const ext = new ClusterExtension(chart, 'geo', { cluster, database, extension: imageOf(geospatial) });
    expect(ext.imageBuild.version).toBe('3.6.1_4.0.2');
    expect(cluster.toJson().spec.postgresql.extensions).toEqual([{ name: 'geospatial' }]);
    expect(database.toJson().spec.extensions).toEqual([{ name: 'postgis', version: '3.6.1' }, { name: 'pgrouting', version: '4.0.2' }]);
  });

  test('refuses two images that provide the same extension', () => {
    const { chart, cluster } = setup();
    const bundle = imageOf({ ...geospatial, name: 'vectors', components: [{ ...definitions.pgvector, name: 'a' }, { ...definitions.pgvector, name: 'b', sqlName: 'other' }] });
    const again = imageOf({ ...definitions.pgvector, name: 'again', requiredExtensions: ['vectors'] });
    expect(() => new ClusterExtension(chart, 'x', { cluster, extension: again, requires: [bundle] })).toThrow(/c\/x: extension: again and vectors both provide SQL extension "vector"/);
  });

  test('library list parameters merge across extensions and with the Cluster\'s own value', () => {
    const { chart, cluster, database } = setup({ postgresql: { parameters: { output_plugin_libraries: 'pgoutput' } } });
    new ClusterExtension(chart, 'w', { cluster, database, extension: imageOf(wal2json) });
    new ClusterExtension(chart, 's', { cluster, database, extension: imageOf(pgSqueeze) });
    expect(cluster.toJson().spec.postgresql.parameters).toEqual({ wal_level: 'logical', output_plugin_libraries: 'pgoutput, test_decoding, wal2json, pg_squeeze' });
    expect(cluster.toJson().spec.postgresql.shared_preload_libraries).toEqual(['pg_squeeze']);
  });

  test('database name parameters name the Database the extension is created in, and must not contradict the Cluster', () => {
    const { chart, cluster, database } = setup();
    new ClusterExtension(chart, 'cron', { cluster, database, extension: imageOf(pgCron) });
    expect(cluster.toJson().spec.postgresql.parameters).toEqual({ 'cron.database_name': 'app' });
    expect(database.toJson().spec.extensions).toEqual([{ name: 'pg_cron', version: '1.6' }]);
    const { chart: c2, cluster: cl2 } = setup({ postgresql: { parameters: { 'cron.database_name': 'postgres' } } });
    const other = new Database(c2, 'jobs', { metadata: { name: 'jobs' }, spec: { name: 'jobs', owner: 'app', cluster: { name: 'pg' } } });
    expect(() => new ClusterExtension(c2, 'cron', { cluster: cl2, database: other, extension: imageOf(pgCron) }))
      .toThrow(/pg_cron is created in database "jobs", so cron.database_name must name it, but Cluster pg sets "postgres"/);
    const { chart: c3, cluster: cl3 } = setup();
    new ClusterExtension(c3, 'cron', { cluster: cl3, extension: imageOf(pgCron) });
    expect(cl3.toJson().spec.postgresql.parameters).toBeUndefined();
  });
});

describe('ClusterExtension: the Database version against what the image reaches', () => {
  /** pgvector with its sid/18 build from the repository's lock, whose update scripts were read from the real package. */
  function sidImage() {
    const image = imageOf(definitions.pgvector);
    image.components[0].addBuildFromLock(REPOSITORY_LOCK, 'pgvector', { distro: 'sid', major: 18 });
    return image;
  }
  function sidSetup(extensions?: unknown[]) {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'db' });
    const cluster = new Cluster(chart, 'cluster', { metadata: { name: 'pg' }, spec: { instances: 1, storage: { size: '1Gi' } } });
    const database = new Database(chart, 'db', { metadata: { name: 'app' }, spec: { name: 'app', owner: 'app', cluster: { name: 'pg' }, ...(extensions ? { extensions: extensions as any } : {}) } });
    const add = () => new ClusterExtension(chart, 'vec', { cluster, database, extension: sidImage(), distro: 'sid', major: 18, imageReference: 'registry.example.com/pgvector:0.8.7' });
    return { app, database, add };
  }
  const locked = REPOSITORY_LOCK.entry({ extension: 'pgvector', component: 'pgvector', distro: 'sid', major: 18 })!;

  test('a version the image updates from is refused, saying to raise it, and the image\'s own version passes', () => {
    expect(locked.upgradableFrom).toContain('0.8.6');
    expect(() => sidSetup([{ name: 'vector', version: '0.8.6' }]).add()).toThrow(
      'c/vec: database.spec.extensions[0].version: is "0.8.6", but the sid/18 image installs and reaches only SQL version 0.8.7 of vector; '
      + 'a database at 0.8.6 reaches it with ALTER EXTENSION vector UPDATE: set version to "0.8.7"');
    const ok = sidSetup([{ name: 'vector', version: '0.8.7' }]);
    ok.add();
    expect(ok.app.synthYaml()).toContain('version: 0.8.7');
    // ensure: absent drops the extension; its version is not a target.
    sidSetup([{ name: 'vector', version: '0.1.0', ensure: 'absent' }]).add();
  });

  test('a version no update script leads from is refused, listing the versions that do', () => {
    expect(locked.upgradableFrom).not.toContain('0.0.9');
    expect(() => sidSetup([{ name: 'vector', version: '0.0.9' }]).add())
      .toThrow(/database\.spec\.extensions\[0\]\.version: is "0\.0\.9", .*its update scripts reach 0\.8\.7 only from 0\.1\.0, 0\.1\.1, .* and \d+ more, so a database at 0\.0\.9 cannot be updated with it/);
  });

  test('a Database changed after the ClusterExtension stops synthesis, naming the construct and the field', () => {
    const { app, database, add } = sidSetup();
    add();
    database.addJsonPatch(JsonPatch.add('/spec/extensions', [{ name: 'vector', version: '0.8.5' }]));
    expect(() => app.synthYaml()).toThrow(/\[c\/vec\] database\.spec\.extensions\[0\]\.version: is "0\.8\.5", but the sid\/18 image installs and reaches only SQL version 0\.8\.7 of vector/);
  });

  test('where the lock could not read the update scripts, the message says so instead of guessing', () => {
    const { chart, cluster, database } = setup();
    database.addJsonPatch(JsonPatch.add('/spec/extensions', [{ name: 'vector', version: '0.8.3' }]));
    const image = imageOf(definitions.pgvector, REPOSITORY_LOCK);
    expect(() => new ClusterExtension(chart, 'vec', { cluster, database, extension: image }))
      .toThrow(/version: is "0\.8\.3", but the trixie\/18 image installs and reaches only SQL version 0\.8\.6 of vector; whether a database at 0\.8\.3 can be updated to it is unknown \(a cited pin: its package is not read here/);
  });
});

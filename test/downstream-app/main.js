// A downstream team's cdk8s app: its own Cluster (a plain ApiObject, not our
// imported class), extensions from the published package, YAML on stdout.
const { ApiObject, App, Chart } = require('cdk8s');
const { ClusterExtension, ExtensionImage, addManifestValidationToAll } = require('cnpg-extensions-cdk');
const { pgaudit, pgvector, postgis, versionsLock } = require('cnpg-extensions-cdk/extensions');

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const cluster = new ApiObject(chart, 'cluster', {
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'shop-db' },
  spec: {
    instances: 3,
    imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-bookworm', major: 18 },
    storage: { size: '20Gi' },
    postgresql: {
      shared_preload_libraries: ['pg_stat_statements'],
      // BAD=1: a hand-written extension entry that CloudNativePG would reject.
      ...(process.env.BAD ? { extensions: [{ name: 'custom', image: { reference: 'r.example/custom:1' }, env: [{ name: 'PGDATA', value: '/x' }] }] } : {}),
    },
  },
});
const database = new ApiObject(chart, 'db', {
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Database',
  metadata: { name: 'shop-db-app' },
  spec: { name: 'app', owner: 'app', cluster: { name: 'shop-db' } },
});
for (const definition of [pgvector, pgaudit, postgis]) {
  const extension = new ExtensionImage(definition);
  // The package's versions lock says which exact packages each image was built from.
  extension.addBuildsFromLock(versionsLock);
  new ClusterExtension(chart, definition.name, { cluster, database, extension });
}
// The same validation as the library's own synthesis: CRD schema, CEL rules, webhook checks.
addManifestValidationToAll(app);
process.stdout.write(app.synthYaml());

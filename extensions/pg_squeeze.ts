import { ExtensionImageProps } from '../src';

/** pg_squeeze: online table compaction through logical decoding, run by background workers. */
export const pgSqueeze: ExtensionImageProps = {
  name: 'pg_squeeze',
  description: 'Remove unused space from PostgreSQL tables without exclusive locks',
  homepage: 'https://github.com/cybertec-postgresql/pg_squeeze',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-squeeze'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_squeeze.so'],
    extension: ['pg_squeeze.control', 'pg_squeeze--*.sql'],
  },
  sharedPreloadLibraries: ['pg_squeeze'],
  postgresqlParameters: {
    wal_level: 'logical',
    // pg_squeeze decodes the table's concurrent changes with itself as the output plugin, which
    // since PostgreSQL 18.6 must be listed here; the default is 'pgoutput, test_decoding'.
    output_plugin_libraries: 'pgoutput, test_decoding, pg_squeeze',
  },
  // The control file's default_version has only major.minor: 1.9 for 1.9.4.
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // squeeze_table returns once a worker has rewritten the table, and raises the worker's error otherwise.
  smokeTest: { sql: "SELECT 'squeezed' FROM squeeze.squeeze_table('squeeze', 'errors')", expected: 'squeezed' },
};

import { ExtensionImageProps } from '../src';

/** pglogical: scaffolded by new-extension from postgresql-18-pglogical 2.4.8-2. */
export const pglogical: ExtensionImageProps = {
  name: 'pglogical',
  description: 'Logical Replication Extension for PostgreSQL',
  homepage: 'https://github.com/2ndQuadrant/pglogical',
  packages: ['postgresql-{major}-pglogical'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pglogical.so', 'pglogical_output.so'],
    extension: ['pglogical.control', 'pglogical--*.sql', 'pglogical_origin.control', 'pglogical_origin--*.sql'],
    bin: ['pglogical_create_subscriber'],
  },
  sharedPreloadLibraries: ['pglogical'],
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The preloaded library answers with its version.
  smokeTest: {
    sql: "SELECT pglogical.pglogical_version() LIKE '2.%'",
    expected: 't',
  },
};

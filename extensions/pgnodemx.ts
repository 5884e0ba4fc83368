import { ExtensionImageProps } from '../src';

/** pgnodemx: scaffolded by new-extension from postgresql-18-pgnodemx 2.0.1-1. */
export const pgnodemx: ExtensionImageProps = {
  name: 'pgnodemx',
  description: 'capture node OS metrics from PostgreSQL',
  homepage: 'https://github.com/pgnodemx/pgnodemx',
  packages: ['postgresql-{major}-pgnodemx'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL', 'Apache-2.0'],
  files: {
    lib: ['pgnodemx.so'],
    extension: [
      'pg_proctab.control',
      'pg_proctab--*.sql',
      'pg_proctab--*.control',
      'pgnodemx.control',
      'pgnodemx--*.sql',
    ],
  },
  sharedPreloadLibraries: ['pgnodemx'],
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Reads the server's own executable path through the library.
  smokeTest: {
    sql: "SELECT exec_path() LIKE '%postgres'",
    expected: 't',
  },
};

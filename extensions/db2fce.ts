import { ExtensionImageProps } from '../src';

/** db2fce: scaffolded by new-extension from postgresql-18-db2fce 0.0.17-1. */
export const db2fce: ExtensionImageProps = {
  name: 'db2fce',
  description: 'DB2 compatibility environment for PostgreSQL',
  homepage: 'https://github.com/credativ/db2fce',
  packages: ['postgresql-{major}-db2fce'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    extension: ['db2fce.control', 'db2fce--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A DB2 compatibility function.
  smokeTest: {
    sql: "SELECT db2.lcase('DB2')",
    expected: 'db2',
  },
};

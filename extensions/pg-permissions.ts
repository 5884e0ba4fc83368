import { ExtensionImageProps } from '../src';

/** pg-permissions: scaffolded by new-extension from postgresql-18-pg-permissions 1.4.1-1. */
export const pgPermissions: ExtensionImageProps = {
  name: 'pg-permissions',
  sqlName: 'pg_permissions',
  description: 'see all permissions in a PostgreSQL database',
  homepage: 'https://github.com/cybertec-postgresql/pg_permissions',
  packages: ['postgresql-{major}-pg-permissions'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    extension: ['pg_permissions.control', 'pg_permissions--*.sql'],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The permission views read the catalogs.
  smokeTest: {
    sql: 'SELECT count(*) > 0 FROM database_permissions',
    expected: 't',
  },
};

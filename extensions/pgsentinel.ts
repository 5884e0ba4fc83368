import { ExtensionImageProps } from '../src';

/** pgsentinel: scaffolded by new-extension from postgresql-18-pgsentinel 1.5.1-1. */
export const pgsentinel: ExtensionImageProps = {
  name: 'pgsentinel',
  description: 'PostgreSQL extension pgsentinel',
  homepage: 'https://github.com/pgsentinel/pgsentinel',
  packages: ['postgresql-{major}-pgsentinel'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pgsentinel.so'],
    extension: ['pgsentinel.control', 'pgsentinel--*.sql'],
  },
  sharedPreloadLibraries: ['pgsentinel'],
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The active session history in shared memory can be read.
  smokeTest: {
    sql: 'SELECT count(*) >= 0 FROM pg_active_session_history',
    expected: 't',
  },
};

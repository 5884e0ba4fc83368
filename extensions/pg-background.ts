import { ExtensionImageProps } from '../src';

/** pg-background: scaffolded by new-extension from postgresql-18-pg-background 2.0.3-1. */
export const pgBackground: ExtensionImageProps = {
  name: 'pg-background',
  sqlName: 'pg_background',
  description: 'Background SQL extension for PostgreSQL',
  homepage: 'https://github.com/vibhorkum/pg_background',
  packages: ['postgresql-{major}-pg-background'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_background.so'],
    extension: ['pg_background.control', 'pg_background--*.sql'],
  },
  sharedPreloadLibraries: ['pg_background'],
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A query run in a background worker, its result read back.
  smokeTest: {
    sql: "SELECT r.x FROM pg_background_launch('SELECT 42') h, pg_background_result(h.pid, h.cookie) AS r(x int)",
    expected: '42',
  },
};

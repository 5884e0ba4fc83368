import { ExtensionImageProps } from '../src';

/** show-plans: scaffolded by new-extension from postgresql-18-show-plans 2.1.8-1. */
export const showPlans: ExtensionImageProps = {
  name: 'show-plans',
  sqlName: 'pg_show_plans',
  description: 'Show query plans of currently running PostgreSQL statements',
  homepage: 'https://github.com/cybertec-postgresql/pg_show_plans',
  packages: ['postgresql-{major}-show-plans'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_show_plans.so'],
    extension: ['pg_show_plans.control', 'pg_show_plans--*.sql'],
  },
  sharedPreloadLibraries: ['pg_show_plans'],
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The plan of the running query is visible.
  smokeTest: {
    sql: 'SELECT count(*) > 0 FROM pg_show_plans',
    expected: 't',
  },
};

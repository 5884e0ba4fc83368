import { ExtensionImageProps } from '../src';

/** pg-stat-plans: scaffolded by new-extension from postgresql-18-pg-stat-plans 2.1.1-1. */
export const pgStatPlans: ExtensionImageProps = {
  name: 'pg-stat-plans',
  sqlName: 'pg_stat_plans',
  description: 'Track per-plan call counts, execution times and EXPLAIN texts in PostgreSQL',
  homepage: 'https://github.com/pganalyze/pg_stat_plans',
  packages: ['postgresql-{major}-pg-stat-plans'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_stat_plans.so'],
    extension: ['pg_stat_plans.control', 'pg_stat_plans--*.sql'],
  },
  sharedPreloadLibraries: ['pg_stat_plans'],
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The shared-memory statistics of the preloaded library can be read.
  smokeTest: {
    sql: 'SELECT count(*) >= 0 FROM pg_stat_plans',
    expected: 't',
  },
};

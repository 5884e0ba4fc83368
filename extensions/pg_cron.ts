import { ExtensionImageProps } from '../src';

/** pg_cron: cron-based job scheduler, run by a preloaded background worker. */
export const pgCron: ExtensionImageProps = {
  name: 'pg_cron',
  description: 'Run periodic jobs in PostgreSQL with cron syntax',
  homepage: 'https://github.com/citusdata/pg_cron',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-cron'],
  licenses: ['PostgreSQL', 'Vixie-Cron'],
  licenseExceptions: [{
    license: 'Vixie-Cron',
    name: 'pg_cron-vixie-cron',
    reason: "Only the cron expression parser (entry.c, misc.c) is Paul Vixie's; his license allows free redistribution with the notice kept, which the image does in its copyright file",
  }],
  files: {
    lib: ['pg_cron.so'],
    extension: ['pg_cron.control', 'pg_cron--*.sql'],
  },
  sharedPreloadLibraries: ['pg_cron'],
  // CREATE EXTENSION pg_cron works only in this database, where the jobs live too.
  databaseNameParameters: ['cron.database_name'],
  // The control file's default_version has only major.minor: 1.6 for 1.6.8.
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // The launcher runs, and a job can be scheduled and unscheduled.
  smokeTest: {
    sql: "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_cron launcher') || ' ' || cron.schedule('cnpg-smoke', '0 3 * * *', 'VACUUM') || ' ' || cron.unschedule('cnpg-smoke')",
    expected: '1 1 true',
  },
};

import { ExtensionImageProps } from '../src';

/** pg-stat-kcache: scaffolded by new-extension from postgresql-18-pg-stat-kcache 2.3.2-1. */
export const pgStatKcache: ExtensionImageProps = {
  name: "pg-stat-kcache",
  sqlName: "pg_stat_kcache",
  description: "PostgreSQL extension to gather per-query kernel statistics",
  homepage: "https://powa.readthedocs.io/",
  packages: ["postgresql-{major}-pg-stat-kcache"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["pg_stat_kcache.so"],
    extension: ["pg_stat_kcache.control", "pg_stat_kcache--*.sql"],
  },
  // pg_stat_kcache reads pg_stat_statements' query IDs, so that (from the operand image) loads first.
  sharedPreloadLibraries: ["pg_stat_statements", "pg_stat_kcache"],
  stripLibdirPrefix: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // The kernel statistics in shared memory can be read.
  smokeTest: {
    sql: "SELECT count(*) >= 0 FROM pg_stat_kcache()",
    expected: "t",
  },
};

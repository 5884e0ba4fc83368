import { ExtensionImageProps } from '../src';

/** pg_hint_plan: planner hints in SQL comments; the library must be loaded for hints to apply. */
export const pgHintPlan: ExtensionImageProps = {
  name: 'pg_hint_plan',
  description: 'Tweak PostgreSQL execution plans using hints in SQL comments',
  homepage: 'https://github.com/ossc-db/pg_hint_plan',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pg-hint-plan'],
  // NTT's license is the BSD 3-clause text; core.c, make_join_rel.c and query_scan.l come from PostgreSQL.
  licenses: ['BSD-3-Clause', 'PostgreSQL'],
  files: {
    lib: ['pg_hint_plan.so'],
    extension: ['pg_hint_plan.control', 'pg_hint_plan--*.sql'],
  },
  sharedPreloadLibraries: ['pg_hint_plan'],
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // LIMIT 1 without ORDER BY returns the first row of the plan: with the hinted index scan the
  // smallest relname, with the sequential scan PostgreSQL picks unhinted the first row on disk.
  smokeTest: {
    sql: "/*+ IndexScan(c pg_class_relname_nsp_index) */ SELECT relname FROM pg_class c WHERE relname > '' LIMIT 1",
    expected: '_pg_foreign_data_wrappers',
  },
};

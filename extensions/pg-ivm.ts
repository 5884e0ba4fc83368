import { ExtensionImageProps } from '../src';

/** pg_ivm: incrementally maintained materialized views. */
export const pgIvm: ExtensionImageProps = {
  name: 'pg-ivm',
  sqlName: 'pg_ivm',
  description: 'Incremental View Maintenance (IVM) for PostgreSQL',
  homepage: 'https://github.com/sraoss/pg_ivm',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pg-ivm'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_ivm.so'],
    extension: ['pg_ivm.control', 'pg_ivm--*.sql'],
  },
  sharedPreloadLibraries: ['pg_ivm'],
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // An IMMV over pg_ivm's own catalog: create_immv registers it, fills it (with itself) and
  // get_immv_def deparses its query, all in the library.
  smokeTest: {
    sql: "SELECT pgivm.create_immv('pg_ivm_smoke', 'SELECT immvrelid FROM pgivm.pg_ivm_immv') || ': ' || btrim(regexp_replace(pgivm.get_immv_def('pg_ivm_smoke'::text::regclass), '\\s+', ' ', 'g'))",
    expected: '1: SELECT immvrelid FROM pgivm.pg_ivm_immv',
  },
};

import { ExtensionImageProps } from '../src';

/** HypoPG: hypothetical indexes. */
export const hypopg: ExtensionImageProps = {
  name: 'hypopg',
  description: 'Hypothetical indexes for PostgreSQL',
  homepage: 'https://github.com/HypoPG/hypopg',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-hypopg'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['hypopg.so'],
    extension: ['hypopg.control', 'hypopg--*.sql'],
  },
  // The scripts name '$libdir/hypopg' in AS instead of MODULE_PATHNAME.
  stripLibdirPrefix: true,
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // The name carries the hypothetical index's OID, which varies: strip it.
  smokeTest: {
    sql: "SELECT regexp_replace(indexname, '^<[0-9]+>', '') || ' ' || (hypopg_relation_size(indexrelid) > 0) FROM hypopg_create_index('CREATE INDEX ON pg_class (relname)')",
    expected: 'btree_pg_class_relname true',
  },
};

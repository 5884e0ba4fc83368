import { ExtensionImageProps } from '../src';

/** hll: scaffolded by new-extension from postgresql-18-hll 2.21-1. */
export const hll: ExtensionImageProps = {
  name: 'hll',
  description: 'HyperLogLog extension for PostgreSQL',
  homepage: 'https://github.com/citusdata/postgresql-hll',
  packages: ['postgresql-{major}-hll'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['Apache-2.0'],
  files: {
    lib: ['hll.so'],
    extension: ['hll.control', 'hll--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A HyperLogLog estimate of 1,000 distinct values is within 5%.
  smokeTest: {
    sql: 'SELECT hll_cardinality(hll_add_agg(hll_hash_integer(i))) BETWEEN 950 AND 1050 FROM generate_series(1, 1000) i',
    expected: 't',
  },
};

import { ExtensionImageProps } from '../src';

/** pg_partman: partition set management; pg_partman_bgw is its optional maintenance worker. */
export const pgPartman: ExtensionImageProps = {
  name: 'pg_partman',
  description: 'Create and manage time-based and number-based partition sets in PostgreSQL',
  homepage: 'https://github.com/pgpartman/pg_partman',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-partman'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_partman_bgw.so'],
    extension: ['pg_partman.control', 'pg_partman--*.sql'],
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // How pg_partman names and aligns monthly partitions.
  smokeTest: {
    sql: "SELECT datetime_string || ' ' || to_char(base_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM calculate_time_partition_info('1 month', '2024-05-17 12:00:00+00')",
    expected: 'YYYYMMDD 2024-05-01',
  },
};

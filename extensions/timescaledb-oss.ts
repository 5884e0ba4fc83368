import { ExtensionImageProps } from '../src';

/**
 * TimescaleDB, Apache-2.0 edition: Debian removes the Timescale-licensed tsl/ directory from
 * the source (+dfsg), so the image holds no timescaledb-tsl library and reports license "apache".
 */
export const timescaledbOss: ExtensionImageProps = {
  name: 'timescaledb-oss',
  sqlName: 'timescaledb',
  description: 'Time-series database built on PostgreSQL, Apache-2.0 edition without the Timescale License features',
  homepage: 'https://github.com/timescale/timescaledb',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-timescaledb'],
  licenses: ['Apache-2.0', 'PostgreSQL'],
  files: {
    // The loader (timescaledb.so) and the versioned library it loads.
    lib: ['timescaledb.so', 'timescaledb-*.so'],
    extension: ['timescaledb.control', 'timescaledb--*.sql'],
  },
  sharedPreloadLibraries: ['timescaledb'],
  stripLibdirPrefix: true,
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  smokeTest: {
    sql: "SELECT current_setting('timescaledb.license') || ' ' || time_bucket('15 minutes', timestamp '2024-01-01 10:37:00')",
    expected: 'apache 2024-01-01 10:30:00',
  },
};

import { ExtensionImageProps } from '../src';

/** timestamp9: scaffolded by new-extension from postgresql-18-timestamp9 1.4.0-2. */
export const timestamp9: ExtensionImageProps = {
  name: 'timestamp9',
  description: 'Nanosecond precision timestamp type for PostgreSQL',
  homepage: 'https://github.com/optiver/timestamp9',
  packages: ['postgresql-{major}-timestamp9'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['timestamp9.so'],
    extension: ['timestamp9.control', 'timestamp9--*.sql'],
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A nanosecond timestamp, cast to a date.
  smokeTest: {
    sql: "SELECT '2024-01-01 00:00:00.123456789 +0000'::timestamp9::date",
    expected: '2024-01-01',
  },
};

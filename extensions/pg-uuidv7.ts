import { ExtensionImageProps } from '../src';

/** pg-uuidv7: scaffolded by new-extension from postgresql-18-pg-uuidv7 1.7.0-1. */
export const pgUuidv7: ExtensionImageProps = {
  name: 'pg-uuidv7',
  sqlName: 'pg_uuidv7',
  description: 'Extension providing UUIDv7 data type',
  homepage: 'https://github.com/fboulnois/pg_uuidv7',
  packages: ['postgresql-{major}-pg-uuidv7'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MPL-2.0'],
  licenseExceptions: [
    {
      license: 'MPL-2.0',
      name: 'pg-uuidv7-mpl-2.0',
      reason: "pg_uuidv7 is MPL-2.0, a file-level copyleft; the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ['pg_uuidv7.so'],
    extension: ['pg_uuidv7.control', 'pg_uuidv7--*.sql'],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A version-7 UUID, whose embedded time is now.
  smokeTest: {
    sql: "SELECT substr(uuid_generate_v7()::text, 15, 1) || ' ' || (uuid_v7_to_timestamptz(uuid_generate_v7()) > now() - interval '1 minute')",
    expected: '7 true',
  },
};

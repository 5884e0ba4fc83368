import { ExtensionImageProps } from '../src';

/** pg-gvm: scaffolded by new-extension from postgresql-18-pg-gvm 22.6.17-1. */
export const pgGvm: ExtensionImageProps = {
  name: "pg-gvm",
  description: "PostgreSQL extension for ical object manipulation",
  homepage: "https://github.com/greenbone/pg-gvm",
  packages: ["postgresql-{major}-pg-gvm"],
  licenses: ["GPL-3.0-or-later"],
  licenseExceptions: [
    {
      license: "GPL-3.0-or-later",
      name: "pg-gvm-gpl-3.0-or-later",
      reason: "Not reviewed yet: new-extension read GPL-3.0-or-later from debian/copyright; it is outside the CNCF allowlist and needs a maintainer's review before the image is published",
    },
  ],
  files: {
    lib: ["libpg-gvm.so"],
    extension: ["pg-gvm.control", "pg-gvm--*.sql"],
  },
  systemLibraries: true,
  sqlVersionPattern: "^(\\d+\\.\\d+)",
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // Greenbone's host list matching, through libgvm.
  smokeTest: {
    sql: "SELECT hosts_contains('192.168.0.0/24', '192.168.0.5')",
    expected: "t",
  },
};

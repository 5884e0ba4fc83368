import { ExtensionImageProps } from '../src';

/** mongo-fdw: scaffolded by new-extension from postgresql-18-mongo-fdw 5.5.3-1. */
export const mongoFdw: ExtensionImageProps = {
  name: "mongo-fdw",
  sqlName: "mongo_fdw",
  description: "MongoDB Foreign Data Wrapper for PostgreSQL",
  homepage: "https://github.com/EnterpriseDB/mongo_fdw",
  packages: ["postgresql-{major}-mongo-fdw"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL", "LGPL-3.0-only"],
  licenseExceptions: [
    {
      license: "LGPL-3.0-only",
      name: "mongo-fdw-lgpl-3.0-only",
      reason: "mongo_fdw is PostgreSQL-licensed with LGPL-3 parts (debian/copyright: PostgreSQL and LGPL-3); the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ["mongo_fdw.so"],
    extension: ["mongo_fdw.control", "mongo_fdw--*.sql"],
  },
  systemLibraries: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // The foreign data wrapper library answers with its version.
  smokeTest: {
    sql: "SELECT mongo_fdw_version() > 0",
    expected: "t",
  },
};

import { ExtensionImageProps } from '../src';

/** unit: scaffolded by new-extension from postgresql-18-unit 7.10-2. */
export const unit: ExtensionImageProps = {
  name: "unit",
  description: "SI Units for PostgreSQL",
  homepage: "https://github.com/df7cb/postgresql-unit",
  packages: ["postgresql-{major}-unit"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["GPL-3.0-or-later"],
  licenseExceptions: [
    {
      license: "GPL-3.0-or-later",
      name: "unit-gpl-3.0-or-later",
      reason: "postgresql-unit is GPL-3.0-or-later (debian/copyright: GPL-3+); the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ["unit.so"],
    extension: ["unit.control", "unit--*.sql", "unit_prefixes.data", "unit_units.data"],
  },
  stripLibdirPrefix: true,
  sqlVersionPattern: "^(\\d+)",
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // Physical units, converted and added.
  smokeTest: {
    sql: "SELECT '1 m'::unit + '50 cm'::unit",
    expected: "1.5 m",
  },
};

import { ExtensionImageProps } from '../src';

/** unit: scaffolded by new-extension from postgresql-18-unit 7.10-2. */
export const unit: ExtensionImageProps = {
  name: "unit",
  description: "SI Units for PostgreSQL",
  homepage: "https://github.com/df7cb/postgresql-unit",
  packages: ["postgresql-{major}-unit"],
  licenses: ["GPL-3.0-or-later"],
  licenseExceptions: [
    {
      license: "GPL-3.0-or-later",
      name: "unit-gpl-3.0-or-later",
      reason: "Not reviewed yet: new-extension read GPL-3.0-or-later from debian/copyright; it is outside the CNCF allowlist and needs a maintainer's review before the image is published",
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

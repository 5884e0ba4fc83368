import { ExtensionImageProps } from '../src';

/** pgmp: scaffolded by new-extension from postgresql-18-pgmp 1.0.6-1. */
export const pgmp: ExtensionImageProps = {
  name: "pgmp",
  description: "arbitrary precision integers and rationals for PostgreSQL",
  homepage: "https://github.com/dvarrazzo/pgmp",
  packages: ["postgresql-{major}-pgmp"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["BSD-2-Clause"],
  files: {
    lib: ["pgmp.so"],
    extension: ["pgmp.control"],
    share: {
      pgmp: ["postgresql/{major}/pgmp/*"],
    },
  },
  systemLibraries: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // Multi-precision integer arithmetic through GMP.
  smokeTest: {
    sql: "SELECT 12345678901234567890::mpz * 2",
    expected: "24691357802469135780",
  },
};

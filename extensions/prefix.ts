import { ExtensionImageProps } from '../src';

/** prefix: scaffolded by new-extension from postgresql-18-prefix 1.2.11-1. */
export const prefix: ExtensionImageProps = {
  name: "prefix",
  description: "Prefix Range module for PostgreSQL",
  homepage: "https://github.com/dimitri/prefix",
  packages: ["postgresql-{major}-prefix"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["prefix.so"],
    extension: ["prefix.control", "prefix--*.sql"],
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // A prefix range contains a longer string.
  smokeTest: {
    sql: "SELECT '123'::prefix_range @> '12345'",
    expected: "t",
  },
};

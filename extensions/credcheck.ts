import { ExtensionImageProps } from '../src';

/** credcheck: scaffolded by new-extension from postgresql-18-credcheck 6.0-1. */
export const credcheck: ExtensionImageProps = {
  name: "credcheck",
  description: "PostgreSQL username/password checks",
  homepage: "https://github.com/MigOpsRepos/credcheck",
  packages: ["postgresql-{major}-credcheck"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["MIT"],
  files: {
    lib: ["credcheck.so"],
    extension: ["credcheck.control", "credcheck--*.sql"],
  },
  sharedPreloadLibraries: ["credcheck"],
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // A password equal to the user name breaks the default policy? (checked by the library).
  smokeTest: {
    sql: "SELECT pg_check_password('alice', 'alice')",
    expected: "f",
  },
};

import { ExtensionImageProps } from '../src';

/** pg-pwhash: scaffolded by new-extension from postgresql-18-pg-pwhash 1.0-2. */
export const pgPwhash: ExtensionImageProps = {
  name: "pg-pwhash",
  sqlName: "pg_pwhash",
  description: "Advanced password hashing methods for PostgreSQL",
  homepage: "https://github.com/cybertec-postgresql/pg_pwhash",
  packages: ["postgresql-{major}-pg-pwhash"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["MIT"],
  files: {
    lib: ["pg_pwhash.so"],
    extension: ["pg_pwhash.control", "pg_pwhash--*.sql"],
  },
  systemLibraries: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // crypt() through libxcrypt.
  smokeTest: {
    sql: "SELECT pwhash_crypt('secret', '$1$saltsalt$') = pwhash_crypt('secret', '$1$saltsalt$')",
    expected: "t",
  },
};

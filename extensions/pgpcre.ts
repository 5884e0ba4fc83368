import { ExtensionImageProps } from '../src';

/** pgpcre: scaffolded by new-extension from postgresql-18-pgpcre 0.20190509-9. */
export const pgpcre: ExtensionImageProps = {
  name: "pgpcre",
  description: "Perl Compatible Regular Expressions (PCRE) extension for PostgreSQL",
  homepage: "https://github.com/petere/pgpcre",
  packages: ["postgresql-{major}-pgpcre"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["pgpcre.so"],
    extension: ["pgpcre.control", "pgpcre--*.sql"],
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // A Perl-compatible regular expression.
  smokeTest: {
    sql: "SELECT pcre_match('^fo+b', 'foobar')",
    expected: "t",
  },
};

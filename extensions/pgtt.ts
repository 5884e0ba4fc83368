import { ExtensionImageProps } from '../src';

/** pgtt: scaffolded by new-extension from postgresql-18-pgtt 4.6-1. */
export const pgtt: ExtensionImageProps = {
  name: "pgtt",
  description: "PostgreSQL Global Temporary Tables",
  homepage: "https://github.com/darold/pgtt/",
  packages: ["postgresql-{major}-pgtt"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  // debian/copyright calls it "Darold"; its text is the ISC license (the older "and distribute" wording).
  licenses: ["ISC"],
  files: {
    lib: ["pgtt.so"],
    extension: ["pgtt.control", "pgtt--*.sql"],
  },
  sharedPreloadLibraries: ["pgtt"],
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // A global temporary table, created and used once the library is loaded.
  smokeTest: {
    sql: "LOAD 'pgtt'; CREATE GLOBAL TEMPORARY TABLE pgtt_smoke (id int); INSERT INTO pgtt_smoke VALUES (42); SELECT id FROM pgtt_smoke",
    expected: "42",
  },
};

import { ExtensionImageProps } from '../src';

/** mimeo: scaffolded by new-extension from postgresql-18-mimeo 1.5.1-20. */
export const mimeo: ExtensionImageProps = {
  name: "mimeo",
  description: "specialized, per-table replication between PostgreSQL instances",
  homepage: "https://github.com/omniti-labs/mimeo",
  packages: ["postgresql-{major}-mimeo"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    extension: ["mimeo.control", "mimeo--*.sql"],
    bin: ["run_refresh.py"],
  },
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // Its configuration tables exist, on top of dblink.
  smokeTest: {
    sql: "SELECT count(*) FROM dblink_mapping_mimeo",
    expected: "0",
  },
};

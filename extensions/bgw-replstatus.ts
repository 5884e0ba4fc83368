import { ExtensionImageProps } from '../src';

/** bgw-replstatus: scaffolded by new-extension from postgresql-18-bgw-replstatus 1.0.8-2. */
export const bgwReplstatus: ExtensionImageProps = {
  name: "bgw-replstatus",
  description: "report whether PostgreSQL node is master or standby",
  homepage: "https://github.com/mhagander/bgw_replstatus",
  packages: ["postgresql-{major}-bgw-replstatus"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["bgw_replstatus.so"],
  },
  sharedPreloadLibraries: ["bgw_replstatus"],
  createExtension: false,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // The background worker that answers on its TCP port is running.
  smokeTest: {
    sql: "SELECT count(*) FROM pg_stat_activity WHERE backend_type ILIKE '%replstatus%'",
    expected: "1",
  },
};

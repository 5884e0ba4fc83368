import { ExtensionImageProps } from '../src';

/** tds-fdw: scaffolded by new-extension from postgresql-18-tds-fdw 2.0.5-2. */
export const tdsFdw: ExtensionImageProps = {
  name: 'tds-fdw',
  sqlName: 'tds_fdw',
  description: 'PostgreSQL foreign data wrapper for TDS databases',
  homepage: 'https://github.com/tds-fdw/tds_fdw',
  packages: ['postgresql-{major}-tds-fdw'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['tds_fdw.so'],
    extension: ['tds_fdw.control', 'tds_fdw--*.sql'],
  },
  systemLibraries: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The wrapper's validator accepts a server definition.
  smokeTest: {
    sql: "CREATE SERVER tds_smoke FOREIGN DATA WRAPPER tds_fdw OPTIONS (servername '127.0.0.1'); SELECT srvname FROM pg_foreign_server WHERE srvname = 'tds_smoke'",
    expected: 'tds_smoke',
  },
};

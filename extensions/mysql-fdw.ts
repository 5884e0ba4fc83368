import { ExtensionImageProps } from '../src';

/** mysql-fdw: scaffolded by new-extension from postgresql-18-mysql-fdw 2.9.3-2. */
export const mysqlFdw: ExtensionImageProps = {
  name: "mysql-fdw",
  sqlName: "mysql_fdw",
  description: "Postgres 18 Foreign Data Wrapper for MySQL",
  homepage: "https://github.com/EnterpriseDB/mysql_fdw",
  packages: ["postgresql-{major}-mysql-fdw"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["mysql_fdw.so"],
    extension: ["mysql_fdw.control", "mysql_fdw--*.sql", "mysql_fdw_pushdown.config"],
  },
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // The foreign data wrapper library answers with its version.
  smokeTest: {
    sql: "SELECT mysql_fdw_version() > 0",
    expected: "t",
  },
};

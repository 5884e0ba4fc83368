import { ExtensionImageProps } from '../src';

/** londiste-sql: scaffolded by new-extension from postgresql-18-londiste-sql 3.8-9. */
export const londisteSql: ExtensionImageProps = {
  name: 'londiste-sql',
  sqlName: 'londiste',
  description: 'SQL infrastructure for Londiste',
  homepage: 'https://github.com/pgq/londiste-sql',
  packages: ['postgresql-{major}-londiste-sql'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['ISC'],
  files: {
    extension: ['londiste.control', 'londiste--*.sql'],
    share: {
      contrib: ['postgresql/{major}/contrib/*'],
    },
  },
  requiredExtensions: ['pgq-node'],
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The replication functions are installed on top of pgq_node and PgQ.
  smokeTest: {
    sql: 'SELECT londiste.version()',
    expected: '3.8',
  },
};

import { ExtensionImageProps } from '../src';

/** pgq-node: scaffolded by new-extension from postgresql-18-pgq-node 3.5-9. */
export const pgqNode: ExtensionImageProps = {
  name: 'pgq-node',
  sqlName: 'pgq_node',
  description: 'Cascaded queueing on top of PgQ',
  homepage: 'https://tracker.debian.org/pkg/pgq-node',
  packages: ['postgresql-{major}-pgq-node'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['ISC'],
  files: {
    extension: ['pgq_node.control', 'pgq_node--*.sql'],
    share: {
      contrib: ['postgresql/{major}/contrib/*'],
    },
  },
  requiredExtensions: ['pgq3'],
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Node lookup on top of PgQ: no node is set up for the queue.
  smokeTest: {
    sql: "SELECT ret_code FROM pgq_node.get_node_info('smoke')",
    expected: '404',
  },
};

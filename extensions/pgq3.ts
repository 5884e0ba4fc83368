import { ExtensionImageProps } from '../src';

/** pgq3: scaffolded by new-extension from postgresql-18-pgq3 3.5.1-2. */
export const pgq3: ExtensionImageProps = {
  name: 'pgq3',
  sqlName: 'pgq',
  description: 'Generic queue for PostgreSQL',
  homepage: 'https://github.com/pgq/pgq',
  packages: ['postgresql-{major}-pgq3'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['ISC'],
  files: {
    lib: ['pgq_lowlevel.so', 'pgq_triggers.so'],
    extension: ['pgq.control', 'pgq--*.sql'],
    share: {
      contrib: ['postgresql/{major}/contrib/*'],
    },
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A queue is created.
  smokeTest: {
    sql: "SELECT pgq.create_queue('smoke')",
    expected: '1',
  },
};

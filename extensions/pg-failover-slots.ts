import { ExtensionImageProps } from '../src';

/** pg-failover-slots: scaffolded by new-extension from postgresql-18-pg-failover-slots 1.2.1-2. */
export const pgFailoverSlots: ExtensionImageProps = {
  name: 'pg-failover-slots',
  description: 'High-availability support for PostgreSQL logical replication',
  homepage: 'https://github.com/EnterpriseDB/pg_failover_slots/',
  packages: ['postgresql-{major}-pg-failover-slots'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_failover_slots.so'],
  },
  sharedPreloadLibraries: ['pg_failover_slots'],
  createExtension: false,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The preloaded library registered its settings.
  smokeTest: {
    sql: "SELECT count(*) > 0 FROM pg_settings WHERE name LIKE 'pg_failover_slots.%'",
    expected: 't',
  },
};

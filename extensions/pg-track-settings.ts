import { ExtensionImageProps } from '../src';

/** pg-track-settings: scaffolded by new-extension from postgresql-18-pg-track-settings 2.1.2-5. */
export const pgTrackSettings: ExtensionImageProps = {
  name: 'pg-track-settings',
  sqlName: 'pg_track_settings',
  description: 'PostgreSQL extension tracking of configuration settings',
  homepage: 'https://powa.readthedocs.io/',
  packages: ['postgresql-{major}-pg-track-settings'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    extension: ['pg_track_settings.control', 'pg_track_settings--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A snapshot of the settings is recorded.
  smokeTest: {
    sql: 'SELECT pg_track_settings_snapshot()',
    expected: 't',
  },
};

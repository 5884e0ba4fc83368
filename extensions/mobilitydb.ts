import { ExtensionImageProps } from '../src';

/** mobilitydb: scaffolded by new-extension from postgresql-18-mobilitydb 1.3.0-2. */
export const mobilitydb: ExtensionImageProps = {
  name: 'mobilitydb',
  description: 'Open source geospatial trajectory data management & analysis platform',
  homepage: 'https://mobilitydb.com/',
  packages: ['postgresql-{major}-mobilitydb'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['libMobilityDB-1.3.so'],
    extension: ['mobilitydb.control', 'mobilitydb--*.sql', 'mobilitydb_datagen.control', 'mobilitydb_datagen--*.sql'],
  },
  systemLibraries: true,
  requiredExtensions: ['postgis'],
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A temporal integer with two instants.
  smokeTest: {
    sql: "SELECT numInstants(tint '[1@2001-01-01, 2@2001-01-02]')",
    expected: '2',
  },
};

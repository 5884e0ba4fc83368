import { ExtensionImageProps } from '../src';

/** ogr-fdw: scaffolded by new-extension from postgresql-18-ogr-fdw 1.1.9-1. */
export const ogrFdw: ExtensionImageProps = {
  name: 'ogr-fdw',
  sqlName: 'ogr_fdw',
  description: 'PostgreSQL foreign data wrapper for OGR',
  homepage: 'https://github.com/pramsey/pgsql-ogr-fdw',
  packages: ['postgresql-{major}-ogr-fdw'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['ogr_fdw.so'],
    extension: ['ogr_fdw.control', 'ogr_fdw--*.sql'],
    bin: ['ogr_fdw_info'],
  },
  systemLibraries: true,
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // GDAL/OGR is loaded and lists its CSV driver.
  smokeTest: {
    sql: "SELECT 'CSV' = ANY (ogr_fdw_drivers())",
    expected: 't',
  },
};

import { ExtensionImageProps } from '../src';

/** PostGIS: spatial types and functions, with the GDAL and PROJ libraries and data it needs. */
export const postgis: ExtensionImageProps = {
  name: 'postgis',
  imageName: 'postgis-extension',
  description: 'Geographic objects, spatial indexes and functions for PostgreSQL',
  homepage: 'https://postgis.net',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-postgis-3', 'postgresql-{major}-postgis-3-scripts'],
  licenses: ['GPL-2.0-or-later'],
  licenseExceptions: [{
    license: 'GPL-2.0-or-later',
    name: 'postgis-gpl',
    reason: 'PostGIS is GPL; the image ships it unmodified, as a separate program loaded at run time, with its source at postgis.net',
  }],
  files: {
    lib: ['postgis*-3.so'],
    extension: ['postgis*'],
    share: {
      contrib: ['postgresql/{major}/contrib/postgis-*'],
      gdal: ['gdal/*'],
      proj: ['proj/*'],
    },
  },
  systemLibraries: true,
  stripLibdirPrefix: true,
  env: {
    GDAL_DATA: '${image_root}/share/gdal',
    PROJ_DATA: '${image_root}/share/proj',
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // A transform to Web Mercator needs PROJ's database, found through PROJ_DATA.
  smokeTest: {
    sql: 'SELECT round(ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(1, 1), 4326), 3857))::numeric, 2)',
    expected: '111319.49',
  },
};

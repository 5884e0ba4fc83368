import { ExtensionImageProps } from '../src';

/** h3-pg: Uber's H3 hexagonal grid; h3.so links libh3, which the operand image lacks. */
export const h3: ExtensionImageProps = {
  name: 'h3',
  description: "PostgreSQL bindings for H3, Uber's hierarchical hexagonal geospatial indexing system",
  homepage: 'https://github.com/zachasme/h3-pg',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-h3'],
  licenses: ['Apache-2.0'],
  files: {
    // h3_postgis (which needs postgis_raster) is left out: this image is the core h3 extension.
    lib: ['h3.so'],
    extension: ['h3.control', 'h3--*.sql'],
  },
  systemLibraries: true,
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // San Francisco at resolution 9.
  smokeTest: { sql: 'SELECT h3_latlng_to_cell(POINT(-122.4194, 37.7749), 9)', expected: '89283082803ffff' },
};

import { ExtensionImageProps } from '../src';

/** pgsphere: scaffolded by new-extension from postgresql-18-pgsphere 1.5.2-1. */
export const pgsphere: ExtensionImageProps = {
  name: 'pgsphere',
  sqlName: 'pg_sphere',
  description: 'Spherical data types for PostgreSQL',
  homepage: 'https://pgsphere.github.io/',
  packages: ['postgresql-{major}-pgsphere'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pg_sphere.so'],
    extension: ['pg_sphere.control', 'pg_sphere--*.sql'],
  },
  systemLibraries: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The spherical distance of two points a quarter turn apart.
  smokeTest: {
    sql: "SELECT round((spoint '(0d,0d)' <-> spoint '(90d,0d)')::numeric, 6)",
    expected: '1.570796',
  },
};

import { ExtensionImageProps } from '../src';

/** roaringbitmap: scaffolded by new-extension from postgresql-18-roaringbitmap 1.3.0~rc1-1. */
export const roaringbitmap: ExtensionImageProps = {
  name: 'roaringbitmap',
  description: 'RoaringBitmap extension for PostgreSQL',
  homepage: 'https://github.com/ChenHuajun/pg_roaringbitmap',
  packages: ['postgresql-{major}-roaringbitmap'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['Apache-2.0'],
  files: {
    lib: ['roaringbitmap.so'],
    extension: ['roaringbitmap.control', 'roaringbitmap--*.sql'],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A Roaring bitmap of three distinct values.
  smokeTest: {
    sql: "SELECT rb_cardinality(rb_build('{1,2,3,3}'))",
    expected: '3',
  },
};

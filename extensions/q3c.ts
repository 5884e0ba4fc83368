import { ExtensionImageProps } from '../src';

/** q3c: scaffolded by new-extension from postgresql-18-q3c 2.0.5-1. */
export const q3c: ExtensionImageProps = {
  name: 'q3c',
  description: 'PostgreSQL extension used for indexing the sky',
  homepage: 'https://www.sai.msu.su/~megera/wiki/SkyPixelization',
  packages: ['postgresql-{major}-q3c'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['GPL-2.0-or-later'],
  licenseExceptions: [
    {
      license: 'GPL-2.0-or-later',
      name: 'q3c-gpl-2.0-or-later',
      reason: "Q3C is GPL-2.0-or-later (debian/copyright: GPL-2+); the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ['q3c.so'],
    extension: ['q3c.control', 'q3c--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The angular distance, in degrees, of two points on the sky.
  smokeTest: {
    sql: 'SELECT round(q3c_dist(0, 0, 1, 0)::numeric, 6)',
    expected: '1.000000',
  },
};

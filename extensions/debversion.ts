import { ExtensionImageProps } from '../src';

/** debversion: scaffolded by new-extension from postgresql-18-debversion 1.2.0-3. */
export const debversion: ExtensionImageProps = {
  name: 'debversion',
  description: 'Debian version number type for PostgreSQL',
  homepage: 'https://salsa.debian.org/postgresql/postgresql-debversion',
  packages: ['postgresql-{major}-debversion'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  // debian/copyright (not machine-readable) grants the GNU GPL version 3 or, at your option, any later version.
  licenses: ['GPL-3.0-or-later'],
  licenseExceptions: [
    {
      license: 'GPL-3.0-or-later',
      name: 'debversion-gpl-3.0-or-later',
      reason: "debversion is GPL-3.0-or-later; the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ['debversion.so'],
    extension: ['debversion.control', 'debversion--*.sql'],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Debian version ordering: a tilde sorts before the release, unlike text.
  smokeTest: {
    sql: "SELECT '1.0~rc1'::debversion < '1.0'::debversion",
    expected: 't',
  },
};

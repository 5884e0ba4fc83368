import { ExtensionImageProps } from '../src';

/** numeral: scaffolded by new-extension from postgresql-18-numeral 1.3-9. */
export const numeral: ExtensionImageProps = {
  name: 'numeral',
  description: 'numeral datatypes for PostgreSQL',
  homepage: 'https://github.com/df7cb/postgresql-numeral',
  packages: ['postgresql-{major}-numeral'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['GPL-2.0-or-later'],
  licenseExceptions: [
    {
      license: 'GPL-2.0-or-later',
      name: 'numeral-gpl-2.0-or-later',
      reason: "numeral is GPL-2.0-or-later (debian/copyright: GPL-2+); the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ['numeral.so'],
    extension: ['numeral.control', 'numeral--*.sql'],
  },
  stripLibdirPrefix: true,
  sqlVersionPattern: '^(\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Roman numerals, added.
  smokeTest: {
    sql: "SELECT 'XIV'::roman + 'IX'::roman",
    expected: 'XXIII',
  },
};

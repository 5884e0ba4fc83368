import { ExtensionImageProps } from '../src';

/** icu-ext: scaffolded by new-extension from postgresql-18-icu-ext 1.11.0-1. */
export const icuExt: ExtensionImageProps = {
  name: 'icu-ext',
  sqlName: 'icu_ext',
  description: 'PostgreSQL extension exposing functionality from the ICU library',
  homepage: 'https://github.com/dverite/icu_ext',
  packages: ['postgresql-{major}-icu-ext'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['icu_ext.so'],
    extension: ['icu_ext.control', 'icu_ext--*.sql'],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Compares with an ICU collator: a before B, unlike byte order.
  smokeTest: {
    sql: "SELECT icu_compare('a', 'B', 'en')",
    expected: '-1',
  },
};

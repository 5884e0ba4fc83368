import { ExtensionImageProps } from '../src';

/** Orafce: Oracle compatibility functions and packages. */
export const orafce: ExtensionImageProps = {
  name: 'orafce',
  description: 'Functions and operators that emulate a subset of functions and packages from the Oracle RDBMS',
  homepage: 'https://github.com/orafce/orafce',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-orafce'],
  licenses: ['0BSD', 'GPL-3.0-or-later WITH Bison-exception-2.2'],
  licenseExceptions: [{
    license: 'GPL-3.0-or-later WITH Bison-exception-2.2',
    name: 'orafce-bison-parser',
    reason: 'Only sqlparse.c, a Bison-generated parser, is under it, and the Bison exception lets it be distributed under the terms of the larger work (0BSD)',
  }],
  files: {
    lib: ['orafce.so'],
    extension: ['orafce.control', 'orafce--*.sql'],
  },
  // The control file's default_version has only major.minor: 4.17 for 4.17.1.
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  smokeTest: {
    sql: "SELECT oracle.last_day(date '2024-02-10') || ' ' || oracle.add_months(date '2024-01-31', 1) || ' ' || oracle.nvl(NULL::text, 'x')",
    expected: '2024-02-29 2024-02-29 x',
  },
};

import { ExtensionImageProps } from '../src';

/** pgTAP: unit testing for PostgreSQL, in SQL and PL/pgSQL only. */
export const pgtap: ExtensionImageProps = {
  name: 'pgtap',
  description: 'Unit testing framework for PostgreSQL emitting TAP',
  homepage: 'https://pgtap.org',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pgtap'],
  // The copyright file's GPL-3+ covers Debian's packaging (debian/*), which is not in the image.
  licenses: ['PostgreSQL'],
  files: {
    extension: ['pgtap.control', 'pgtap--*.sql'],
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  smokeTest: { sql: "SELECT plan(1) || ' ' || is(1 + 1, 2, 'addition')", expected: '1..1 ok 1 - addition' },
};

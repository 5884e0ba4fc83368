import { ExtensionImageProps } from '../src';

/** pgTAP: unit testing for PostgreSQL, in SQL and PL/pgSQL only. */
export const pgtap: ExtensionImageProps = {
  name: 'pgtap',
  description: 'Unit testing framework for PostgreSQL emitting TAP',
  homepage: 'https://pgtap.org',
  packages: ['postgresql-{major}-pgtap'],
  // The copyright file's GPL-3+ covers Debian's packaging (debian/*), which is not in the image.
  licenses: ['PostgreSQL'],
  files: {
    extension: ['pgtap.control', 'pgtap--*.sql'],
  },
  versions: [
    { distro: 'bookworm', major: 18, packageVersion: '1.3.4-1.pgdg12+1', sqlVersion: '1.3.4' },
    { distro: 'trixie', major: 18, packageVersion: '1.3.4-1.pgdg13+1', sqlVersion: '1.3.4' },
  ],
  smokeTest: { sql: "SELECT plan(1) || ' ' || is(1 + 1, 2, 'addition')", expected: '1..1 ok 1 - addition' },
};

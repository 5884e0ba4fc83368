import { ExtensionImageProps } from '../src';

/** rational: scaffolded by new-extension from postgresql-18-rational 0.0.3-1. */
export const rational: ExtensionImageProps = {
  name: 'rational',
  sqlName: 'pg_rational',
  description: 'Precise fractional arithmetic for PostgreSQL',
  homepage: 'https://github.com/begriffs/pg_rational',
  packages: ['postgresql-{major}-rational'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['pg_rational.so'],
    extension: ['pg_rational.control', 'pg_rational--*.sql'],
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Exact fractions, added, then simplified.
  smokeTest: {
    sql: "SELECT rational_simplify('1/3'::rational + '1/6'::rational)",
    expected: '1/2',
  },
};

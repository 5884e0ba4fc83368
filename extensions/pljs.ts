import { ExtensionImageProps } from '../src';

/** pljs: scaffolded by new-extension from postgresql-18-pljs 1.0.5-1. */
export const pljs: ExtensionImageProps = {
  name: 'pljs',
  description: 'Javascript Language Plugin for PostgreSQL',
  homepage: 'https://github.com/plv8/pljs',
  packages: ['postgresql-{major}-pljs'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pljs.so'],
    extension: ['pljs.control', 'pljs--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A JavaScript function, created and called.
  smokeTest: {
    sql: 'CREATE FUNCTION pljs_smoke(n int) RETURNS int LANGUAGE pljs AS $$ return n * 2; $$; SELECT pljs_smoke(21)',
    expected: '42',
  },
};

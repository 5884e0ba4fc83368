import { ExtensionImageProps } from '../src';

/** pllua: scaffolded by new-extension from postgresql-18-pllua 1:2.0.12-7. */
export const pllua: ExtensionImageProps = {
  name: 'pllua',
  description: 'Lua procedural language for PostgreSQL',
  homepage: 'https://github.com/pllua/pllua',
  packages: ['postgresql-{major}-pllua'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['hstore_pllua.so', 'pllua.so'],
    extension: [
      'hstore_pllua.control',
      'hstore_pllua--*.sql',
      'hstore_plluau.control',
      'hstore_plluau--*.sql',
      'pllua.control',
      'pllua--*.sql',
      'plluau.control',
      'plluau--*.sql',
    ],
  },
  sharedPreloadLibraries: ['pllua'],
  systemLibraries: true,
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A Lua function, created and called.
  smokeTest: {
    sql: 'CREATE FUNCTION pllua_smoke(n int) RETURNS int LANGUAGE pllua AS $$ return n * 2 $$; SELECT pllua_smoke(21)',
    expected: '42',
  },
};

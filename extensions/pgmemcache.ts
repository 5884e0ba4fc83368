import { ExtensionImageProps } from '../src';

/** pgmemcache: scaffolded by new-extension from postgresql-18-pgmemcache 2.3.0-16. */
export const pgmemcache: ExtensionImageProps = {
  name: 'pgmemcache',
  description: 'PostgreSQL interface to memcached',
  homepage: 'https://github.com/ohmu/pgmemcache',
  packages: ['postgresql-{major}-pgmemcache'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['pgmemcache.so'],
    extension: ['pgmemcache.control', 'pgmemcache--*.sql'],
  },
  sharedPreloadLibraries: ['pgmemcache'],
  systemLibraries: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A memcached server is added to the client library's list.
  smokeTest: {
    sql: "SELECT memcache_server_add('127.0.0.1:11211')",
    expected: 't',
  },
};

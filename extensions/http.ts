import { ExtensionImageProps } from '../src';

/** http: scaffolded by new-extension from postgresql-18-http 1.7.2-2. */
export const http: ExtensionImageProps = {
  name: 'http',
  description: 'HTTP client for PostgreSQL, retrieve a web page from inside the database',
  homepage: 'https://github.com/pramsey/pgsql-http',
  packages: ['postgresql-{major}-http'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['http.so'],
    extension: ['http.control', 'http--*.sql'],
  },
  systemLibraries: true,
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // URL encoding, with the library the HTTP client uses.
  smokeTest: {
    sql: "SELECT urlencode('a b&c')",
    expected: 'a+b%26c',
  },
};

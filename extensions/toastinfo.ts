import { ExtensionImageProps } from '../src';

/** toastinfo: scaffolded by new-extension from postgresql-18-toastinfo 1.7-1. */
export const toastinfo: ExtensionImageProps = {
  name: 'toastinfo',
  description: 'Show storage structure of varlena datatypes in PostgreSQL',
  homepage: 'https://github.com/df7cb/toastinfo',
  packages: ['postgresql-{major}-toastinfo'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['toastinfo.so'],
    extension: ['toastinfo.control', 'toastinfo--*.sql'],
  },
  stripLibdirPrefix: true,
  sqlVersionPattern: '^(\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // How a value is stored.
  smokeTest: {
    sql: 'SELECT pg_toastinfo(1)',
    expected: 'ordinary',
  },
};

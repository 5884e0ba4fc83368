import { ExtensionImageProps } from '../src';

/** extra-window-functions: scaffolded by new-extension from postgresql-18-extra-window-functions 2.0-1. */
export const extraWindowFunctions: ExtensionImageProps = {
  name: 'extra-window-functions',
  sqlName: 'extra_window_functions',
  description: 'Extra Window Functions for PostgreSQL',
  homepage: 'https://github.com/xocolatl/extra_window_functions',
  packages: ['postgresql-{major}-extra-window-functions'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['extra_window_functions.so'],
    extension: ['extra_window_functions.control', 'extra_window_functions--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // lag() that skips NULLs.
  smokeTest: {
    sql: "SELECT string_agg(x::text, ',') FROM (SELECT lag_ignore_nulls(v) OVER (ORDER BY i) AS x FROM (VALUES (1, 10), (2, NULL), (3, 30)) t(i, v)) s",
    expected: '10,10',
  },
};

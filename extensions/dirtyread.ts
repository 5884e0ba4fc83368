import { ExtensionImageProps } from '../src';

/** dirtyread: scaffolded by new-extension from postgresql-18-dirtyread 2.8-1. */
export const dirtyread: ExtensionImageProps = {
  name: 'dirtyread',
  sqlName: 'pg_dirtyread',
  description: 'Read dead but unvacuumed tuples from a PostgreSQL relation',
  homepage: 'https://tracker.debian.org/pkg/pg-dirtyread',
  packages: ['postgresql-{major}-dirtyread'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pg_dirtyread.so'],
    extension: ['pg_dirtyread.control', 'pg_dirtyread--*.sql'],
  },
  sqlVersionPattern: '^(\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Reads a table's tuples, dead ones included, through the C function.
  smokeTest: {
    sql: "SELECT count(*) > 0 FROM pg_dirtyread('pg_namespace') AS t(nspname name)",
    expected: 't',
  },
};

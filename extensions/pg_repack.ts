import { ExtensionImageProps } from '../src';

/** pg_repack: online table and index reorganization; the extension plus its client, on PATH. */
export const pgRepack: ExtensionImageProps = {
  name: 'pg_repack',
  description: 'Reorganize tables in PostgreSQL databases with minimal locks',
  homepage: 'https://github.com/reorg/pg_repack',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-repack'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pg_repack.so'],
    extension: ['pg_repack.control', 'pg_repack--*.sql'],
    bin: ['pg_repack'],
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  smokeTest: { sql: 'SELECT repack.version()', expected: 'pg_repack 1.5.3' },
};

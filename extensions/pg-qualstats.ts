import { ExtensionImageProps } from '../src';

/** pg-qualstats: scaffolded by new-extension from postgresql-18-pg-qualstats 2.1.4-1. */
export const pgQualstats: ExtensionImageProps = {
  name: 'pg-qualstats',
  sqlName: 'pg_qualstats',
  description: 'PostgreSQL extension to gather statistics about predicates',
  homepage: 'https://powa.readthedocs.io/',
  packages: ['postgresql-{major}-pg-qualstats'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_qualstats.so'],
    extension: ['pg_qualstats.control', 'pg_qualstats--*.sql'],
  },
  sharedPreloadLibraries: ['pg_qualstats'],
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The shared-memory statistics of the preloaded library can be read.
  smokeTest: {
    sql: 'SELECT count(*) >= 0 FROM pg_qualstats()',
    expected: 't',
  },
};

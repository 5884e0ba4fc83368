import { ExtensionImageProps } from '../src';

/** pg-wait-sampling: scaffolded by new-extension from postgresql-18-pg-wait-sampling 1.1.11-1. */
export const pgWaitSampling: ExtensionImageProps = {
  name: 'pg-wait-sampling',
  sqlName: 'pg_wait_sampling',
  description: 'Extension providing statistics about PostgreSQL wait events',
  homepage: 'https://github.com/postgrespro/pg_wait_sampling',
  packages: ['postgresql-{major}-pg-wait-sampling'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pg_wait_sampling.so'],
    extension: ['pg_wait_sampling.control', 'pg_wait_sampling--*.sql'],
  },
  sharedPreloadLibraries: ['pg_wait_sampling'],
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The sampling profile in shared memory can be read.
  smokeTest: {
    sql: 'SELECT count(*) >= 0 FROM pg_wait_sampling_profile',
    expected: 't',
  },
};

import { ExtensionImageProps } from '../src';

/** pg_crash: fault injection for HA tests; a preloaded background worker, no SQL extension. */
export const pgCrash: ExtensionImageProps = {
  name: 'pg-crash',
  description: 'Periodically sends signals to PostgreSQL processes, for failover and chaos testing; not for production',
  homepage: 'https://github.com/cybertec-postgresql/pg_crash',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pg-crash'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pg_crash.so'],
  },
  sharedPreloadLibraries: ['pg_crash'],
  createExtension: false,
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // The crash.* settings exist only once the preloaded library has registered them. Its worker
  // sends the first signal crash.delay (default 1 s) after start-up, later than this query.
  smokeTest: { sql: "SELECT current_setting('crash.delay') || ',' || current_setting('crash.signals')", expected: '1s,15' },
};

import { ExtensionImageProps } from '../src';

/** set_user: audited SET ROLE; its hooks need the library preloaded. */
export const setUser: ExtensionImageProps = {
  name: 'set_user',
  description: 'SET ROLE with added logging and optional blocking of ALTER SYSTEM, COPY PROGRAM and log_statement changes',
  homepage: 'https://github.com/pgaudit/set_user',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-set-user'],
  // Crunchy's license is the PostgreSQL License text with Crunchy Data as the holder.
  licenses: ['PostgreSQL'],
  files: {
    lib: ['set_user.so'],
    extension: ['set_user.control', 'set_user--*.sql'],
  },
  sharedPreloadLibraries: ['set_user'],
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // A role transition and back, and a setting the preloaded library registers.
  smokeTest: {
    sql: "SELECT set_user('pg_monitor') || ' ' || reset_user() || ' ' || current_setting('set_user.block_alter_system')",
    expected: 'OK OK on',
  },
};

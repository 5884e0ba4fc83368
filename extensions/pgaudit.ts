import { ExtensionImageProps } from '../src';

/** pgaudit: session and object audit logging; loaded at server start. */
export const pgaudit: ExtensionImageProps = {
  name: 'pgaudit',
  description: 'PostgreSQL Audit Extension for detailed session and object audit logging',
  homepage: 'https://github.com/pgaudit/pgaudit',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pgaudit'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['pgaudit.so'],
    extension: ['pgaudit.control', 'pgaudit--*.sql'],
  },
  sharedPreloadLibraries: ['pgaudit'],
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // pgaudit.log exists only once the preloaded library has registered its settings.
  smokeTest: { sql: "SELECT setting FROM pg_settings WHERE name = 'pgaudit.log'", expected: 'none' },
};

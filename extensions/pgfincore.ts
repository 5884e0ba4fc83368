import { ExtensionImageProps } from '../src';

/** pgfincore: scaffolded by new-extension from postgresql-18-pgfincore 1.4.0-1. */
export const pgfincore: ExtensionImageProps = {
  name: 'pgfincore',
  description: 'set of PostgreSQL functions to manage blocks in memory',
  homepage: 'https://villemain.org/projects/pgfincore',
  packages: ['postgresql-{major}-pgfincore'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pgfincore.so'],
    extension: ['pgfincore.control'],
    share: {
      pgfincore: ['postgresql/{major}/pgfincore/*'],
    },
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Page cache residency of a relation's segments.
  smokeTest: {
    sql: "SELECT count(*) > 0 FROM pgfincore('pg_class')",
    expected: 't',
  },
};

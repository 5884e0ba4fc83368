import { ExtensionImageProps } from '../src';

/** age: scaffolded by new-extension from postgresql-18-age 1.8.0~rc0-2. */
export const age: ExtensionImageProps = {
  name: 'age',
  description: 'Graph database optimized for fast analysis and real-time data processing',
  homepage: 'https://github.com/apache/age',
  packages: ['postgresql-{major}-age'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['Apache-2.0', 'PostgreSQL'],
  files: {
    lib: ['age.so'],
    extension: ['age.control', 'age--*.sql'],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // agtype, the graph value type, read and written by age.so.
  smokeTest: {
    sql: "SELECT '[1, 2, 3]'::ag_catalog.agtype",
    expected: '[1, 2, 3]',
  },
};

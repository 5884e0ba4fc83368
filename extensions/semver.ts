import { ExtensionImageProps } from '../src';

/** pg-semver: a semantic version data type. */
export const semver: ExtensionImageProps = {
  name: 'semver',
  description: 'Semantic version data type for PostgreSQL',
  homepage: 'https://github.com/theory/pg-semver',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-semver'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['semver.so'],
    extension: ['semver.control', 'semver--*.sql'],
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // Semantic ordering: 1.10.0 after 1.9.0-beta and after its own pre-release, unlike text.
  smokeTest: {
    sql: "SELECT max(v) FROM unnest(ARRAY['1.2.0', '1.10.0', '1.9.0-beta', '1.10.0-rc.1']::semver[]) v",
    expected: '1.10.0',
  },
};

import { ExtensionImageProps } from '../src';

/** RUM: GIN-like index access method with ranking and ordering. */
export const rum: ExtensionImageProps = {
  name: 'rum',
  description: 'RUM access method: an inverted index with positions for fast ranked full-text search',
  homepage: 'https://github.com/postgrespro/rum',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-rum'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['rum.so'],
    extension: ['rum.control', 'rum--*.sql'],
  },
  // The control file's default_version has only major.minor: 1.3 for 1.3.15.
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // RUM's ranking distance operator between a document and a query.
  smokeTest: {
    sql: "SELECT to_tsvector('english', 'The quick brown fox jumps over the lazy dog') <=> to_tsquery('english', 'fox & dog')",
    expected: '41.123352',
  },
};

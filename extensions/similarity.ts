import { ExtensionImageProps } from '../src';

/** similarity: scaffolded by new-extension from postgresql-18-similarity 1.0-9. */
export const similarity: ExtensionImageProps = {
  name: 'similarity',
  sqlName: 'pg_similarity',
  description: 'PostgreSQL similarity functions extension',
  homepage: 'https://github.com/eulerto/pg_similarity',
  packages: ['postgresql-{major}-similarity'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pg_similarity.so'],
    extension: ['pg_similarity.control', 'pg_similarity--*.sql', 'pg_similarity.sql'],
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Normalized Levenshtein similarity: 1 - 3/7.
  smokeTest: {
    sql: "SELECT round(lev('kitten', 'sitting')::numeric, 4)",
    expected: '0.5714',
  },
};

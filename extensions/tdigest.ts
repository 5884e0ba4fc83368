import { ExtensionImageProps } from '../src';

/** tdigest: scaffolded by new-extension from postgresql-18-tdigest 1.4.7-1. */
export const tdigest: ExtensionImageProps = {
  name: 'tdigest',
  description: 't-digest algorithm for on-line accumulation of rank-based statistics',
  homepage: 'https://github.com/tvondra/tdigest',
  packages: ['postgresql-{major}-tdigest'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['tdigest.so'],
    extension: ['tdigest.control', 'tdigest--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The median estimated by a t-digest.
  smokeTest: {
    sql: 'SELECT tdigest_percentile(x, 100, 0.5) BETWEEN 50 AND 52 FROM generate_series(1, 101) x',
    expected: 't',
  },
};

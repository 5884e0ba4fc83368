import { ExtensionImageProps } from '../src';

/** pgRouting: graph algorithms on top of PostGIS. */
export const pgrouting: ExtensionImageProps = {
  name: 'pgrouting',
  description: 'Geospatial routing and graph analysis functions for PostGIS and PostgreSQL',
  homepage: 'https://pgrouting.org',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pgrouting', 'postgresql-{major}-pgrouting-scripts'],
  licenses: ['GPL-2.0-or-later'],
  licenseExceptions: [{
    license: 'GPL-2.0-or-later',
    name: 'pgrouting-gpl',
    reason: 'pgRouting is GPL; the image ships it unmodified, as a separate program loaded at run time, with its source at github.com/pgRouting/pgrouting',
  }],
  files: {
    lib: ['libpgrouting-*.so'],
    extension: ['pgrouting.control', 'pgrouting--*.sql'],
  },
  requiredExtensions: ['postgis'],
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // Shortest path 1 -> 3 over an inline graph: through 2 (cost 1 + 2) beats the direct edge (cost 5).
  smokeTest: {
    sql: "SELECT string_agg(node::text, ',' ORDER BY seq) || ' cost ' || max(agg_cost) FROM pgr_dijkstra('SELECT * FROM (VALUES (1, 1, 2, 1.0, 1.0), (2, 2, 3, 2.0, 2.0), (3, 1, 3, 5.0, 5.0)) AS e(id, source, target, cost, reverse_cost)', 1, 3)",
    expected: '1,2,3 cost 3',
  },
};

import { geospatial } from '../../extensions/geospatial';
import { pgrouting } from '../../extensions/pgrouting';
import { createExtensionStatements, extensionChecks } from '../../src/render/extension-checks';
import { definitions, imageOf } from '../fixtures';

describe('extension checks', () => {
  test('create required extensions first, pinned to their versions, then check versions and the last image\'s smoke test', () => {
    const builds = [imageOf(definitions.postgis).buildFor('trixie', 18)!, imageOf(pgrouting).buildFor('trixie', 18)!];
    expect(createExtensionStatements(builds)).toEqual([
      'CREATE EXTENSION IF NOT EXISTS "postgis" VERSION \'3.6.1\'',
      'CREATE EXTENSION IF NOT EXISTS "pgrouting" VERSION \'4.0.2\'',
    ]);
    expect(extensionChecks(builds).map((c) => [c.sql, c.expected])).toEqual([
      ["SELECT extversion FROM pg_extension WHERE extname = 'postgis'", '3.6.1'],
      ["SELECT extversion FROM pg_extension WHERE extname = 'pgrouting'", '4.0.2'],
      [pgrouting.smokeTest!.sql, pgrouting.smokeTest!.expected],
    ]);
  });

  test('a bundle creates its components in order and runs every component\'s smoke test', () => {
    const build = imageOf(geospatial).buildFor('trixie', 18)!;
    expect(createExtensionStatements([build])).toEqual([
      'CREATE EXTENSION IF NOT EXISTS "postgis" VERSION \'3.6.1\'',
      'CREATE EXTENSION IF NOT EXISTS "pgrouting" VERSION \'4.0.2\'',
    ]);
    expect(extensionChecks([build]).map((c) => c.description)).toEqual([
      'postgis is installed at version 3.6.1', 'pgrouting is installed at version 4.0.2', 'postgis smoke test', 'pgrouting smoke test',
    ]);
  });

  test('an extension without CREATE EXTENSION is only smoke-tested', () => {
    const plugin = imageOf({ ...definitions.pgvector, name: 'wal2json', createExtension: false, files: { lib: ['wal2json.so'] }, smokeTest: { sql: 'SELECT 2', expected: '2' } });
    const build = plugin.buildFor('trixie', 18)!;
    expect(createExtensionStatements([build])).toEqual([]);
    expect(extensionChecks([build]).map((c) => c.sql)).toEqual(['SELECT 2']);
  });
});

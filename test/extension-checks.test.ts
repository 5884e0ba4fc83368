import { createExtensionStatements, extensionChecks } from '../src';
import { definitions, imageOf } from './fixtures';

describe('extension checks', () => {
  test('create required extensions first, pinned to their versions, then check versions and the smoke test', () => {
    const postgis = imageOf(definitions.postgis);
    const routing = imageOf({ ...definitions.pgvector, name: 'pgrouting', sqlName: 'pgrouting', requiredExtensions: ['postgis'], smokeTest: { sql: 'SELECT 1', expected: '1' } });
    const expected = [{ image: postgis, sqlVersion: '3.6.1' }, { image: routing, sqlVersion: '4.0.0' }];
    expect(createExtensionStatements(expected)).toEqual([
      'CREATE EXTENSION IF NOT EXISTS "postgis" VERSION \'3.6.1\'',
      'CREATE EXTENSION IF NOT EXISTS "pgrouting" VERSION \'4.0.0\'',
    ]);
    expect(extensionChecks(expected).map((c) => [c.sql, c.expected])).toEqual([
      ["SELECT extversion FROM pg_extension WHERE extname = 'postgis'", '3.6.1'],
      ["SELECT extversion FROM pg_extension WHERE extname = 'pgrouting'", '4.0.0'],
      ['SELECT 1', '1'],
    ]);
  });

  test('an extension without CREATE EXTENSION is only smoke-tested', () => {
    const plugin = imageOf({ ...definitions.pgvector, name: 'wal2json', createExtension: false, files: { lib: ['wal2json.so'] }, smokeTest: { sql: 'SELECT 2', expected: '2' } });
    expect(createExtensionStatements([{ image: plugin, sqlVersion: '2.6' }])).toEqual([]);
    expect(extensionChecks([{ image: plugin, sqlVersion: '2.6' }]).map((c) => c.sql)).toEqual(['SELECT 2']);
  });
});

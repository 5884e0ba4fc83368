import { LIBRARY_LIST_PARAMETERS, mergeParameterValue, splitParameterList } from '../../src/model/postgresql-parameters';

describe('PostgreSQL parameters', () => {
  test('library lists merge as a union in first-seen order, whatever the spacing', () => {
    expect(LIBRARY_LIST_PARAMETERS).toContain('output_plugin_libraries');
    expect(mergeParameterValue('output_plugin_libraries', 'pgoutput,test_decoding', 'pgoutput, test_decoding, wal2json')).toBe('pgoutput, test_decoding, wal2json');
    expect(mergeParameterValue('session_preload_libraries', undefined, ' auto_explain ,')).toBe('auto_explain');
    expect(splitParameterList(' a, ,b ,')).toEqual(['a', 'b']);
  });

  test('other parameters must agree', () => {
    expect(mergeParameterValue('wal_level', undefined, 'logical')).toBe('logical');
    expect(mergeParameterValue('wal_level', 'logical', 'logical')).toBe('logical');
    expect(mergeParameterValue('wal_level', 'replica', 'logical')).toBeUndefined();
  });
});

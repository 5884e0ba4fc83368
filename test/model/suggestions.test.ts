import { closestName, didYouMean, editDistance } from '../../src/model/suggestions';

describe('suggestions for misspelt names', () => {
  test('editDistance counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('sqlNmae', 'sqlName')).toBe(1);
    expect(editDistance('sharedPreloadLibrary', 'sharedPreloadLibraries')).toBe(3);
  });

  test('closestName ignores case and suggests nothing far away', () => {
    const fields = ['name', 'sqlName', 'sharedPreloadLibraries', 'systemLibraries', 'stripLibdirPrefix'];
    expect(closestName('sharedPreloadLibrary', fields)).toBe('sharedPreloadLibraries');
    expect(closestName('systemLibrary', fields)).toBe('systemLibraries');
    expect(closestName('SQLNAME', fields)).toBe('sqlName');
    expect(closestName('nme', fields)).toBe('name');
    expect(closestName('maintainer', fields)).toBeUndefined();
    expect(closestName('x', fields)).toBeUndefined();
    expect(didYouMean('sqlname', fields)).toBe('; did you mean sqlName?');
    expect(didYouMean('maintainer', fields)).toBe('');
  });
});

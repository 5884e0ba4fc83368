import { distinctOwners, renderCodeowners } from '../../src/render/codeowners';

describe('CODEOWNERS', () => {
  test('one root-anchored line per path, rules in order under the header', () => {
    expect(renderCodeowners([
      { paths: ['extensions/a.lock.json', 'generated/catalogs/'], owners: ['@x', '@o/t'] },
      { paths: ['extensions/a.ts'], owners: ['@y'], comment: 'a' },
    ], ['Generated.'])).toBe('# Generated.\n\n/extensions/a.lock.json @x @o/t\n/generated/catalogs/ @x @o/t\n\n# a\n/extensions/a.ts @y\n');
  });

  test('refuses what a line could not hold literally', () => {
    for (const p of ['a b', 'a#b', '!a', '/a', 'a/../b', './a', 'a/*', 'a\\b', 'a//b', '']) {
      expect(() => renderCodeowners([{ paths: [p], owners: ['@x'] }], [])).toThrow(/must be relative, normalized and literal/);
    }
    expect(() => renderCodeowners([{ paths: ['a'], owners: ['x@example.com'] }], [])).toThrow(/"x@example.com" is not a GitHub user or team/);
    expect(() => renderCodeowners([{ paths: ['a'], owners: [] }], [])).toThrow(/would have no owner/);
  });

  test('distinct owners ignore case and come sorted', () => {
    expect(distinctOwners(['@b', '@A', '@a', '@c/d', '@B'])).toEqual(['@A', '@b', '@c/d']);
  });
});

import { escapeTemplateText, quoteString } from '../../src/render/hcl';

describe('escapeTemplateText', () => {
  test('leaves text without anything HCL reads specially as it is', () => {
    for (const text of ['', 'pgvector 0.8.4', '$HOME and 100%', 'a{b}c', 'ünïcödé ✓', '/extensions/pgvector']) {
      expect(escapeTemplateText(text)).toBe(text);
    }
  });

  test.each([
    ['a\\b', 'a\\\\b'],
    ['say "hi"', 'say \\"hi\\"'],
    ['line\nnext', 'line\\nnext'],
    ['cr\r', 'cr\\r'],
    ['tab\t', 'tab\\t'],
    ['bell\u0007', 'bell\\u0007'],
    ['delete\u007f', 'delete\\u007f'],
    ['${HOME}', '$${HOME}'],
    ['%{if x}', '%%{if x}'],
    ['$${already}', '$$${already}'],
  ])('escapes %j as %j', (text, escaped) => {
    expect(escapeTemplateText(text)).toBe(escaped);
  });

  test('quoteString wraps the escaped text in quotes', () => {
    expect(quoteString('a "b" ${c}')).toBe('"a \\"b\\" $${c}"');
  });
});

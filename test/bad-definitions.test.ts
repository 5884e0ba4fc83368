import { DefinitionError, ExtensionBundleProps, ExtensionDefinitionSource, ExtensionRepository } from '../src';
import { BAD_DEFINITIONS, DefinitionOverrides } from './bad-definitions.corpus';
import { operands, pgvectorWith } from './fixtures';

/** The definition files of a case: pgvector's definition named after its file with the overrides applied, or a bundle as given. */
function definitionsOf(files: Readonly<Record<string, DefinitionOverrides>>): ExtensionDefinitionSource[] {
  return Object.entries(files).map(([file, overrides]) => {
    const name = /([^/]+)\.ts$/.exec(file)![1];
    return { file, props: 'components' in overrides ? { name, ...overrides } as ExtensionBundleProps : pgvectorWith({ name, ...overrides }) };
  });
}

describe('bad definitions corpus', () => {
  test('is large and covers every top-level field of a definition', () => {
    expect(BAD_DEFINITIONS.length).toBeGreaterThanOrEqual(45);
    const fields = new Set(BAD_DEFINITIONS.map((c) => /^[A-Za-z]+/.exec(c.expect.field)![0]));
    expect([...Object.keys(pgvectorWith({})), 'imageName', 'sharedPreloadLibraries', 'postgresqlParameters', 'extensionControlPath', 'dynamicLibraryPath',
      'ldLibraryPath', 'binPath', 'env', 'requiredExtensions', 'createExtension', 'platforms'].filter((f) => !fields.has(f))).toEqual([]);
    expect(new Set(BAD_DEFINITIONS.map((c) => c.title)).size).toBe(BAD_DEFINITIONS.length);
  });

  test.each(BAD_DEFINITIONS.map((c) => [c.title, c] as const))('rejects %s before producing anything', (_title, { files, expect: expected }) => {
    let output: Map<string, string> | undefined;
    let error: unknown;
    try {
      output = new ExtensionRepository({ definitions: definitionsOf(files), operands: operands(), source: 'https://example.com/repo' }).synthesize();
    } catch (e) {
      error = e;
    }
    expect(output).toBeUndefined();
    expect(error).toBeInstanceOf(DefinitionError);
    const { file, field, rule, message } = error as DefinitionError;
    expect({ file, field }).toEqual({ file: expected.file, field: expected.field });
    expect(rule).toMatch(expected.rule);
    expect(message).toBe(`${expected.file}: ${expected.field}: ${rule}`);
  });
});

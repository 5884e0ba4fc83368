import { DefinitionError } from '../../src';
import { NotPackagedKind, NotPackagedList } from '../../src/projen';

const FILE = 'extensions/not-packaged.json';
const entry = (overrides: Record<string, unknown> = {}) => ({
  package: 'postgresql-18-repmgr', kind: 'external-program', reason: 'driven by the repmgrd daemon', ...overrides,
});
const parse = (data: unknown) => NotPackagedList.parse(JSON.stringify(data), FILE);
const errorOf = (data: unknown) => {
  try {
    parse(data);
  } catch (error) {
    return error as DefinitionError;
  }
  throw new Error('expected a DefinitionError');
};

describe('NotPackagedList', () => {
  test('parses entries, sorted by package, with their kind and reason', () => {
    const list = parse({ comment: 'why', packages: [entry(), entry({ package: 'postgresql-18-jit', kind: 'debug-or-jit', reason: 'the JIT' })] });
    expect(list.entries.map((e) => e.package)).toEqual(['postgresql-18-jit', 'postgresql-18-repmgr']);
    expect(list.entry('postgresql-18-jit')?.kind).toBe(NotPackagedKind.DEBUG_OR_JIT);
    expect(list.entry('postgresql-18-pgvector')).toBeUndefined();
  });

  test.each([
    ['a duplicate', { packages: [entry(), entry()] }, 'packages[1].package', 'listed twice'],
    ['an unknown kind', { packages: [entry({ kind: 'daemon' })] }, 'packages[0].kind', 'must be one of external-program'],
    ['an empty reason', { packages: [entry({ reason: '  ' })] }, 'packages[0].reason', 'one non-empty line'],
    ['a reason of two lines', { packages: [entry({ reason: 'a\nb' })] }, 'packages[0].reason', 'one non-empty line'],
    ['a shell metacharacter in a name', { packages: [entry({ package: 'postgresql-18-x;rm' })] }, 'packages[0].package', 'Debian package name'],
    ['an unknown field', { packages: [entry({ why: 'x' })] }, 'packages[0].why', 'not a field of an entry'],
    ['a misspelt top-level field', { package: [] }, 'package', 'not a field of the list'],
  ])('rejects %s, naming the file and the field', (_what, data, field, rule) => {
    const error = errorOf(data);
    expect(error.file).toBe(FILE);
    expect(error.field).toBe(field);
    expect(error.rule).toContain(rule);
  });

  test('rejects text that is not JSON, naming the file', () => {
    expect(() => NotPackagedList.parse('{', FILE)).toThrow(/^extensions\/not-packaged.json: \(file\): is not JSON/);
  });
});

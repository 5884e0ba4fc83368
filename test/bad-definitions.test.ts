import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DefinitionError, ExtensionBundleProps, VersionsLock, VersionsLockEntry } from '../src';
import { BAD_DEFINITIONS, BadDefinitionCase, DefinitionOverrides, GOOD_DEFINITIONS, LOCK_FILE } from './bad-definitions.corpus';
import { operands, pgvectorWith, syntheticLock } from './fixtures';
import { sameLockKey } from '../src/model/versions-lock';
import { ExtensionDefinitionSource, ExtensionRepository } from '../src/projen';
import { loadExtensionDefinitions } from '../src/repository/definition-loader';

const OPERANDS = operands();

/** The definition files of a case: pgvector's definition named after its file with the overrides applied, or a bundle as given. */
function definitionsOf(files: Readonly<Record<string, DefinitionOverrides>>): ExtensionDefinitionSource[] {
  return Object.entries(files).map(([file, overrides]) => {
    const name = /([^/]+)\.ts$/.exec(file)![1];
    return { file, props: 'components' in overrides ? { name, ...overrides } as ExtensionBundleProps : pgvectorWith({ name, ...overrides }) };
  });
}

/**
 * The default lock entries of a case: every declared build of each definition
 * that validates, at "1.0-1", in key order. A definition that does not
 * validate gets no entries; the repository rejects it before reading the lock.
 */
function defaultEntries(definitions: readonly ExtensionDefinitionSource[]): readonly VersionsLockEntry[] {
  const entries = definitions.flatMap(({ props }) => {
    try {
      return syntheticLock([props]).entries;
    } catch {
      return [];
    }
  });
  return new VersionsLock(entries.filter((e, i) => entries.findIndex((o) => sameLockKey(o, e)) === i)).entries;
}

/** The lock of a case, as the loader reads it: JSON text, parsed and validated, errors naming LOCK_FILE. */
function lockOf(lock: BadDefinitionCase['lock'], definitions: readonly ExtensionDefinitionSource[]): VersionsLock {
  const entries = defaultEntries(definitions);
  const text = typeof lock === 'string' ? lock : JSON.stringify({ entries: lock ? lock(entries) : entries }, null, 2);
  return VersionsLock.parse(text, LOCK_FILE);
}

/** Everything synthesis writes for the files and lock of a case, or the error it throws. */
function attempt(files: BadDefinitionCase['files'], lock: BadDefinitionCase['lock']): { output?: Map<string, string>; error?: unknown } {
  try {
    const definitions = definitionsOf(files);
    return { output: new ExtensionRepository({ definitions, operands: OPERANDS, versionsLock: lockOf(lock, definitions), source: 'https://example.com/repo' }).synthesize() };
  } catch (error) {
    return { error };
  }
}

/** The lock file's entry fields, each of which some case must break. */
const LOCK_ENTRY_FIELDS = ['extension', 'component', 'distro', 'major', 'source', 'sqlVersion', 'packages', 'index', 'citation', 'convention', 'reason'];

describe('bad definitions corpus', () => {
  test('covers every top-level field of a definition and of a lock entry, each case with an input of its own', () => {
    // Cases whose input is data (files, and a lock given as text or not at all) must differ in it, so the count
    // counts faults, not repeats; a lock made by a function is checked by the "only fault" test below instead.
    const inputs = BAD_DEFINITIONS.filter((c) => typeof c.lock !== 'function')
      .map((c) => JSON.stringify({ files: c.files, lock: c.lock ?? null }, (_key, value) => (value === undefined ? '(undefined)' : value)));
    expect(inputs.filter((input, i) => inputs.indexOf(input) !== i)).toEqual([]);
    expect(inputs.length).toBeGreaterThan(BAD_DEFINITIONS.length / 2);
    const fields = new Set(BAD_DEFINITIONS.filter((c) => c.expect.file !== LOCK_FILE).map((c) => /^[A-Za-z]+/.exec(c.expect.field)?.[0]));
    expect([...Object.keys(pgvectorWith({})), 'imageName', 'sharedPreloadLibraries', 'postgresqlParameters', 'extensionControlPath', 'dynamicLibraryPath',
      'ldLibraryPath', 'binPath', 'env', 'requiredExtensions', 'createExtension', 'platforms', 'sqlVersionPattern', 'versionRange', 'hold', 'versions',
      'databaseNameParameters', 'components'].filter((f) => !fields.has(f))).toEqual([]);
    const lockFields = new Set(BAD_DEFINITIONS.filter((c) => c.expect.file === LOCK_FILE).map((c) => /^entries\[\d+\]\.([A-Za-z]+)/.exec(c.expect.field)?.[1]));
    expect(LOCK_ENTRY_FIELDS.filter((f) => !lockFields.has(f))).toEqual([]);
    expect(new Set(BAD_DEFINITIONS.map((c) => c.title)).size).toBe(BAD_DEFINITIONS.length);
  });

  test('the baseline, pgvector in extensions/a.ts with the default lock, is accepted', () => {
    const { output, error } = attempt({ 'extensions/a.ts': {} }, undefined);
    expect(error).toBeUndefined();
    expect(output?.get('a/Dockerfile')).toContain('PACKAGE_VERSION=1.0-1');
  });

  // Each bad lock is the only fault of its case: the same files with the default lock are accepted.
  test.each(BAD_DEFINITIONS.filter((c) => c.lock !== undefined).map((c) => [c.title, c] as const))('%s: the files alone are accepted', (_title, { files }) => {
    const { output, error } = attempt(files, undefined);
    expect(error).toBeUndefined();
    expect(output).toBeDefined();
  });

  test.each(BAD_DEFINITIONS.map((c) => [c.title, c] as const))('rejects %s before producing anything', (_title, { files, lock, expect: expected }) => {
    const { output, error } = attempt(files, lock);
    expect(output).toBeUndefined();
    expect(error).toBeInstanceOf(DefinitionError);
    const { file, field, rule, message } = error as DefinitionError;
    expect({ file, field }).toEqual({ file: expected.file, field: expected.field });
    expect(rule).toMatch(expected.rule);
    expect(message).toBe(`${expected.file}: ${expected.field}: ${rule}`);
  });

  test('its unusual but valid definitions have distinct titles', () => {
    expect(new Set(GOOD_DEFINITIONS.map((c) => c.title)).size).toBe(GOOD_DEFINITIONS.length);
  });

  // The rules must not over-reject: each of these is accepted, and its text comes out as written.
  test.each(GOOD_DEFINITIONS.map((c) => [c.title, c] as const))('accepts %s, and keeps its text', (_title, { files, lock, expect: expected }) => {
    const { output, error } = attempt(files, lock);
    expect(error).toBeUndefined();
    expect(output?.get(expected.file)).toContain(expected.text);
  });
});

describe('the definition loader', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'definition-loader-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('names an exported object with a name but no builds, and the field that was likely meant', () => {
    fs.writeFileSync(path.join(dir, 'a.ts'), "export const a = { name: 'a', build: [{ distro: 'trixie', major: 18 }] };\n");
    expect(() => loadExtensionDefinitions(dir, dir))
      .toThrow(/^a\.ts: \(exports\): must export exactly one ExtensionImageProps or ExtensionBundleProps object \(found 0\); a has a name but neither builds nor components \(build: did you mean builds\?\)$/);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { JsiiDiagnostic, JsiiStage, ROOT, jsiiPackageJson, stageJsii } from '../scripts/jsii/stage';

/**
 * jsii compiles the public API (src/index.ts) as it would for Python, Java,
 * .NET and Go, in the one staging scripts/jsii/stage.ts does for docgen and
 * package-jsii. The tooling subpath (src/projen.ts, src/repository) is
 * TypeScript-only and left out.
 */

/** Declarations src/index.ts exports that jsii cannot carry (functions, constants, type aliases): TypeScript only, by name. */
const TYPESCRIPT_ONLY = [
  'CNCF_ALLOWED_LICENSES', 'DEFAULT_PLATFORMS', 'DEFAULT_REGISTRY', 'ExtensionDefinition', 'IMAGES_LOCK_FILE',
  'PIN_SOURCES', 'PinSource', 'VERSIONS_LOCK_FILE', 'addManifestValidation', 'addManifestValidationToAll', 'isExtensionBundleProps',
  'pinnedReference', 'resolveExtensionSettings', 'upgradesOf', 'validateManifests',
];

/**
 * Warnings accepted, each for a reason: struct fields named like a keyword
 * of one language, which jsii-pacmak escapes there (`from_` in Python); and
 * jsii's advice to test against the lowest peer versions, which
 * test/downstream.test.ts does with its own app.
 */
const ACCEPTED_WARNINGS = [
  'src/model/extension-image.ts JSII5018 "from" is a reserved word in Python',
  'src/model/upgrade-paths.ts JSII5018 "from" is a reserved word in Python',
  'src/validation/manifest-validation.ts JSII5018 "object" is a reserved word in C#',
  '- JSII6 A "peerDependency" on "cdk8s" at "^2.68.0"',
  '- JSII6 A "peerDependency" on "constructs" at "^10.3.0"',
];

/** The name declared where a diagnostic points. */
function declaredName(d: JsiiDiagnostic): string {
  const line = fs.readFileSync(path.join(ROOT, d.file), 'utf8').split('\n')[d.line - 1];
  return /^\w+/.exec(line.slice(d.column - 1))?.[0] ?? `${d.file}:${d.line}:${d.column}`;
}

describe('jsii', () => {
  let stage: JsiiStage;
  let assembly: { author: unknown; repository: unknown; types: Record<string, { kind: string; methods?: { name: string; static?: boolean }[] }> };
  beforeAll(() => {
    stage = stageJsii();
    assembly = JSON.parse(fs.readFileSync(path.join(stage.dir, '.jsii'), 'utf8'));
  }, 180_000);
  afterAll(() => fs.rmSync(stage.dir, { recursive: true, force: true }));

  test('compiles the public API with no error', () => {
    const errors = stage.diagnostics.filter((d) => d.category === 'error').map((d) => `${d.file} ${d.code} ${d.text}`);
    expect(errors).toEqual([]);
    expect(stage.output).toMatch(/Errors: 0 \|/);
    expect(stage.status).toBe(0);
  });

  test('warns only as accepted', () => {
    const warnings = stage.diagnostics.filter((d) => d.category === 'warning').map((d) => `${d.file} ${d.code} ${d.text}`);
    const unexpected = warnings.filter((w) => !ACCEPTED_WARNINGS.some((accepted) => w.startsWith(accepted)));
    expect(unexpected).toEqual([]);
    expect(warnings).toHaveLength(ACCEPTED_WARNINGS.length);
  });

  test('what other languages cannot see is the listed TypeScript-only exports', () => {
    const unseen = stage.diagnostics.filter((d) => d.code === 'JSII9998').map(declaredName).sort();
    expect(unseen).toEqual([...TYPESCRIPT_ONLY].sort());
  });

  test('the assembly carries the project\'s own author and repository, and PackagedExtensions with its static lookups', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(assembly.author).toEqual(expect.objectContaining({ name: pkg.author.name, organization: true }));
    expect(assembly.repository).toEqual(expect.objectContaining({ url: pkg.repository.url }));
    const packaged = assembly.types['cnpg-extensions-cdk.PackagedExtensions'];
    expect(packaged.kind).toBe('class');
    expect(packaged.methods!.map((m) => `${m.name}${m.static ? ' (static)' : ''}`).sort()).toEqual(['image (static)', 'names (static)', 'versionsLock (static)']);
    // The definitions PackagedExtensions loads are compiled into the package, beside the library.
    expect(fs.existsSync(path.join(stage.dir, 'lib/extensions/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(stage.dir, 'lib/extensions/versions.lock.json'))).toBe(true);
  });

  test('the stage refuses a package.json without a field jsii requires, naming it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(() => jsiiPackageJson({ ...pkg, repository: undefined })).toThrow('package.json: repository: jsii requires it (set it in .projenrc.ts)');
    expect(() => jsiiPackageJson({ ...pkg, author: undefined })).toThrow('package.json: author: jsii requires it');
  });
});

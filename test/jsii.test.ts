import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * jsii compiles the public API (src/index.ts) as it would for Python, Java,
 * .NET and Go. The tooling subpath (src/projen.ts, src/repository) is
 * TypeScript-only and left out. The compile happens in a scratch copy, since
 * jsii wants its own package.json fields and writes a tsconfig.json.
 */
const ROOT = path.resolve(__dirname, '..');

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

interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly category: string;
  readonly code: string;
  readonly text: string;
}

/** The diagnostics jsii printed: `<file>:<line>:<col> - <category> JSII<n>: <text>`, or without the location. */
function diagnosticsOf(output: string): Diagnostic[] {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/^(?:(\S+):(\d+):(\d+) - )?(error|warning|message) (JSII\d+): (.*)$/gm)]
    .map((m) => ({ file: m[1] ?? '-', line: Number(m[2] ?? 0), column: Number(m[3] ?? 0), category: m[4], code: m[5], text: m[6] }));
}

/** The name declared where a diagnostic points. */
function declaredName(d: Diagnostic): string {
  const line = fs.readFileSync(path.join(ROOT, d.file), 'utf8').split('\n')[d.line - 1];
  return /^\w+/.exec(line.slice(d.column - 1))?.[0] ?? `${d.file}:${d.line}:${d.column}`;
}

/** The jsii compiler's entry point: the project's devDependency (jsii ~6.0, for TypeScript ~6.0). */
function jsiiBin(): string {
  let manifest: string;
  try {
    manifest = require.resolve('jsii/package.json');
  } catch {
    throw new Error('jsii is not installed: it belongs in devDependencies (npm ci installs it)');
  }
  const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.jsii);
}

/** A package.json for jsii: the project's, with jsii's required fields, and the runtime dependencies bundled (they are not jsii modules). */
function jsiiPackageJson(): object {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const dependencies: Record<string, string> = pkg.dependencies ?? {};
  // projen is a peer of the tooling subpath only.
  const peerDependencies = Object.fromEntries(Object.entries(pkg.peerDependencies ?? {}).filter(([name]) => name !== 'projen'));
  return {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    // package.json has neither yet; jsii requires both. Stand-ins, used only for this check.
    author: pkg.author ?? { name: 'cnpg-extensions-cdk (stand-in for the jsii check)', organization: true },
    repository: pkg.repository ?? { type: 'git', url: 'https://example.invalid/cnpg-extensions-cdk.git' },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    dependencies,
    bundledDependencies: Object.keys(dependencies),
    peerDependencies,
    jsii: {
      outdir: 'dist',
      targets: {},
      tsc: { outDir: 'lib', rootDir: 'src' },
      excludeTypescript: ['src/projen.ts', 'src/repository/**'],
    },
  };
}

function compile(): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-'));
  try {
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(dir, 'README.md'));
    fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(dir, 'LICENSE'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(jsiiPackageJson(), null, 2));
    // -vv prints JSII9998 (jsii 5.9 needs both v's), which names each declaration other languages will not see.
    const run = spawnSync(process.execPath, [jsiiBin(), '-vv'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('jsii', () => {
  let result: { status: number | null; output: string };
  let diagnostics: Diagnostic[];
  beforeAll(() => {
    result = compile();
    diagnostics = diagnosticsOf(result.output);
  }, 180_000);

  test('compiles the public API with no error', () => {
    const errors = diagnostics.filter((d) => d.category === 'error').map((d) => `${d.file} ${d.code} ${d.text}`);
    expect(errors).toEqual([]);
    expect(result.output).toMatch(/Errors: 0 \|/);
    expect(result.status).toBe(0);
  });

  test('warns only as accepted', () => {
    const warnings = diagnostics.filter((d) => d.category === 'warning').map((d) => `${d.file} ${d.code} ${d.text}`);
    const unexpected = warnings.filter((w) => !ACCEPTED_WARNINGS.some((accepted) => w.startsWith(accepted)));
    expect(unexpected).toEqual([]);
    expect(warnings).toHaveLength(ACCEPTED_WARNINGS.length);
  });

  test('what other languages cannot see is the listed TypeScript-only exports', () => {
    const unseen = diagnostics.filter((d) => d.code === 'JSII9998').map(declaredName).sort();
    expect(unseen).toEqual([...TYPESCRIPT_ONLY].sort());
  });
});

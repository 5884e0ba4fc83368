import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readmeForRosetta } from './readme-examples';

/**
 * The one jsii staging of the public API, used by test/jsii.test.ts and by the
 * docgen and package-jsii tasks. jsii wants package.json fields of its own and
 * writes a tsconfig.json, so it compiles a scratch copy of the repository's
 * library (`src/`, tooling left out) and ready-made definitions (`extensions/`,
 * which `PackagedExtensions` loads), laid out as in the npm package
 * (`lib/src`, `lib/extensions`). The result is the `.jsii` assembly.
 */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The tooling subpath: TypeScript only (it extends projen), so outside the assembly. */
export const TOOLING_EXCLUDED = ['src/projen.ts', 'src/repository/**'];

/** What other languages name the package. jsii-pacmak needs one entry per target language. */
export const JSII_TARGETS = {
  python: { distName: 'cnpg-extensions-cdk', module: 'cnpg_extensions_cdk' },
  java: { package: 'io.github.cnpg_extensions_cdk', maven: { groupId: 'io.github.cnpg-extensions-cdk', artifactId: 'cnpg-extensions-cdk' } },
  dotnet: { namespace: 'CnpgExtensionsCdk', packageId: 'CnpgExtensionsCdk' },
  go: { moduleName: 'github.com/cnpg-extensions-cdk/cnpg-extensions-cdk-go' },
};

/** A diagnostic jsii printed: `<file>:<line>:<col> - <category> JSII<n>: <text>`, or the same without the location. */
export interface JsiiDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly category: string;
  readonly code: string;
  readonly text: string;
}

export interface JsiiStage {
  /** The staged package: package.json, src/, extensions/, README.md, rosetta/ and, on success, `.jsii` and lib/. */
  readonly dir: string;
  readonly status: number | null;
  readonly output: string;
  readonly diagnostics: JsiiDiagnostic[];
}

export function diagnosticsOf(output: string): JsiiDiagnostic[] {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/^(?:(\S+):(\d+):(\d+) - )?(error|warning|message) (JSII\d+): (.*)$/gm)]
    .map((m) => ({ file: m[1] ?? '-', line: Number(m[2] ?? 0), column: Number(m[3] ?? 0), category: m[4], code: m[5], text: m[6] }));
}

/** The entry point of an installed tool's `bin` (the project's devDependencies: jsii, jsii-rosetta, jsii-docgen, jsii-pacmak). */
export function toolBin(pkg: string, bin: string = pkg): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${pkg}/package.json`, { paths: [ROOT] });
  } catch {
    throw new Error(`${pkg} is not installed: it belongs in devDependencies (npm ci installs it)`);
  }
  const bins = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  const entry = typeof bins === 'string' ? bins : bins[bin];
  if (!entry) throw new Error(`${pkg}/package.json: bin: has no "${bin}"`);
  return path.join(path.dirname(manifest), entry);
}

/**
 * The staged package.json: the project's own fields, jsii's, and the runtime
 * dependencies bundled (they are not jsii modules). Throws naming the field
 * when package.json lacks one jsii requires.
 */
export function jsiiPackageJson(pkg: Record<string, any>): object {
  for (const field of ['name', 'version', 'description', 'license', 'author', 'repository']) {
    if (pkg[field] === undefined) throw new Error(`package.json: ${field}: jsii requires it (set it in .projenrc.ts)`);
  }
  const dependencies: Record<string, string> = { ...pkg.dependencies, ...transitiveDependencies(pkg.dependencies ?? {}) };
  // projen is a peer of the tooling subpath only.
  const peerDependencies = Object.fromEntries(Object.entries(pkg.peerDependencies ?? {}).filter(([name]) => name !== 'projen'));
  return {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    author: pkg.author,
    repository: pkg.repository,
    main: 'lib/src/index.js',
    types: 'lib/src/index.d.ts',
    // The npm package's subpaths, so that `cnpg-extensions-cdk/extensions` resolves in the README's examples as it does for users.
    exports: {
      '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
      './extensions': { types: './lib/extensions/index.d.ts', default: './lib/extensions/index.js' },
      './.jsii': './.jsii',
      './package.json': './package.json',
    },
    typesVersions: { '*': { extensions: ['lib/extensions/index.d.ts'] } },
    // What jsii-pacmak's npm tarball holds besides package.json, README.md and LICENSE: no sources, no build state.
    files: ['lib/src/**/*.js', 'lib/src/**/*.d.ts', 'lib/extensions/**/*.js', 'lib/extensions/**/*.d.ts', 'lib/extensions/*.json', 'vendor/cloudnative-pg/**', '.jsii', '.jsii.tabl.json'],
    dependencies,
    bundledDependencies: Object.keys(dependencies),
    peerDependencies,
    jsii: {
      outdir: 'dist',
      targets: JSII_TARGETS,
      tsc: { outDir: 'lib', rootDir: '.' },
      excludeTypescript: TOOLING_EXCLUDED,
    },
    // Every README example must compile (test/rosetta.test.ts).
    jsiiRosetta: { strict: true },
  };
}

/** The package.json node would find for `name` from `dir` (walking up node_modules folders; exports maps may hide package.json). */
function installedManifest(name: string, dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules', name, 'package.json');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
    if (path.dirname(at) === at) throw new Error(`${name}: not installed (needed from ${dir}); run npm ci`);
  }
}

/**
 * Everything the runtime dependencies need, transitively: their dependencies
 * and their (non-optional) peers, each at the version installed. They are
 * listed and bundled beside the direct ones, because what npm pack bundles
 * under a bundled package depends on how it loads the installed tree: from a
 * clean `npm ci`, @bufbuild/cel came without its @bufbuild/re2. npm bundles no
 * peers at all (@bufbuild/cel's @bufbuild/protobuf). Throws when one of them is
 * installed only nested, at a version other than the hoisted one: the bundle is
 * flat.
 */
export function transitiveDependencies(direct: Record<string, string>): Record<string, string> {
  const found: Record<string, string> = {};
  const seen = new Set<string>();
  const visit = (name: string, from: string, needed: boolean): void => {
    const manifest = installedManifest(name, from);
    if (seen.has(manifest)) return;
    seen.add(manifest);
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (needed && !(name in direct)) {
      if (installedManifest(name, ROOT) !== manifest) {
        throw new Error(`${name}: installed nested at ${path.dirname(manifest)}, not hoisted; the jsii bundle cannot hold two versions of it`);
      }
      found[name] = pkg.version;
    }
    const optional: Record<string, { optional?: boolean }> = pkg.peerDependenciesMeta ?? {};
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((peer) => !optional[peer]?.optional);
    for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...peers]) visit(dep, path.dirname(manifest), true);
  };
  for (const name of Object.keys(direct)) visit(name, ROOT, false);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What the stage copies from the repository. */
// vendor/cloudnative-pg: the CRDs manifest validation reads at run time, from the package root.
const STAGED = ['src', 'extensions', 'rosetta', 'vendor/cloudnative-pg', 'LICENSE'];

/**
 * Copies the library into `dir` (a new temporary directory by default) and
 * runs jsii there. The caller removes the directory.
 */
export function stageJsii(dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-'))): JsiiStage {
  for (const entry of STAGED) {
    const from = path.join(ROOT, entry);
    if (!fs.existsSync(from)) throw new Error(`${entry}: missing from the repository; the jsii stage needs it`);
    // Sources only: a stale lib/ output (a .js or .d.ts beside a .ts) would shadow what jsii compiles.
    fs.cpSync(from, path.join(dir, entry), { recursive: true, filter: (f) => !f.endsWith('.d.ts') && !f.endsWith('.js') });
  }
  // The assembly's README, with the examples marked as not for rosetta fenced as text (scripts/jsii/readme-examples.ts).
  fs.writeFileSync(path.join(dir, 'README.md'), readmeForRosetta(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(jsiiPackageJson(pkg), null, 2)}\n`);
  // -vv prints JSII9998, which names each declaration other languages will not see.
  const run = spawnSync(process.execPath, [toolBin('jsii'), '-vv'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const output = `${run.stdout}\n${run.stderr}`;
  return { dir, status: run.status, output, diagnostics: diagnosticsOf(output) };
}

/**
 * Runs `use` on a stage jsii compiled without error, in a scratch directory
 * of its own (`<scratch>/package`, so that rosetta's examples directory can
 * go beside it), and removes the scratch directory afterwards.
 */
export function withCompiledStage<T>(use: (stage: string) => T): T {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-stage-'));
  try {
    const stage = path.join(scratch, 'package');
    fs.mkdirSync(stage);
    const jsii = stageJsii(stage);
    if (jsii.status !== 0) throw new Error(`jsii failed (exit ${jsii.status}):\n${jsii.output}`);
    return use(stage);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { REPOSITORY_LOCK } from './fixtures';
import { PACMAK_TARGETS, packageJsii, parseTargets } from '../scripts/jsii/package';
import { ROOT } from '../scripts/jsii/stage';

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('package-jsii: the target list', () => {
  test('js by default; the release workflow\'s list; each target once', () => {
    expect(parseTargets([])).toEqual(['js']);
    expect(parseTargets(['--targets', 'python,java,go,dotnet'])).toEqual(['python', 'java', 'go', 'dotnet']);
    expect(parseTargets(['--targets=js,js'])).toEqual(['js']);
    expect(PACMAK_TARGETS).toEqual(['js', 'python', 'java', 'go', 'dotnet']);
  });

  test('an unknown target or argument is refused, naming it', () => {
    expect(() => parseTargets(['--targets', 'python,ruby'])).toThrow('package-jsii: --targets: unknown target ruby; known: js, python, java, go, dotnet');
    expect(() => parseTargets(['--targets'])).toThrow('package-jsii: --targets: needs a comma-separated list');
    expect(() => parseTargets(['python'])).toThrow('package-jsii: python: unknown argument');
  });
});

describe('package-jsii --targets js: the jsii npm tarball, built here', () => {
  let work: string;
  let tarball: string;
  let contents: string[];
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'package-jsii-test-'));
    const files = packageJsii(['js'], path.join(work, 'dist'));
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(files).toEqual([path.join('js', `cnpg-extensions-cdk@${version}.jsii.tgz`)]);
    tarball = path.join(work, 'dist', files[0]);
    contents = run('tar', ['-tzf', tarball], work).trim().split('\n');
  }, 300_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('holds the assembly, its examples tablet, the compiled library and definitions, the CRDs and the bundled runtime dependencies, nothing else', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const bundled = Object.keys(pkg.dependencies);
    const allowed = /^package\/(package\.json|README\.md|LICENSE|\.jsii|\.jsii\.tabl\.json|lib\/(src|extensions)\/.+\.(js|d\.ts|json)|vendor\/cloudnative-pg\/.+|node_modules\/.+)$/;
    expect(contents.filter((f) => !allowed.test(f))).toEqual([]);
    expect(contents).toEqual(expect.arrayContaining([
      'package/.jsii', 'package/.jsii.tabl.json', 'package/lib/src/index.js', 'package/lib/src/packaged-extensions.js',
      'package/lib/extensions/index.js', 'package/lib/extensions/versions.lock.json', 'package/vendor/cloudnative-pg/crds-1.30.0.yaml',
      ...bundled.map((dep) => `package/node_modules/${dep}/package.json`),
    ]));
    // The tooling is TypeScript only and not in the jsii package.
    expect(contents.filter((f) => /lib\/src\/(projen|repository\/)/.test(f))).toEqual([]);
  });

  test('unpacked into an app\'s node_modules and required, it gives a packaged extension and amends a Cluster', () => {
    const app = path.join(work, 'app');
    const installed = path.join(app, 'node_modules', 'cnpg-extensions-cdk');
    fs.mkdirSync(installed, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], work);
    // cdk8s and constructs are jsii modules of their own: the runtime provides them beside the package.
    for (const peer of ['cdk8s', 'constructs']) fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', peer)), path.join(app, 'node_modules', peer));
    fs.writeFileSync(path.join(app, 'main.js'), [
      "const { ApiObject, App, Chart } = require('cdk8s');",
      "const { ClusterExtension, PackagedExtensions } = require('cnpg-extensions-cdk');",
      'const app = new App();',
      "const chart = new Chart(app, 'db', { namespace: 'apps' });",
      "const cluster = new ApiObject(chart, 'pg', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg' }, spec: {",
      "  instances: 1, storage: { size: '1Gi' },",
      "  imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-bookworm', major: 18 } } });",
      "const database = new ApiObject(chart, 'app', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Database', metadata: { name: 'app' },",
      "  spec: { name: 'app', owner: 'app', cluster: { name: 'pg' } } });",
      "new ClusterExtension(chart, 'vector', { cluster, database, extension: PackagedExtensions.image('pgvector') });",
      'process.stdout.write(app.synthYaml());',
      '',
    ].join('\n'));
    const docs = parseAllDocuments(run(process.execPath, ['main.js'], app)).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === 'Cluster').spec.postgresql.extensions).toEqual([{ name: 'pgvector' }]);
    const locked = REPOSITORY_LOCK.entry({ extension: 'pgvector', component: 'pgvector', distro: 'bookworm', major: 18 })!.sqlVersion;
    expect(docs.find((d) => d.kind === 'Database').spec.extensions).toEqual([{ name: 'vector', version: locked }]);
  });
});

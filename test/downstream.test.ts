import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as semver from 'semver';
import { parseAllDocuments } from 'yaml';
import { REPOSITORY_LOCK, ROOT } from './fixtures';
import { packLibrary, run } from './packed-library';

describe('downstream cdk8s app using the packed library', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-downstream-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const pack = () => packLibrary(work);

  test('the package builds before packing and holds only the library, the definitions and the vendored CRDs', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.scripts.prepack).toBe('projen prepack');
    const contents = run('tar', ['-tzf', pack()], work).trim().split('\n');
    const allowed = /^package\/(lib\/src\/.+|lib\/extensions\/.+|vendor\/cloudnative-pg\/.+|package\.json|README\.md|LICENSE)$/;
    expect(contents.filter((f) => !allowed.test(f))).toEqual([]);
    expect(contents).toEqual(expect.arrayContaining([
      'package/lib/src/index.js', 'package/lib/src/projen.d.ts', 'package/lib/extensions/index.d.ts',
      'package/lib/extensions/versions.lock.json', 'package/vendor/cloudnative-pg/crds-1.30.0.yaml',
      // update-versions, as the package's bin, and the apt sources it reads by default.
      'package/lib/src/repository/update-versions.js', 'package/vendor/cloudnative-pg/apt-sources.json',
    ]));
    expect(manifest.bin).toEqual({ 'cnpg-extensions-update-versions': 'lib/src/repository/update-versions.js' });
    // cdk8s and constructs are the app's own, never a second copy.
    expect(Object.keys(manifest.dependencies ?? {})).not.toEqual(expect.arrayContaining(['cdk8s']));
    expect(Object.keys(manifest.dependencies ?? {})).not.toEqual(expect.arrayContaining(['constructs']));
    expect(Object.keys(manifest.peerDependencies)).toEqual(expect.arrayContaining(['cdk8s', 'constructs']));
  });

  test('an app on the oldest cdk8s and constructs the peer ranges allow type-checks and synthesizes', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const oldest = (name: string) => semver.minVersion(manifest.peerDependencies[name])!.version;
    const app = path.join(work, 'oldest');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'oldest-peers-app', private: true }));
    fs.writeFileSync(path.join(app, 'main.ts'), [
      "import { ApiObject, App, Chart } from 'cdk8s';",
      "import { ClusterExtension, ExtensionImage } from 'cnpg-extensions-cdk';",
      "import { pgvector, versionsLock } from 'cnpg-extensions-cdk/extensions';",
      'const app = new App();',
      "const chart = new Chart(app, 'db', { namespace: 'apps' });",
      "const cluster = new ApiObject(chart, 'pg', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg' }, spec: {",
      "  instances: 1, storage: { size: '1Gi' },",
      "  imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql-minimal-trixie', major: 18 } } });",
      'const extension = new ExtensionImage(pgvector);',
      'extension.addBuildsFromLock(versionsLock);',
      "new ClusterExtension(chart, 'vector', { cluster, extension });",
      'process.stdout.write(app.synthYaml());',
      '',
    ].join('\n'));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `cdk8s@${oldest('cdk8s')}`, `constructs@${oldest('constructs')}`, '@types/node@20', pack()], app);
    expect(JSON.parse(fs.readFileSync(path.join(app, 'node_modules/cdk8s/package.json'), 'utf8')).version).toBe(oldest('cdk8s'));
    // One copy of each: the library resolves the app's cdk8s and constructs.
    expect(fs.existsSync(path.join(app, 'node_modules/cnpg-extensions-cdk/node_modules/cdk8s'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules/cnpg-extensions-cdk/node_modules/constructs'))).toBe(false);
    const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
    run(tsc, ['--strict', '--module', 'commonjs', '--target', 'es2020', '--esModuleInterop', '--types', 'node', 'main.ts'], app);
    const docs = parseAllDocuments(run('node', ['main.js'], app)).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === 'Cluster').spec.postgresql.extensions).toEqual([{ name: 'pgvector' }]);
  });

  test('installs from npm pack and renders its own Cluster and Database', () => {
    const tarball = pack();

    const app = path.join(work, 'app');
    fs.cpSync(path.join(__dirname, 'downstream-app'), app, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], app);
    const docs = parseAllDocuments(run('node', ['main.js'], app)).map((d) => d.toJS());
    const cluster = docs.find((d) => d.kind === 'Cluster');
    const database = docs.find((d) => d.kind === 'Database');
    expect(cluster.metadata).toEqual({ name: 'shop-db', namespace: 'shop' });
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.postgresql.extensions).toEqual([{ name: 'pgvector' }, { name: 'pgaudit' }, { name: 'postgis' }]);
    expect(cluster.spec.postgresql.shared_preload_libraries).toEqual(['pg_stat_statements', 'pgaudit']);
    // The SQL versions the packaged lock gives the Cluster's distro, bookworm.
    const locked = (extension: string) => REPOSITORY_LOCK.entry({ extension, component: extension, distro: 'bookworm', major: 18 })!.sqlVersion;
    expect(database.spec.extensions).toEqual([
      { name: 'vector', version: locked('pgvector') },
      { name: 'pgaudit', version: locked('pgaudit') },
      { name: 'postgis', version: locked('postgis') },
    ]);

    // Construct validation runs in the downstream app and names the object, the field and the rule.
    const bad = spawnSync('node', ['main.js'], { cwd: app, encoding: 'utf8', env: { ...process.env, BAD: '1' } });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Cluster\/shop-db: spec\.postgresql\.extensions\[0\]\.env\[0\]\.name: .*reserved/);
  });
});

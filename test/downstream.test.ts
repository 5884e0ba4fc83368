import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { REPOSITORY_LOCK, ROOT } from './fixtures';

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('downstream cdk8s app using the packed library', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-downstream-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('installs from npm pack and renders its own Cluster and Database', () => {
    run(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--outDir', path.join(work, 'build')], ROOT);
    // Pack from a staging copy so that the test never writes into the repository.
    const stage = path.join(work, 'package');
    fs.mkdirSync(stage);
    for (const f of ['package.json', 'README.md', 'LICENSE', '.npmignore']) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
    fs.cpSync(path.join(work, 'build'), path.join(stage, 'lib'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'vendor'), path.join(stage, 'vendor'), { recursive: true });
    const tarball = path.join(work, run('npm', ['pack', '--silent', '--pack-destination', work], stage).trim().split('\n').pop()!);
    const contents = run('tar', ['-tzf', tarball], work);
    expect(contents).toContain('package/lib/src/index.js');
    expect(contents).toContain('package/lib/extensions/index.d.ts');
    expect(contents).toContain('package/lib/extensions/versions.lock.json');
    expect(contents).not.toContain('package/src/');
    expect(contents).toContain('package/vendor/cloudnative-pg/crds-1.30.0.yaml');

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

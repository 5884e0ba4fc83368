import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './fixtures';

/**
 * projen's bump, as the library release workflow runs it (with the release
 * task's environment), on a scratch repository holding this project's tasks
 * and package.json: conventional commits since the last tag decide the next
 * version, on this machine's Node with the pinned commit-and-tag-version.
 */
describe('library versions', () => {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen/tasks.json'), 'utf8')).tasks;
  let dir: string;

  const run = (command: string, args: string[], env: Record<string, string> = {}) => {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  };
  const git = (...args: string[]) => run('git', args);
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  /** Commits, bumps as the release task does, then tags the version as the GitHub release job would and unbumps. */
  const release = (message: string) => {
    git('commit', '--allow-empty', '--quiet', '-m', message);
    run(path.join(ROOT, 'node_modules/.bin/projen'), ['bump'], tasks.release.env);
    const released = { version: read('dist/version.txt'), tag: read('dist/releasetag.txt'), changelog: read('dist/changelog.md') };
    git('tag', released.tag);
    run(path.join(ROOT, 'node_modules/.bin/projen'), ['unbump']);
    return released;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'library-release-'));
    fs.mkdirSync(path.join(dir, '.projen'));
    fs.copyFileSync(path.join(ROOT, '.projen/tasks.json'), path.join(dir, '.projen/tasks.json'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, '.gitignore'), '/node_modules\n/dist/\n');
    git('init', '--quiet', '-b', 'main');
    git('config', 'user.name', 'test');
    git('config', 'user.email', 'test@example.com');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'chore: scratch repository');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('on the 0.x line the first release is 0.1.0, a fix or a feature adds a patch, a breaking change a minor; the changelog names it; package.json goes back to 0.0.0', () => {
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
    const first = release('feat: the first feature');
    expect([first.version, first.tag]).toEqual(['0.1.0', 'v0.1.0']);
    expect(first.changelog).toMatch(/### Features\n\n\* the first feature/);

    expect(release('fix: a bug').version).toBe('0.1.1');
    expect(release('feat: a second feature').version).toBe('0.1.2');

    const breaking = release('feat!: a breaking change');
    expect(breaking.version).toBe('0.2.0');
    expect(breaking.changelog).toContain('### ⚠ BREAKING CHANGES');
    expect(breaking.changelog).toContain('[0.2.0](https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk/compare/v0.1.2...v0.2.0)');
    expect(JSON.parse(read('package.json')).version).toBe('0.0.0');
  }, 180_000);

  test('only feat and fix commits (with or without a scope) start a release', () => {
    git('commit', '--allow-empty', '--quiet', '-m', 'docs: wording');
    const releasable = run(path.join(ROOT, 'node_modules/.bin/projen'), ['bump:releasable-commits'], { LATEST_TAG: 'v0.2.0' });
    expect(releasable.trim()).toBe('');
    git('commit', '--allow-empty', '--quiet', '-m', 'fix(catalog): a fix with a scope');
    expect(run(path.join(ROOT, 'node_modules/.bin/projen'), ['bump:releasable-commits'], { LATEST_TAG: 'v0.2.0' })).toMatch(/fix\(catalog\): a fix with a scope/);
  }, 60_000);
});

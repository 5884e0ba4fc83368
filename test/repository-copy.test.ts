import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyOfRepository, snapshot } from './repository-copy';

/**
 * A git worktree in miniature: node_modules is a symlink to a directory
 * elsewhere, which `node_modules/` in .gitignore does not match, next to a
 * symlinked directory, an ignored file and a tracked file deleted from disk.
 */
function worktreeWithLinkedNodeModules(scratch: string): string {
  const repo = path.join(scratch, 'repo');
  const modules = path.join(scratch, 'shared/node_modules');
  fs.mkdirSync(path.join(modules, 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(modules, 'pkg/index.js'), 'module.exports = 1;\n');
  fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };
  git('init', '-q');
  fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n*.log\n');
  fs.writeFileSync(path.join(repo, 'tracked.txt'), 'tracked\n');
  fs.writeFileSync(path.join(repo, 'deleted.txt'), 'gone\n');
  git('add', '.gitignore', 'tracked.txt', 'deleted.txt');
  fs.rmSync(path.join(repo, 'deleted.txt'));
  fs.writeFileSync(path.join(repo, 'src/untracked.ts'), 'export {};\n');
  fs.writeFileSync(path.join(repo, 'debug.log'), 'ignored\n');
  fs.symlinkSync(modules, path.join(repo, 'node_modules'));
  fs.symlinkSync('src', path.join(repo, 'src-link'));
  return repo;
}

describe('copyOfRepository', () => {
  let scratch: string;
  let repo: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'repository-copy-'));
    repo = worktreeWithLinkedNodeModules(scratch);
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('copies the tracked and unignored files of a worktree whose node_modules is a symlink, and links node_modules', () => {
    expect(spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).stdout).toContain('node_modules\n');
    const copy = copyOfRepository(repo); // threw EISDIR, copying the node_modules link as a file
    try {
      expect([...snapshot(copy).entries()].sort()).toEqual([['.gitignore', 'node_modules/\n*.log\n'], ['src/untracked.ts', 'export {};\n'], ['tracked.txt', 'tracked\n']]);
      expect(fs.readFileSync(path.join(copy, 'node_modules/pkg/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  test('snapshot records a symlink by its target instead of reading through it', () => {
    expect(snapshot(repo).get('src-link')).toBe('symlink to src');
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './fixtures';

/**
 * A copy of `root`'s tracked files and its untracked files that git does not
 * ignore, with node_modules linked, to run `.projenrc.ts` in. Only regular
 * files (or links to them) are copied: git lists a symlink to a directory as
 * a file (`node_modules/` in .gitignore does not match a symlinked
 * node_modules, as in a worktree), and a tracked file may be deleted.
 */
export function copyOfRepository(root: string = ROOT): string {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files in ${root}: ${listed.stderr}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-synth-'));
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!fs.statSync(path.join(root, file), { throwIfNoEntry: false })?.isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Every file under `dir` (not following node_modules) with its content; a symlink by its target, so that it is not followed. */
export function snapshot(dir: string, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    if (entry.isDirectory()) snapshot(dir, rel).forEach((v, k) => result.set(k, v));
    else if (entry.isSymbolicLink()) result.set(rel, `symlink to ${fs.readlinkSync(path.join(dir, rel))}`);
    else result.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8'));
  }
  return result;
}

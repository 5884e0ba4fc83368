/**
 * Scratch copies of the repository for the benchmark: synthesis runs there,
 * never in the repository itself.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** A directory under the system's temporary directory, removed by `removeScratch`. */
export function scratchDirectory(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cnpg-bench-${label}-`));
}

export function removeScratch(dir: string): void {
  // Generated files are read-only; removal only needs the directories writable.
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of the repository's tracked and untracked, not ignored files (what a
 * clone with local edits holds), with node_modules linked.
 */
export function copyOfRepository(label: string): string {
  const dir = scratchDirectory(label);
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, file);
    if (file === 'node_modules' || file.startsWith('node_modules/')) continue;
    if (!fs.lstatSync(from, { throwIfNoEntry: false })?.isFile()) continue; // deleted in the working tree, or a link
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
    // eslint-disable-next-line no-bitwise -- the permission bits of a file mode are a bit mask
    fs.chmodSync(path.join(dir, file), fs.statSync(from).mode & 0o777);
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** `count` zero-padded names: vec0000, vec0001, ... */
export function copyNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `vec${String(i).padStart(4, '0')}`);
}

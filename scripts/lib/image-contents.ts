/**
 * The file list of a mounted image, one line per entry, so that two builds of
 * the same package versions can be compared: a change to how the Dockerfiles
 * are written must not change what the images hold.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * One line per file, directory and symlink under `root`, sorted by path:
 * `PATH TYPE MODE UID:GID DETAIL`, where DETAIL is a regular file's size and
 * SHA-256, a symlink's target, and nothing for a directory. Times are left
 * out: they are all that differs between two builds of the same packages.
 */
export function listContents(root: string): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(path.join(root, dir)).sort()) {
      const rel = path.posix.join(dir, name);
      const stat = fs.lstatSync(path.join(root, rel));
      const owner = `${stat.uid}:${stat.gid}`;
      // eslint-disable-next-line no-bitwise -- the permission bits of a file mode are a bit mask
      const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
      if (stat.isSymbolicLink()) {
        lines.push(`/${rel} link ${mode} ${owner} -> ${fs.readlinkSync(path.join(root, rel))}`);
      } else if (stat.isDirectory()) {
        lines.push(`/${rel} dir ${mode} ${owner}`);
        walk(rel);
      } else if (stat.isFile()) {
        const sha256 = createHash('sha256').update(fs.readFileSync(path.join(root, rel))).digest('hex');
        lines.push(`/${rel} file ${mode} ${owner} ${stat.size} ${sha256}`);
      } else {
        lines.push(`/${rel} other ${mode} ${owner}`);
      }
    }
  };
  walk('');
  return lines;
}

/** Lines only in `before` (prefixed "-") and only in `after` (prefixed "+"), in path order. */
export function contentsDifference(before: readonly string[], after: readonly string[]): string[] {
  const inBefore = new Set(before);
  const inAfter = new Set(after);
  return [
    ...before.filter((l) => !inAfter.has(l)).map((l) => `- ${l}`),
    ...after.filter((l) => !inBefore.has(l)).map((l) => `+ ${l}`),
  ].sort((a, b) => a.slice(2).localeCompare(b.slice(2)));
}

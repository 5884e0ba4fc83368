import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The files of the synthesis caches (compiled validators, validated outputs).
 * Best effort: an unreadable, damaged or unwritable file only costs the work
 * it would have saved. Each file's first line is the SHA-256 of the rest,
 * checked when it is read, and each is written to a temporary name and
 * renamed into place, so a reader never sees half a file.
 */

/** The SHA-256 of `data`, in hex. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes `content` to `file` (creating its directory); when that fails, nothing is written. */
export function writeCacheFile(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, `sha256:${sha256Hex(content)}\n${content}`);
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nowhere to write: nothing was written.
    }
  }
}

/** The content writeCacheFile wrote to `file`, when the file is there and intact. */
export function readCacheFile(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const content = text.slice(newline + 1);
  return newline > 0 && text.slice(0, newline) === `sha256:${sha256Hex(content)}` ? content : undefined;
}

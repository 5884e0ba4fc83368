import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCacheFile, sha256Hex, writeCacheFile } from '../../src/model/cache-file';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-file-'));
});
afterEach(() => {
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cache files', () => {
  test('what is written is read back, its first line the SHA-256 of the rest, in a directory made for it', () => {
    const file = path.join(dir, 'a', 'b', 'entry.json');
    const content = 'first line\nsecond line, ünïcödé\n';
    writeCacheFile(file, content);
    expect(readCacheFile(file)).toBe(content);
    expect(fs.readFileSync(file, 'utf8')).toBe(`sha256:${sha256Hex(content)}\n${content}`);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['entry.json']);
  });

  test('a missing, cut, altered or headless file reads as nothing', () => {
    const file = path.join(dir, 'entry');
    expect(readCacheFile(file)).toBeUndefined();
    writeCacheFile(file, 'the whole content');
    const whole = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, whole.slice(0, -3));
    expect(readCacheFile(file)).toBeUndefined();
    fs.writeFileSync(file, whole.replace('whole', 'other'));
    expect(readCacheFile(file)).toBeUndefined();
    fs.writeFileSync(file, 'the whole content');
    expect(readCacheFile(file)).toBeUndefined();
  });

  test('where nothing can be written, nothing is, and nothing is thrown', () => {
    if (process.getuid?.() === 0) {
      // root writes into a read-only directory: a file where the directory should be stops the write instead.
      fs.writeFileSync(path.join(dir, 'blocked'), '');
      expect(() => writeCacheFile(path.join(dir, 'blocked', 'entry'), 'x')).not.toThrow();
    } else {
      fs.chmodSync(dir, 0o500);
      expect(() => writeCacheFile(path.join(dir, 'entry'), 'x')).not.toThrow();
      fs.chmodSync(dir, 0o700);
    }
    expect(fs.readdirSync(dir).filter((f) => f !== 'blocked')).toEqual([]);
  });
});

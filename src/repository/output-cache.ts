import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readCacheFile, sha256Hex, writeCacheFile } from '../model/cache-file';

/**
 * Validated per-extension outputs kept across runs, so that a synthesis
 * renders and validates again only the extensions whose inputs changed (and
 * the catalogs, whose inputs are every extension's, when any did).
 *
 * An entry is found by the SHA-256 of exactly what decides its files: the
 * inputs shared by every extension (the library fingerprint, the CRDs, the
 * repository's options, operand catalogs and images lock) and the
 * extension's own (its definition as loaded, with those of the extensions it
 * requires, and their versions lock entries), written as canonical JSON. An
 * input that is not plain data (a function, a class instance) cannot be
 * written so: that extension is rendered every time, never cached.
 *
 * Best effort, like the validator cache (see model/cache-file.ts). Entries
 * this run did not use are removed once they are a week old.
 */
export class OutputCache {
  /** Opens the cache under `dir` (created when first written) for the given shared inputs. */
  public static open(dir: string, shared: unknown): OutputCache | undefined {
    const sharedJson = canonicalJson(shared);
    if (sharedJson === undefined) return undefined;
    return new OutputCache(path.join(path.resolve(dir), OUTPUTS_DIRECTORY), sha256Hex(sharedJson));
  }

  private readonly used = new Set<string>();

  private constructor(private readonly dir: string, private readonly sharedHash: string) {}

  /** The key of an extension's outputs, or undefined when its inputs are not plain data. */
  public key(inputs: unknown): string | undefined {
    const json = canonicalJson(inputs);
    return json === undefined ? undefined : sha256Hex(`${this.sharedHash}\n${json}`);
  }

  /** The files stored under `key`, when present and intact. */
  public read(key: string): Map<string, string> | undefined {
    this.used.add(key);
    const content = readCacheFile(this.file(key));
    if (content === undefined) return undefined;
    try {
      const files: unknown = JSON.parse(content);
      if (!Array.isArray(files) || !files.every((f) => Array.isArray(f) && f.length === 2 && f.every((s) => typeof s === 'string'))) return undefined;
      return new Map(files as Array<[string, string]>);
    } catch {
      return undefined;
    }
  }

  /** Stores `files` (validated) under `key`. */
  public write(key: string, files: ReadonlyMap<string, string>): void {
    this.used.add(key);
    writeCacheFile(this.file(key), JSON.stringify([...files]));
  }

  /** Removes the entries this run did not use that were last written more than `maxAgeMs` ago (a week by default). */
  public prune(maxAgeMs = 7 * 24 * 3600 * 1000, now = Date.now()): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (this.used.has(name.replace(/\.json$/, ''))) continue;
      try {
        const file = path.join(this.dir, name);
        if (now - fs.statSync(file).mtimeMs > maxAgeMs) fs.rmSync(file, { force: true });
      } catch {
        // Removed by another run meanwhile.
      }
    }
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}

/**
 * The files for `inputs`: from `cache` when it holds them (they were validated
 * when stored, from these very inputs), else made and validated by `render`,
 * and stored.
 */
export function cachedFiles(cache: OutputCache | undefined, inputs: unknown, render: () => Map<string, string>): Map<string, string> {
  const key = cache?.key(inputs);
  const stored = key === undefined ? undefined : cache!.read(key);
  if (stored) return stored;
  const files = render();
  if (key !== undefined) cache!.write(key, files);
  return files;
}

/** The entries' directory in the cache directory; its name changes with their layout, so entries of another layout are never read. */
export const OUTPUTS_DIRECTORY = 'outputs-v2';

/**
 * `value` as JSON with object keys sorted, or undefined when it holds
 * anything but plain data: JSON would drop functions and undefined fields,
 * and write a class instance as its fields only, so two inputs that differ
 * could be written alike. Undefined fields are written as a marker.
 */
export function canonicalJson(value: unknown): string | undefined {
  const seen = new Set<object>();
  const write = (v: unknown): string | undefined => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : undefined;
    if (v === undefined) return '{"undefined":true}';
    if (typeof v !== 'object' || seen.has(v)) return undefined;
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        const items = v.map(write);
        return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
      }
      const prototype = Object.getPrototypeOf(v);
      if (prototype !== Object.prototype && prototype !== null) return undefined;
      const fields = Object.keys(v).sort().map((k) => {
        const item = write((v as Record<string, unknown>)[k]);
        return item === undefined ? undefined : `${JSON.stringify(k)}:${item}`;
      });
      return fields.includes(undefined) ? undefined : `{${fields.join(',')}}`;
    } finally {
      seen.delete(v);
    }
  };
  return write(value);
}

/** The library's own code: src/ in the repository, lib/src/ once installed. */
const LIBRARY_ROOT = path.join(__dirname, '..');
let fingerprint: string | undefined;

/**
 * What the library's outputs depend on besides its inputs: every file of its
 * own code (src/ in the repository, lib/src/ once installed), the versions of
 * the packages that render and validate (cdk8s, constructs, yaml, ajv,
 * @bufbuild/cel) and Node's. Computed once per process.
 */
export function libraryFingerprint(root: string = LIBRARY_ROOT): string {
  if (root === LIBRARY_ROOT && fingerprint !== undefined) return fingerprint;
  const hash = createHash('sha256');
  for (const file of listFiles(root)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  for (const name of ['cdk8s', 'constructs', 'yaml', 'ajv', '@bufbuild/cel']) hash.update(`${name}@${packageVersion(name)}\n`);
  hash.update(`node ${process.version}\n`);
  const digest = hash.digest('hex');
  if (root === LIBRARY_ROOT) fingerprint = digest;
  return digest;
}

function listFiles(root: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(root, prefix), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, rel) : entry.isFile() ? [rel] : [];
    });
}

/** The version in the package.json above where `name` resolves; "unknown" when there is none. */
function packageVersion(name: string): string {
  try {
    let dir = path.dirname(require.resolve(name));
    while (path.dirname(dir) !== dir) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const json = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (json.name === name) return String(json.version);
      }
      dir = path.dirname(dir);
    }
  } catch {
    // Not resolvable from here.
  }
  return 'unknown';
}

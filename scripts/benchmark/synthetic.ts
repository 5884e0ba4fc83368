/**
 * Synthetic repositories of N definitions, built from a frozen fixture
 * (test/fixtures/synthetic: pgvector's definition and lock entries of
 * 2026-11-30), and the digest of what synthesis writes in them. The digests
 * in test/fixtures/synthetic/digests.json were recorded by running the code
 * of 43ef8a1, before synthesis was made faster (an export of that commit,
 * given with --code); test/synthetic-digest.test.ts checks that the code of
 * today writes the same bytes. Being frozen, the fixture does not follow
 * version updates of the real pgvector, and README.md counts by its generated
 * tables only; a change to the renderers, the operand catalogs or the options
 * of .projenrc.ts changes the digests on purpose, and is recorded again with
 *
 *   tsx scripts/benchmark/synthetic.ts record [--code DIR [--code-label TEXT]] [N...]
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, copyNames, copyOfRepository, removeScratch, scratchDirectory } from './scratch';

/** The fixture directory. */
export const SYNTHETIC_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'synthetic');
/** The recorded digests, by N. */
export const DIGESTS_FILE = path.join(SYNTHETIC_FIXTURE, 'digests.json');
/** The fixture definition's name, as written in its source. */
const BASE = 'pgvector';

/** What a synthesis wrote, as one hash. */
export interface TreeDigest {
  /** How many files the digest covers. */
  readonly files: number;
  /** SHA-256 over each file's path, mode and content hash, in path order. */
  readonly sha256: string;
}

/** Files outside generated/ that ExtensionImages writes whole. */
const WRITTEN_OUTSIDE = ['extensions/index.ts', '.github/CODEOWNERS'];
/** The parts of README.md it writes (the rest is hand-written, and changes without synthesis). */
const README_TABLES = /^<!-- (extensions-table|not-packaged-table):start -->$[\s\S]*?^<!-- \1:end -->$/gm;

/**
 * A scratch copy of the repository whose definitions are `count` copies of
 * the fixture definition (vec0000, ...; each its own image name) and whose
 * versions lock holds the fixture's entries for each.
 */
export function syntheticRepository(count: number, code?: string): string {
  const dir = code === undefined ? copyOfRepository(`synthetic${count}`) : plainCopy(code, `synthetic${count}`);
  const source = fs.readFileSync(path.join(SYNTHETIC_FIXTURE, 'definition.ts.txt'), 'utf8');
  const fixtureLock = JSON.parse(fs.readFileSync(path.join(SYNTHETIC_FIXTURE, 'lock-entries.json'), 'utf8')) as { entries: Array<Record<string, unknown>> };
  writeCopies(dir, source, fixtureLock.entries, count);
  return dir;
}

/**
 * Replaces the definitions of a scratch copy by `count` copies of `source`
 * (a definition named `pgvector`, renamed, its image name too), and its
 * versions lock's entries by `baseEntries` copied for each. The generated
 * files of the real definitions go with them on the first synthesis.
 */
export function writeCopies(dir: string, source: string, baseEntries: ReadonlyArray<Record<string, unknown>>, count: number): void {
  if (!source.includes(`export const ${BASE}:`) || !source.includes(`name: '${BASE}',`)) {
    throw new Error(`the base definition is not a simple one (export const ${BASE}: ..., name: '${BASE}')`);
  }
  const extensions = path.join(dir, 'extensions');
  for (const file of fs.readdirSync(extensions)) {
    if (file.endsWith('.ts') && file !== 'index.ts') fs.rmSync(path.join(extensions, file));
  }
  const lockFile = path.join(extensions, 'versions.lock.json');
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Record<string, unknown>;
  const entries: Array<Record<string, unknown>> = [];
  for (const name of copyNames(count)) {
    const copy = source
      .replace(`export const ${BASE}:`, `export const ${name}:`)
      .replace(`name: '${BASE}',`, `name: '${name}',\n  imageName: '${name}',`);
    fs.writeFileSync(path.join(extensions, `${name}.ts`), copy);
    entries.push(...baseEntries.map((e) => ({ ...e, extension: name, component: name })));
  }
  fs.writeFileSync(lockFile, `${JSON.stringify({ ...lock, entries }, null, 2)}\n`);
}

/** A copy of `source` (an export of another commit, say) without its node_modules, with this repository's linked. */
function plainCopy(source: string, label: string): string {
  const dir = scratchDirectory(label);
  fs.cpSync(source, dir, { recursive: true, filter: (from) => path.basename(from) !== 'node_modules' });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Runs the synthesis `npx projen` runs (`tsx .projenrc.ts`, no post-synthesis step) in `dir`; throws with its standard error when it fails. */
export function synthesizeIn(dir: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(path.join(dir, 'node_modules', '.bin', 'tsx'), ['.projenrc.ts'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', PROJEN_DISABLE_POST: 'true', ...env },
  });
  if (result.status !== 0) throw new Error(`synthesis failed in ${dir}:\n${result.stderr}`);
}

/** The digest of what ExtensionImages writes in `dir`: every file under generated/, the files it writes outside it, and README.md's tables. */
export function treeDigest(dir: string): TreeDigest {
  const files = [...listFiles(path.join(dir, 'generated')).map((f) => `generated/${f}`), ...WRITTEN_OUTSIDE]
    .filter((f) => fs.existsSync(path.join(dir, f)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = fs.statSync(path.join(dir, file));
    const content = createHash('sha256').update(fs.readFileSync(path.join(dir, file))).digest('hex');
    // eslint-disable-next-line no-bitwise -- the permission bits of a file mode are a bit mask
    hash.update(`${file}\0${(stat.mode & 0o777).toString(8)}\0${content}\n`);
  }
  const tables = fs.readFileSync(path.join(dir, 'README.md'), 'utf8').match(README_TABLES) ?? [];
  hash.update(`README.md tables\0${createHash('sha256').update(tables.join('\n')).digest('hex')}\n`);
  return { files: files.length, sha256: hash.digest('hex') };
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(path.join(dir, prefix))) return [];
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** The recorded digests, by N. */
export function recordedDigests(): Record<string, TreeDigest> {
  return JSON.parse(fs.readFileSync(DIGESTS_FILE, 'utf8')).digests;
}

/**
 * Synthesizes a synthetic repository of each size afresh (no cache) and
 * records its digest; with `code`, a directory holding another commit's files
 * (`git archive <commit> | tar -x -C DIR`), that commit's code synthesizes.
 */
function record(sizes: number[], code?: string): void {
  const digests: Record<string, TreeDigest> = fs.existsSync(DIGESTS_FILE) ? recordedDigests() : {};
  for (const size of sizes) {
    const dir = syntheticRepository(size, code);
    const cache = scratchDirectory('cache');
    try {
      synthesizeIn(dir, { CNPG_EXTENSIONS_CDK_CACHE: cache });
      digests[size] = treeDigest(dir);
      console.log(`N=${size}: ${digests[size].files} files, sha256 ${digests[size].sha256}`);
    } finally {
      removeScratch(dir);
      removeScratch(cache);
    }
  }
  const comment = 'What synthesis writes in the synthetic repositories of scripts/benchmark/synthetic.ts, by N; '
    + `recorded with \`tsx scripts/benchmark/synthetic.ts record [--code DIR] N...\`${code ? `, the code from ${codeLabel ?? code}` : ''}.`;
  fs.writeFileSync(DIGESTS_FILE, `${JSON.stringify({ comment, digests }, null, 2)}\n`);
}

/** How the recording names the code it ran, when not this repository's. */
let codeLabel: string | undefined;

if (require.main === module) {
  const [command, ...rest] = process.argv.slice(2);
  const codeAt = rest.indexOf('--code');
  const code = codeAt >= 0 ? rest.splice(codeAt, 2)[1] : undefined;
  const labelAt = rest.indexOf('--code-label');
  codeLabel = labelAt >= 0 ? rest.splice(labelAt, 2)[1] : undefined;
  if (command !== 'record' || rest.some((s) => !/^\d+$/.test(s))) {
    console.error('usage: tsx scripts/benchmark/synthetic.ts record [--code DIR [--code-label TEXT]] [N...] (default 1000)');
    process.exit(2);
  }
  record(rest.length > 0 ? rest.map(Number) : [1000], code);
}

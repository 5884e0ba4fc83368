import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recordedDigests, synthesizeIn, syntheticRepository, treeDigest } from '../scripts/benchmark/synthetic';
import { OUTPUTS_DIRECTORY } from '../src/repository/output-cache';

/** A synthesis of 1,000 definitions takes tens of seconds on a loaded 2-core machine. */
const TIMEOUT = 15 * 60 * 1000;
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function temporaryDirectory(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `synthetic-digest-${label}-`));
  scratch.push(dir);
  return dir;
}

function repository(size: number): string {
  const dir = syntheticRepository(size);
  scratch.push(dir);
  return dir;
}

/** The cache entries of a synthesis of `size` definitions: each extension's, and the catalogs'. */
const entriesOf = (size: number) => size + 1;

function cacheEntries(cache: string): number {
  const dir = path.join(cache, OUTPUTS_DIRECTORY);
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
}

/**
 * The digests in test/fixtures/synthetic/digests.json were recorded by the
 * code before synthesis was made faster (scripts/benchmark/synthetic.ts).
 */
describe.each([5, 1000])('a synthetic repository of %i definitions', (size) => {
  test('writes the recorded bytes and modes without the output cache, with it cold, and with it warm', () => {
    const recorded = recordedDigests()[size];
    expect(recorded).toBeDefined();
    const cold = repository(size);
    synthesizeIn(cold, { CNPG_EXTENSIONS_CDK_CACHE: 'off' });
    expect(treeDigest(cold)).toEqual(recorded);

    const cache = temporaryDirectory('cache');
    const filling = repository(size);
    synthesizeIn(filling, { CNPG_EXTENSIONS_CDK_CACHE: cache });
    expect(treeDigest(filling)).toEqual(recorded);
    expect(cacheEntries(cache)).toBe(entriesOf(size));

    // Every generated file written afresh, each extension's from the cache.
    const warm = repository(size);
    synthesizeIn(warm, { CNPG_EXTENSIONS_CDK_CACHE: cache });
    expect(treeDigest(warm)).toEqual(recorded);
    expect(cacheEntries(cache)).toBe(entriesOf(size));
  }, TIMEOUT);
});

describe('the output cache through a real synthesis', () => {
  test('a change to the library code or to the CRDs renders every extension again, with the same bytes', () => {
    const size = 3;
    const dir = repository(size);
    const cache = temporaryDirectory('cache');
    synthesizeIn(dir, { CNPG_EXTENSIONS_CDK_CACHE: cache });
    const digest = treeDigest(dir);
    expect(cacheEntries(cache)).toBe(entriesOf(size));
    synthesizeIn(dir, { CNPG_EXTENSIONS_CDK_CACHE: cache });
    expect(cacheEntries(cache)).toBe(entriesOf(size));

    // A comment changes no output, but the library is not what the entries were rendered by.
    fs.appendFileSync(path.join(dir, 'src', 'render', 'extension-readme.ts'), '\n// a change to the library\n');
    synthesizeIn(dir, { CNPG_EXTENSIONS_CDK_CACHE: cache });
    expect(cacheEntries(cache)).toBe(2 * entriesOf(size));
    expect(treeDigest(dir)).toEqual(digest);

    // The validators come from the CRDs: entries validated against others are not taken.
    fs.appendFileSync(path.join(dir, 'vendor', 'cloudnative-pg', 'crds-1.30.0.yaml'), '\n# a change to the CRDs\n');
    synthesizeIn(dir, { CNPG_EXTENSIONS_CDK_CACHE: cache });
    expect(cacheEntries(cache)).toBe(3 * entriesOf(size));
    expect(treeDigest(dir)).toEqual(digest);
  }, TIMEOUT);
});

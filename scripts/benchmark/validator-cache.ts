/**
 * One process's first validation: what the validator cache saves. Run in a
 * fresh process per sample (`tsx scripts/benchmark/validator-cache.ts <dir>`):
 * validates every manifest the repository generates under <dir>/generated
 * (catalogs, examples, Chainsaw cluster and database manifests) and prints
 * JSON: milliseconds to load the validation module, to validate the first
 * manifest (reads the CRDs and compiles, or loads, the validators), and to
 * validate all of them.
 */
import * as fs from 'fs';
import * as path from 'path';

const dir = process.argv[2];
const files = ['catalogs', 'examples', 'tests'].flatMap((sub) => list(path.join(dir, 'generated', sub)))
  .filter((f) => !f.includes('/tests/') || /\/(cluster|database)\.yaml$/.test(f))
  .sort();

function list(d: string): string[] {
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(d, e.name)) : [path.join(d, e.name)]));
}

const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateManifests } = require('../../src/validation/manifest-validation') as typeof import('../../src/validation/manifest-validation');
const t1 = performance.now();
let issues = validateManifests(fs.readFileSync(files[0], 'utf8'), files[0]).length;
const t2 = performance.now();
for (const file of files.slice(1)) issues += validateManifests(fs.readFileSync(file, 'utf8'), file).length;
const t3 = performance.now();
console.log(JSON.stringify({ files: files.length, issues, load: t1 - t0, first: t2 - t1, all: t3 - t1 }));

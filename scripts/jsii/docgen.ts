import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PYTHON_MARKERS, PYTHON_SECTION, readmeExamples, renderPythonExamples } from './readme-examples';
import { extractExamples } from './rosetta';
import { ROOT, toolBin, withCompiledStage } from './stage';
import { replaceBetweenMarkers } from '../../src/render/markdown';

/**
 * `npx projen docgen [--check]`: from one jsii stage of the public API,
 * - API.md and API.python.md, jsii-docgen's references for TypeScript and Python;
 * - jsii-rosetta, strict, over the README's examples: one that does not compile fails;
 * - the Python translations of the examples in README's "Use from Python"
 *   section, written between PYTHON_MARKERS, each checked to parse.
 * With --check nothing is written: it fails naming each file that differs
 * from what it would write.
 */

/** The files docgen owns, relative to the repository. */
export const DOCGEN_FILES = ['API.md', 'API.python.md', 'README.md'];

function run(command: string, args: string[], cwd: string, what: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Throws naming the README line when `source` is not Python that python3 parses. */
export function checkPythonParses(source: string, where: string): void {
  const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: source, encoding: 'utf8' });
  if (result.error) throw new Error(`python3 is needed to check ${where}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${where}: the Python translation does not parse:\n${result.stderr}\n${source}`);
}

/**
 * What docgen writes, by file, from a stage jsii has compiled (a directory of
 * its own inside a scratch directory, where rosetta's examples directory goes).
 */
export function docsFromStage(stage: string): Record<string, string> {
  const out = path.dirname(stage);
  const docgen = toolBin('jsii-docgen');
  run(process.execPath, [docgen, '--language', 'typescript', '--output', path.join(out, 'API.md')], stage, 'jsii-docgen (TypeScript)');
  run(process.execPath, [docgen, '--language', 'python', '--output', path.join(out, 'API.python.md')], stage, 'jsii-docgen (Python)');

  const readmeSnippets = extractExamples(stage).filter((s) => s.location.api.api === 'moduleReadme');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const translated = readmeExamples(readme).filter((e) => e.section === PYTHON_SECTION && e.skipReason === undefined);
  if (translated.length === 0) throw new Error(`README.md: ${PYTHON_SECTION}: holds no TypeScript example to translate`);
  const python = translated.map((example) => {
    const snippet = readmeSnippets.find((s) => s.location.field?.line === example.line);
    if (!snippet) throw new Error(`README.md:${example.line}: jsii-rosetta did not extract this example`);
    if (!snippet.didCompile) throw new Error(`README.md:${example.line}: jsii-rosetta did not compile this example`);
    const source = snippet.translations.python?.source;
    if (!source) throw new Error(`README.md:${example.line}: jsii-rosetta gave no Python translation`);
    checkPythonParses(source, `README.md:${example.line}`);
    return source;
  });

  return {
    'API.md': fs.readFileSync(path.join(out, 'API.md'), 'utf8'),
    'API.python.md': fs.readFileSync(path.join(out, 'API.python.md'), 'utf8'),
    'README.md': replaceBetweenMarkers(readme, PYTHON_MARKERS, renderPythonExamples(python), 'Use from Python: the Python examples'),
  };
}

/** What docgen writes, by file, from a fresh stage. */
export function generateDocs(): Record<string, string> {
  return withCompiledStage(docsFromStage);
}

/** The files whose committed text differs from `generated`. */
export function staleFiles(generated: Record<string, string>): string[] {
  return Object.entries(generated)
    .filter(([file, text]) => !fs.existsSync(path.join(ROOT, file)) || fs.readFileSync(path.join(ROOT, file), 'utf8') !== text)
    .map(([file]) => file);
}

function main(args: string[]): number {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) {
    console.error(`docgen: unknown argument ${unknown.join(' ')} (usage: npx projen docgen [--check])`);
    return 2;
  }
  const generated = generateDocs();
  const stale = staleFiles(generated);
  if (args.includes('--check')) {
    for (const file of stale) console.error(`${file}: differs from what jsii-docgen / jsii-rosetta generate now; run npx projen docgen and commit it`);
    if (stale.length === 0) console.log(`docgen: ${DOCGEN_FILES.join(', ')} are up to date`);
    return stale.length ? 1 : 0;
  }
  for (const file of stale) fs.writeFileSync(path.join(ROOT, file), generated[file]);
  console.log(`docgen: ${stale.length ? `wrote ${stale.join(', ')}` : 'no change'}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

/**
 * Measures synthesis speed and memory (never asserted in tests):
 *   npx projen benchmark
 * 1. In-process: ExtensionRepository over the real definitions, and over
 *    synthetic repositories of 50 and 200 extensions (2 distros each).
 * 2. End to end: wall time of `tsx .projenrc.ts` (what `npx projen` runs).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock } from '../src';
import { ExtensionDefinitionSource, ExtensionRepository, loadExtensionDefinitions } from '../src/projen';

const ROOT = path.join(__dirname, '..');
const operands = OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs'));
const own = loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT);
const lock = VersionsLock.read(path.join(ROOT, 'extensions', VERSIONS_LOCK_FILE));

function synthetic(count: number): ExtensionDefinitionSource[] {
  const base = own.find((d) => d.props.name === 'postgis')!.props;
  return Array.from({ length: count }, (_, i) => {
    const name = `ext${String(i).padStart(4, '0')}`;
    return { file: `extensions/${name}.ts`, props: { ...base, name, imageName: name } };
  });
}

/** The real lock, with postgis's entries copied for each synthetic extension. */
function lockFor(definitions: readonly ExtensionDefinitionSource[]): VersionsLock {
  const postgis = lock.entries.filter((e) => e.extension === 'postgis');
  const copies = definitions.filter((d) => !lock.entries.some((e) => e.extension === d.props.name))
    .flatMap((d) => postgis.map((e) => ({ ...e, extension: d.props.name, component: d.props.name })));
  return lock.with(copies);
}

function measure(label: string, definitions: ExtensionDefinitionSource[], rounds: number): void {
  const durations: number[] = [];
  let files = 0;
  let bytes = 0;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const versionsLock = lockFor(definitions);
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const output = new ExtensionRepository({ definitions, operands, versionsLock, source: 'https://example.com/repo' }).synthesize();
    durations.push(Number(process.hrtime.bigint() - start) / 1e6);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    files = output.size;
    bytes = [...output.values()].reduce((n, c) => n + c.length, 0);
  }
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  console.log(`${label.padEnd(28)} ${String(files).padStart(5)} files ${(bytes / 1024).toFixed(0).padStart(6)} KiB  median ${median.toFixed(1).padStart(7)} ms  (${(median / definitions.length).toFixed(2)} ms/extension)  heap growth ${((peak - heapBefore) / 1048576).toFixed(1)} MiB`);
}

function projenWallTime(rounds: number): void {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = Date.now();
    const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['.projenrc.ts'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    times.push(Date.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${'npx projen (tsx .projenrc.ts)'.padEnd(28)} median ${times[Math.floor(times.length / 2)]} ms over ${rounds} runs`);
}

console.log(`node ${process.version}, ${require('os').cpus().length} cores`);
measure(`repository (${own.length} extensions)`, own, 9);
measure('synthetic (50 extensions)', synthetic(50), 5);
measure('synthetic (200 extensions)', synthetic(200), 3);
projenWallTime(3);

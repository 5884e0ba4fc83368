import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { extractExamples } from './rosetta';
import { ROOT, toolBin, withCompiledStage } from './stage';

/**
 * `npx projen package-jsii [--targets js,python,java,go,dotnet]`: stages the
 * jsii package, compiles the README examples (rosetta, strict: pacmak puts
 * their translations into each language's README), and runs jsii-pacmak,
 * which writes `dist/<language>`. The default is `js` (the jsii npm tarball),
 * the one target whose toolchain this machine has; the others need their
 * language's toolchain and registry, so the GitHub release workflow runs them.
 */
export const PACMAK_TARGETS = ['js', 'python', 'java', 'go', 'dotnet'];

/** The target list of `--targets a,b` (or `--targets=a,b`); throws naming an unknown target or argument. */
export function parseTargets(args: string[]): string[] {
  let targets = ['js'];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string | undefined;
    if (arg === '--targets') value = args[++i];
    else if (arg.startsWith('--targets=')) value = arg.slice('--targets='.length);
    else throw new Error(`package-jsii: ${arg}: unknown argument (usage: npx projen package-jsii [--targets ${PACMAK_TARGETS.join(',')}])`);
    if (!value) throw new Error('package-jsii: --targets: needs a comma-separated list');
    targets = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
    const unknown = targets.filter((t) => !PACMAK_TARGETS.includes(t));
    if (unknown.length || targets.length === 0) {
      throw new Error(`package-jsii: --targets: ${unknown.length ? `unknown target ${unknown.join(', ')}` : 'is empty'}; known: ${PACMAK_TARGETS.join(', ')}`);
    }
  }
  return [...new Set(targets)];
}

/** Runs jsii-pacmak for `targets` into `outdir` (dist/ by default); returns the files it wrote, relative to outdir. */
export function packageJsii(targets: string[], outdir: string = path.join(ROOT, 'dist')): string[] {
  return withCompiledStage((stage) => {
    extractExamples(stage);
    for (const target of targets) fs.rmSync(path.join(outdir, target), { recursive: true, force: true });
    const pacmak = spawnSync(process.execPath, [
      toolBin('jsii-pacmak'), '--targets', ...targets, '--outdir', outdir,
      '--rosetta-tablet', path.join(stage, '.jsii.tabl.json'), '--no-fingerprint', stage,
    ], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (pacmak.status !== 0) throw new Error(`jsii-pacmak --targets ${targets.join(' ')} failed (exit ${pacmak.status}):\n${pacmak.stdout}\n${pacmak.stderr}`);
    return targets.flatMap((t) => listFiles(path.join(outdir, t)).map((f) => path.join(t, f)));
  });
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name])).sort();
}

if (require.main === module) {
  try {
    const targets = parseTargets(process.argv.slice(2));
    const files = packageJsii(targets);
    for (const file of files) console.log(`dist/${file}`);
    console.log(`package-jsii: ${targets.join(', ')}: ${files.length} file(s) under dist/`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

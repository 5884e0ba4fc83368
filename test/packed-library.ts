import { SpawnSyncOptions, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './fixtures';

/** Runs `command`; returns its stdout, or throws with both outputs. */
export function run(command: string, args: string[], cwd: string, options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return String(result.stdout);
}

/** The tarball packed into each work directory, so that the tests of one file pack once. */
const packed = new Map<string, string>();

/**
 * Packs a copy of the repository into `work` as a clean clone would be, with
 * lib/ built, and returns the tarball's path; the repository itself is never written.
 */
export function packLibrary(work: string): string {
  const known = packed.get(work);
  if (known) return known;
  const stage = path.join(work, 'package');
  fs.cpSync(ROOT, stage, { recursive: true, filter: (f) => !/[\\/](node_modules|\.git|lib|test-reports|coverage)$/.test(f) });
  // The compiler's type packages (@types/*); the files allowlist keeps node_modules out of the tarball.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'));
  run(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(stage, 'tsconfig.json'), '--outDir', path.join(stage, 'lib')], stage);
  // prepack (projen prepack) would build lib/ the same way; it needs projen, which this copy does not install.
  const tarball = path.join(work, run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], stage).trim().split('\n').pop()!);
  packed.set(work, tarball);
  return tarball;
}

/** The version of `name` this repository has installed: a downstream fixture installs the same, from npm's cache when it can. */
export function installedVersion(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * Wall time, CPU time and peak resident memory of a command and everything it
 * spawns: GNU time (`/usr/bin/time -v`) when present; otherwise a wrapper
 * Node process that runs the command and reports the children's rusage
 * (`process.resourceUsage()` has only the process's own, so the wrapper
 * preloads rss-probe.cjs into each Node child, which reports on exit).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One run of a command. */
export interface Sample {
  /** Wall-clock seconds. */
  readonly wall: number;
  /** User plus system CPU seconds of the command and its children. */
  readonly cpu: number;
  /** Peak resident set size of the largest process, in MiB. */
  readonly rssMiB: number;
}

const GNU_TIME = '/usr/bin/time';
const PROBE = path.join(__dirname, 'rss-probe.cjs');

/** How peak memory is measured on this machine. */
export function memoryMethod(): string {
  return hasGnuTime() ? `${GNU_TIME} -v (largest process of the tree)` : 'rss-probe.cjs in NODE_OPTIONS (largest Node process of the tree)';
}

let gnuTime: boolean | undefined;
function hasGnuTime(): boolean {
  gnuTime ??= spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size') ?? false;
  return gnuTime;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where standard output goes; discarded by default. */
  readonly stdout?: 'ignore' | 'capture';
}

/** Runs `command args` once; throws with its standard error when it fails. */
export function measure(command: string, args: readonly string[], options: RunOptions): Sample & { stdout: string } {
  const env = { ...process.env, ...options.env };
  if (hasGnuTime()) {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-bench-time-')), 'time.txt');
    try {
      const started = process.hrtime.bigint();
      const result = spawnSync(GNU_TIME, ['-v', '-o', report, command, ...args], { cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
      const text = fs.readFileSync(report, 'utf8');
      const field = (name: string) => Number(new RegExp(`${name}: ([0-9.]+)`).exec(text)?.[1] ?? NaN);
      return {
        wall,
        cpu: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
        rssMiB: field('Maximum resident set size \\(kbytes\\)') / 1024,
        stdout: options.stdout === 'capture' ? result.stdout : '',
      };
    } finally {
      fs.rmSync(path.dirname(report), { recursive: true, force: true });
    }
  }
  // No GNU time: each Node process of the tree appends its own rusage on exit; the wrapper is this process.
  const probeOut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-bench-rss-')), 'rss.jsonl');
  try {
    const nodeOptions = `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PROBE).slice(1, -1)}`.trim();
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd: options.cwd, env: { ...env, NODE_OPTIONS: nodeOptions, CNPG_BENCH_RSS_OUT: probeOut }, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024,
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
    const reports = fs.existsSync(probeOut)
      ? fs.readFileSync(probeOut, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { maxRSS: number; cpu: number })
      : [];
    return {
      wall,
      cpu: reports.reduce((sum, r) => sum + r.cpu, 0),
      rssMiB: reports.length > 0 ? Math.max(...reports.map((r) => r.maxRSS / 1024)) : NaN,
      stdout: options.stdout === 'capture' ? result.stdout : '',
    };
  } finally {
    fs.rmSync(path.dirname(probeOut), { recursive: true, force: true });
  }
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

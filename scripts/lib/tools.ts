/**
 * Host tools shared by the e2e, publish and the scaffolder: where they cache,
 * how they are installed (scripts/e2e/install-tools.sh), Debian sid through a
 * private apt configuration (scripts/e2e/sid-apt.sh), and one way to run any of them.
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { DEBIAN_PACKAGE_NAME } from '../../src/model/extension-component';

const E2E_DIR = path.join(__dirname, '..', 'e2e');
const STDERR_TAIL_LINES = 30;
const MAX_SHOWN_WORD = 80;

/** Options of {@link run}. */
export interface RunOptions {
  /** Working directory; the current one when omitted. */
  readonly cwd?: string;
  /** Variables added to (or overriding) this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `cmd` with `args` (no shell) and returns its standard output.
 * Throws an Error naming the command, with its exit status and the tail of its
 * standard error (or of its standard output, when standard error is empty).
 */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): string {
  const result = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${describeCommand(cmd, args)} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `failed with exit status ${result.status}`;
    // The message names the program, not its long argument list, so that causes stay readable.
    throw new Error(`${path.basename(cmd)} ${how}:\n${tail(result.stderr.trim() ? result.stderr : result.stdout, STDERR_TAIL_LINES)}`);
  }
  return result.stdout;
}

/**
 * The command line as a human would type it, with long words (inline scripts)
 * cut short. For messages only, never executed.
 */
function describeCommand(cmd: string, args: readonly string[]): string {
  const shown = (word: string) => (word.length > MAX_SHOWN_WORD ? `${word.slice(0, MAX_SHOWN_WORD)}…` : word);
  return [cmd, ...args].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(shown(word)))).join(' ');
}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The cache root of the end-to-end test (the same rule as scripts/e2e/sid-apt.sh):
 * `$CNPG_E2E_CACHE`, else `$XDG_CACHE_HOME/cnpg-extensions-cdk`, else `~/.cache/cnpg-extensions-cdk`.
 */
export function cacheDir(): string {
  const xdgCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return process.env.CNPG_E2E_CACHE || path.join(xdgCache, 'cnpg-extensions-cdk');
}

let installedBin: string | undefined;

/**
 * Installs buildah, skopeo, debootstrap, docker-registry, docker-buildx, cosign
 * and crane (scripts/e2e/install-tools.sh) once per process. Quick when all are present.
 */
export function ensureTools(): void {
  if (installedBin) return;
  const printed = run('bash', [path.join(E2E_DIR, 'install-tools.sh')], { env: { CNPG_E2E_CACHE: cacheDir() } });
  // The script's only output is the directory of the binaries it unpacked.
  const bin = printed.trim();
  if (!path.isAbsolute(bin)) throw new Error(`install-tools.sh printed no binary directory: ${JSON.stringify(printed)}`);
  installedBin = bin;
}

/** Absolute path of a binary install-tools.sh unpacked from sid: docker-buildx, cosign, crane or kubectl. */
export function toolPath(name: 'docker-buildx' | 'cosign' | 'crane' | 'kubectl'): string {
  ensureTools();
  return path.join(installedBin!, name);
}

/** Absolute path of the docker-buildx binary (installs the tools when needed). */
export function buildxPath(): string {
  return toolPath('docker-buildx');
}

/**
 * Runs `apt-cache ...` or `apt-get ...` against Debian sid (trixie as fallback)
 * with the private apt configuration of scripts/e2e/sid-apt.sh; returns standard output.
 * `apt-get download` writes to `opts.cwd`.
 */
export function sidApt(args: readonly string[], opts: Pick<RunOptions, 'cwd'> = {}): string {
  return run('bash', [path.join(E2E_DIR, 'sid-apt.sh'), ...args], { cwd: opts.cwd, env: { CNPG_E2E_CACHE: cacheDir() } });
}

/** The version of Debian package `pkg` in sid, or undefined when sid has no such package. */
export function sidCandidateVersion(pkg: string): string | undefined {
  if (!DEBIAN_PACKAGE_NAME.test(pkg)) throw new Error(`not a Debian package name: ${JSON.stringify(pkg)}`);
  // madison prints one "name | version | source" line per version; sid's source names "sid/main".
  for (const line of sidApt(['apt-cache', 'madison', pkg]).split('\n')) {
    const [name, version, source] = line.split('|').map((field) => field.trim());
    if (name === pkg && / sid\//.test(source ?? '')) return version;
  }
  return undefined;
}

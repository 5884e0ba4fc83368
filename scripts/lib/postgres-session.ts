/**
 * Runs PostgreSQL from the operand image with extension images mounted the way
 * CloudNativePG mounts image volumes: read-only at /extensions/<name>.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { POSTGRES_UID } from './base-image';
import { buildah, createContainer, isolationArgs, withContainer } from './buildah';
import { tail } from './tools';
import { PARAMETER_NAME } from '../../src/model/extension-component';
import { ENV_NAME } from '../../src/model/extension-configuration';
import { EXTENSION_NAME_MAX_LENGTH, EXTENSION_NAME_PATTERN } from '../../src/model/extension-name';

/** A host directory to mount read-only at `/extensions/<name>`. */
export interface ExtensionMount {
  /** The extension's name (CloudNativePG's rule: EXTENSION_NAME_PATTERN, at most EXTENSION_NAME_MAX_LENGTH characters). */
  readonly name: string;
  /** The directory on the host, e.g. {@link MountedImage.dir}. */
  readonly hostDir: string;
}

/** Options of {@link runPostgresSession}. */
export interface PostgresSessionOptions {
  /** The operand image, e.g. the one of `ensureBaseImage()`. */
  readonly baseImage: string;
  /** Extension images to mount. */
  readonly mounts: readonly ExtensionMount[];
  /** postgresql.conf settings (GUCs), by name; values are quoted here. */
  readonly settings: Readonly<Record<string, string>>;
  /** Extra environment of the postmaster, e.g. LD_LIBRARY_PATH, PATH, GDAL_DATA. */
  readonly env: Readonly<Record<string, string>>;
  /** SQL statements, run in order, each by its own `psql -v ON_ERROR_STOP=1`. */
  readonly sql: readonly string[];
  /**
   * A host directory that keeps the data directory across sessions, as a
   * Pod's volume does across restarts: the first session initializes it, later
   * ones start the server on it. @default - a fresh data directory, discarded
   */
  readonly dataDir?: string;
}

/** The database the statements run in: the one CloudNativePG bootstraps, and the examples and Chainsaw suites use. */
export const SESSION_DATABASE = 'app';

const SESSION_DIR = '/session';
/** Where a kept data directory is mounted. */
const KEPT_DATA = '/kept';
const LOG_TAIL_LINES = 40;

/**
 * /session/session.sh, run as the postgres user in the container. Every input
 * comes from files in /session (settings.conf, env, statements/*.sql); every
 * output goes to /session/out.
 */
const SESSION_SCRIPT = `set -euo pipefail
shopt -s nullglob
input=${SESSION_DIR} out=${SESSION_DIR}/out
export PGDATA=/tmp/pgdata PGHOST=/tmp/pgsocket PGDATABASE=postgres
# A kept data directory (mounted at ${KEPT_DATA}) is initialized once; later sessions restart the server on it.
if [ -d ${KEPT_DATA} ]; then PGDATA=${KEPT_DATA}/data; fi
mkdir -p "$PGHOST"
bindir=$(dirname "$(command -v pg_ctl)")
if [ -s "$PGDATA/PG_VERSION" ]; then
  # A restart, as after CloudNativePG swaps an image volume: this session's settings, the same data.
  cp "$input/settings.conf" "$PGDATA/session.conf"
  trap '"$bindir/pg_ctl" stop -m immediate >/dev/null 2>&1 || true' EXIT
  mapfile -d '' server_env <"$input/env"
  env "\${server_env[@]}" "$bindir/pg_ctl" start -w -l "$out/server.log" >/dev/null
else
initdb --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >"$out/initdb.log" 2>&1 || { cat "$out/initdb.log" >&2; exit 1; }
{
  echo "listen_addresses = ''"
  echo "unix_socket_directories = '$PGHOST'"
} >>"$PGDATA/postgresql.conf"
# Stops the server on every way out, so that buildah can remove the container.
trap '"$bindir/pg_ctl" stop -m immediate >/dev/null 2>&1 || true' EXIT
# Like CloudNativePG's bootstrap, the database exists before the server runs with the
# extension settings (pg_cron's launcher looks for cron.database_name when it starts).
"$bindir/pg_ctl" start -w -l "$out/bootstrap.log" >/dev/null
createdb ${SESSION_DATABASE}
"$bindir/pg_ctl" stop -m fast -w >/dev/null
# Settings go to an included file, so that a later session replaces them (a new image, new paths).
echo "include_if_exists = 'session.conf'" >>"$PGDATA/postgresql.conf"
cp "$input/settings.conf" "$PGDATA/session.conf"
mapfile -d '' server_env <"$input/env"
env "\${server_env[@]}" "$bindir/pg_ctl" start -w -l "$out/server.log" >/dev/null
fi
export PGDATABASE=${SESSION_DATABASE}
for statement in "$input"/statements/*.sql; do
  n=$(basename "$statement" .sql)
  if ! psql -X -q -A -t -v ON_ERROR_STOP=1 -f "$statement" >"$out/$n.out" 2>"$out/$n.err"; then
    echo "$n" >"$out/failed"
    exit 3
  fi
done
"$bindir/pg_ctl" stop -m fast -w >/dev/null
`;

/**
 * Starts PostgreSQL in a fresh working container of `opts.baseImage` with the
 * extension mounts, settings and environment, runs the statements, stops the
 * server and removes the container (also on failure). Returns the `psql -At`
 * output of each statement, without its final newline.
 * Throws an Error with the failing statement, psql's message and the server log tail.
 */
export function runPostgresSession(opts: PostgresSessionOptions): string[] {
  const extensionVolumes = opts.mounts.map(extensionVolume);
  const sessionDir = writeSessionFiles(opts);
  const kept = opts.dataDir ? [`${opts.dataDir}:${KEPT_DATA}`] : [];
  const volumes = [...extensionVolumes, `${sessionDir}:${SESSION_DIR}`, ...kept].flatMap((volume) => ['--volume', volume]);
  try {
    withContainer(opts.baseImage, (container) => {
      try {
        buildah(['run', ...isolationArgs(), '--user', 'postgres', ...volumes, container, '--', 'bash', `${SESSION_DIR}/session.sh`]);
      } catch (error) {
        throw sessionError(opts.sql, path.join(sessionDir, 'out'), error as Error);
      }
    });
    return opts.sql.map((_, index) => fs.readFileSync(path.join(sessionDir, 'out', `${statementId(index)}.out`), 'utf8').replace(/\n$/, ''));
  } finally {
    fs.rmSync(sessionDir, { recursive: true, force: true });
  }
}

/** An image from buildah's store, mounted on the host. */
export interface MountedImage {
  /** The image's root directory on the host. */
  readonly dir: string;
  /** Unmounts it and removes its working container. */
  unmount(): void;
}

/** Mounts the image `imageRef` (already in buildah's store) on the host. */
export function mountImage(imageRef: string): MountedImage {
  const container = createContainer(imageRef);
  try {
    const dir = buildah(['mount', container]).trim();
    // `buildah rm` unmounts as well.
    return { dir, unmount: () => void buildah(['rm', container]) };
  } catch (error) {
    buildah(['rm', container]);
    throw error;
  }
}

/**
 * `value` as a postgresql.conf string: single-quoted, with `'` doubled and `\` escaped.
 * postgresql.conf has no way to write a line break inside a value, so those are rejected.
 */
export function quoteConfigValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error(`a postgresql.conf value cannot contain a line break or NUL: ${JSON.stringify(value)}`);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function writeSessionFiles(opts: PostgresSessionOptions): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-e2e-session-'));
  try {
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'session.sh'), SESSION_SCRIPT);
    fs.writeFileSync(path.join(dir, 'settings.conf'), renderSettings(opts.settings));
    fs.writeFileSync(path.join(dir, 'env'), renderEnv(opts.env));
    fs.mkdirSync(path.join(dir, 'statements'));
    opts.sql.forEach((statement, index) => fs.writeFileSync(path.join(dir, 'statements', `${statementId(index)}.sql`), `${statement}\n`));
    fs.mkdirSync(path.join(dir, 'out'));
    fs.chownSync(path.join(dir, 'out'), POSTGRES_UID, 0);
    return dir;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Names that sort in statement order. */
function statementId(index: number): string {
  return String(index).padStart(4, '0');
}

function renderSettings(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings).map(([name, value]) => {
    if (!PARAMETER_NAME.test(name)) throw new Error(`not a postgresql.conf setting name: ${JSON.stringify(name)}`);
    return `${name} = ${quoteConfigValue(value)}\n`;
  }).join('');
}

/** NAME=value entries, NUL-terminated, for `mapfile -d ''`. */
function renderEnv(env: Readonly<Record<string, string>>): string {
  return Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new Error(`not an environment variable name: ${JSON.stringify(name)}`);
    if (value.includes('\0')) throw new Error(`the value of ${name} contains NUL`);
    return `${name}=${value}\0`;
  }).join('');
}

/** The `--volume` value that mounts an extension where CloudNativePG does. */
function extensionVolume({ name, hostDir }: ExtensionMount): string {
  if (!EXTENSION_NAME_PATTERN.test(name) || name.length > EXTENSION_NAME_MAX_LENGTH) throw new Error(`not a CloudNativePG extension name: ${JSON.stringify(name)}`);
  // buildah splits --volume on ":" (and its options on ","), so such paths cannot be mounted.
  if (/[:,]/.test(hostDir) || !path.isAbsolute(hostDir)) throw new Error(`cannot mount ${JSON.stringify(hostDir)}: the path must be absolute and free of ":" and ","`);
  return `${hostDir}:/extensions/${name}:ro`;
}

function sessionError(sql: readonly string[], outDir: string, error: Error): Error {
  const read = (file: string) => (fs.existsSync(path.join(outDir, file)) ? fs.readFileSync(path.join(outDir, file), 'utf8') : '');
  const serverLog = `server log (last lines):\n${tail(read('server.log'), LOG_TAIL_LINES) || '(empty)'}`;
  const failed = read('failed').trim();
  if (!failed) return new Error(`PostgreSQL session failed: ${error.message}\n${serverLog}`);
  const statement = sql[Number(failed)];
  return new Error(`SQL statement ${Number(failed) + 1} of ${sql.length} failed: ${statement}\n${read(`${failed}.err`).trim()}\n${serverLog}`);
}

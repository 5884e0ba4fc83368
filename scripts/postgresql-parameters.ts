/**
 * Regenerates src/model/postgresql-18-parameters.ts, the names of PostgreSQL
 * 18's configuration parameters, from PostgreSQL's own source:
 *
 *   npx tsx scripts/postgresql-parameters.ts                 # Debian sid's postgresql-18 source package
 *   npx tsx scripts/postgresql-parameters.ts --source DIR    # an unpacked PostgreSQL 18 source tree
 *
 * By default it fetches the source package with `apt-get source --download-only`
 * and a private apt configuration (deb-src of Debian sid; the host's apt setup
 * is left alone), and reads two files from the upstream tarball:
 *   - src/backend/utils/misc/guc_tables.c: every parameter (ConfigureNamesBool,
 *     ...Int, ...Real, ...String, ...Enum) with its context; entries compiled
 *     only under a preprocessor condition (LOCK_DEBUG, WAL_DEBUG, ...) are left
 *     out, since a standard build does not know them;
 *   - src/backend/utils/misc/guc.c: map_old_guc_names, the old names
 *     PostgreSQL still accepts (sort_mem for work_mem, ...).
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where the generated module goes. */
export const OUTPUT = path.join(__dirname, '..', 'src', 'model', 'postgresql-18-parameters.ts');
/** The Debian source package of PostgreSQL 18. */
const SOURCE_PACKAGE = 'postgresql-18';
const GUC_TABLES = 'src/backend/utils/misc/guc_tables.c';
const GUC_C = 'src/backend/utils/misc/guc.c';

/** PostgreSQL's GucContext values, by the name pg_settings.context shows. */
export const GUC_CONTEXTS: Readonly<Record<string, string>> = {
  PGC_INTERNAL: 'internal',
  PGC_POSTMASTER: 'postmaster',
  PGC_SIGHUP: 'sighup',
  PGC_SU_BACKEND: 'superuser-backend',
  PGC_BACKEND: 'backend',
  PGC_SUSET: 'superuser',
  PGC_USERSET: 'user',
};

/** A parameter of guc_tables.c. */
export interface GucEntry {
  /** Lowercase name (PostgreSQL compares names case-insensitively). */
  readonly name: string;
  /** pg_settings.context of the parameter. */
  readonly context: string;
}

/** What guc_tables.c defines: the parameters of a standard build, and those compiled only under a condition. */
export interface GucTables {
  readonly parameters: readonly GucEntry[];
  readonly conditional: readonly GucEntry[];
}

/**
 * The parameters of guc_tables.c: each `{ {"name", PGC_CONTEXT, ...` entry of
 * the ConfigureNames arrays, split by whether a preprocessor condition encloses it.
 */
export function parseGucTables(text: string): GucTables {
  const start = text.indexOf('ConfigureNamesBool[] =');
  if (start < 0) throw new Error(`${GUC_TABLES}: no ConfigureNamesBool array`);
  const body = text.slice(start);
  const parameters: GucEntry[] = [];
  const conditional: GucEntry[] = [];
  let depth = 0;
  const token = /^[ \t]*#[ \t]*(if|ifdef|ifndef|endif)\b[^\n]*$|\{\s*"([A-Za-z0-9_.]+)"\s*,\s*(PGC_[A-Z_]+)/gm;
  for (const match of body.matchAll(token)) {
    if (match[1] === 'endif') {depth--;} else if (match[1]) {depth++;} else {
      const context = GUC_CONTEXTS[match[3]];
      if (!context) throw new Error(`${GUC_TABLES}: ${match[2]} has the unknown context ${match[3]}`);
      (depth > 0 ? conditional : parameters).push({ name: match[2].toLowerCase(), context });
    }
  }
  if (depth !== 0) throw new Error(`${GUC_TABLES}: unbalanced #if/#endif`);
  const names = parameters.map((p) => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${GUC_TABLES}: ${twice} is defined twice`);
  return { parameters, conditional };
}

/** guc.c's map_old_guc_names: old name to current name. */
export function parseOldGucNames(text: string): Record<string, string> {
  const block = /map_old_guc_names\[\]\s*=\s*\{([^}]*)\}/.exec(text);
  if (!block) throw new Error(`${GUC_C}: no map_old_guc_names`);
  const names = [...block[1].matchAll(/"([A-Za-z0-9_]+)"/g)].map((m) => m[1].toLowerCase());
  if (names.length % 2 !== 0) throw new Error(`${GUC_C}: map_old_guc_names has an odd number of names`);
  const aliases: Record<string, string> = {};
  for (let i = 0; i < names.length; i += 2) aliases[names[i]] = names[i + 1];
  return aliases;
}

/** Where the source came from, as the generated module cites it. */
export interface GucSource {
  /** e.g. "PostgreSQL 18.6". */
  readonly release: string;
  /** e.g. "Debian sid source package postgresql-18 18.6-3, postgresql-18_18.6.orig.tar.bz2 (sha256 ...)". */
  readonly origin: string;
}

/** The generated TypeScript module. */
export function renderParameterModule(tables: GucTables, aliases: Readonly<Record<string, string>>, source: GucSource): string {
  const sorted = [...tables.parameters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const known = new Set(sorted.map((p) => p.name));
  for (const [old, current] of Object.entries(aliases)) {
    if (!known.has(current)) throw new Error(`map_old_guc_names maps ${old} to ${current}, which guc_tables.c does not define`);
  }
  const conditional = [...new Set(tables.conditional.map((p) => p.name))].sort();
  const lines = [
    '// Generated by scripts/postgresql-parameters.ts; do not edit.',
    '',
    '/** How and when a parameter may be set: the context column of pg_settings. */',
    "export type PostgresqlParameterContext = 'internal' | 'postmaster' | 'sighup' | 'superuser-backend' | 'backend' | 'superuser' | 'user';",
    '',
    '/**',
    ...wrap(`The configuration parameters of ${source.release}, by lowercase name (PostgreSQL compares names case-insensitively), `
      + `with their context. Source: src/backend/utils/misc/guc_tables.c (the ConfigureNames arrays) of ${source.origin}.`, ' * '),
    ' * Left out, because only builds with a debug macro define them:',
    ...wrap(conditional.join(', '), ' *   '),
    ' */',
    'export const POSTGRESQL_18_PARAMETERS: Readonly<Record<string, PostgresqlParameterContext>> = {',
    ...sorted.map((p) => `  ${p.name}: '${p.context}',`),
    '};',
    '',
    '/** Old names PostgreSQL 18 still accepts, and the parameter each stands for: map_old_guc_names of src/backend/utils/misc/guc.c, same source. */',
    'export const POSTGRESQL_18_PARAMETER_ALIASES: Readonly<Record<string, string>> = {',
    ...Object.entries(aliases).map(([old, current]) => `  ${old}: '${current}',`),
    '};',
    '',
  ];
  return lines.join('\n');
}

function wrap(text: string, prefix: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(prefix + line);
  return lines;
}

/** Downloads the postgresql-18 source package of Debian sid into `dir`; returns its upstream tarball and Debian version. */
function downloadSourcePackage(dir: string): { tarball: string; version: string } {
  const root = path.join(dir, 'apt');
  for (const d of ['parts', 'lists/partial', 'archives/partial', 'src']) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.writeFileSync(path.join(root, 'status'), '');
  fs.writeFileSync(path.join(root, 'sources.list'),
    'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main\n');
  // Parts points to an empty folder so that none of the host's apt.conf.d applies;
  // the sid index on the mirror may be past its Valid-Until date.
  fs.writeFileSync(path.join(root, 'apt.conf'), [
    `Dir::Etc::Parts "${root}/parts";`, `Dir::Etc::SourceList "${root}/sources.list";`, `Dir::Etc::SourceParts "${root}/parts";`,
    `Dir::Etc::PreferencesParts "${root}/parts";`, `Dir::State::Lists "${root}/lists";`, `Dir::State::Status "${root}/status";`,
    `Dir::Cache "${root}";`, `Dir::Cache::Archives "${root}/archives";`, 'Acquire::Check-Valid-Until "false";', 'Acquire::Languages "none";',
    'APT::Sandbox::User "root";', '',
  ].join('\n'));
  const env = { ...process.env, APT_CONFIG: path.join(root, 'apt.conf') };
  execFileSync('apt-get', ['-qq', 'update'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const showsrc = execFileSync('apt-cache', ['showsrc', '--only-source', SOURCE_PACKAGE], { env, encoding: 'utf8' });
  const version = /^Version: (\S+)$/m.exec(showsrc)?.[1];
  if (!version) throw new Error(`apt-cache showsrc ${SOURCE_PACKAGE}: no version`);
  // apt checks the files against the signed index.
  execFileSync('apt-get', ['-qq', 'source', '--download-only', `${SOURCE_PACKAGE}=${version}`], { env, cwd: path.join(root, 'src'), stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = fs.readdirSync(path.join(root, 'src')).find((f) => /\.orig\.tar\.(bz2|xz|gz)$/.test(f));
  if (!tarball) throw new Error(`apt-get source ${SOURCE_PACKAGE}: no upstream tarball`);
  return { tarball: path.join(root, 'src', tarball), version };
}

/** The text of `file` (relative to the source root) in `tarball`. */
function fromTarball(tarball: string, file: string): string {
  return execFileSync('tar', ['-xOf', tarball, '--wildcards', `*/${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function main(args: string[]): void {
  let read: (file: string) => string;
  let source: GucSource;
  const at = args.indexOf('--source');
  if (at >= 0) {
    const dir = args[at + 1];
    if (!dir) throw new Error('usage: scripts/postgresql-parameters.ts [--source POSTGRESQL_SOURCE_DIR]');
    read = (file) => fs.readFileSync(path.join(dir, file), 'utf8');
    const release = /PACKAGE_VERSION='([^']+)'/.exec(read('configure'))?.[1] ?? 'unknown';
    source = { release: `PostgreSQL ${release}`, origin: `a PostgreSQL ${release} source tree` };
  } else {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'postgresql-parameters-'));
    try {
      const { tarball, version } = downloadSourcePackage(work);
      const sha256 = crypto.createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
      const texts = new Map([GUC_TABLES, GUC_C].map((f) => [f, fromTarball(tarball, f)]));
      read = (file) => texts.get(file)!;
      source = {
        release: `PostgreSQL ${version.replace(/-[^-]*$/, '')}`,
        origin: `Debian's ${SOURCE_PACKAGE} ${version} source package (sid), ${path.basename(tarball)}, sha256 ${sha256}`,
      };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  if (!/^PostgreSQL 18[.~]/.test(source.release)) throw new Error(`${source.release} is not PostgreSQL 18`);
  const tables = parseGucTables(read(GUC_TABLES));
  const aliases = parseOldGucNames(read(GUC_C));
  fs.writeFileSync(OUTPUT, renderParameterModule(tables, aliases, source));
  console.log(`${path.relative(process.cwd(), OUTPUT)}: ${tables.parameters.length} parameters, ${Object.keys(aliases).length} old names (${source.release})`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

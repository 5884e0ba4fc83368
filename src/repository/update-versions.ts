#!/usr/bin/env node
/**
 * Resolves every build's exact Debian package versions from real apt indexes
 * into <extensions>/versions.lock.json, in the repository of the current directory:
 *   npx projen update-versions [--distro D]... [--source [DISTRO=]URL|DIR]... [--check]
 *                              [--allow-downgrade] [--derive [--cite FILE [--citation TEXT]]] [name...]
 * The package's bin `cnpg-extensions-update-versions` (the task ExtensionImages
 * adds runs it) also takes --extensions DIR and --apt-sources FILE. Which index
 * serves which distro is the package's vendor/cloudnative-pg/apt-sources.json
 * unless --apt-sources names another. It prints a table of changes; --check
 * exits 1 when the lock is stale and writes nothing. Any error leaves the lock unchanged.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { parseArgs } from 'util';
import { packageFiles } from './deb-contents';
import { loadExtensionDefinitions } from './definition-loader';
import { CitedPin, LockTarget, PlanError, PlanRow, lockTargets, planUpdate, rowChanges } from './version-plan';
import { AptFetcher, AptIndex, AptPackage, AptSource, fetchLocation } from '../model/apt-index';
import { AptDistroSource, AptSources } from '../model/apt-sources';
import { DefinitionError } from '../model/definition-error';
import { ExtensionImage } from '../model/extension-image';
import { packageRoot } from '../model/package-root';
import { VERSIONS_LOCK_FILE, VersionsLock, VersionsLockEntry, describeLockKey } from '../model/versions-lock';

const USAGE = 'usage: npx projen update-versions [--extensions DIR] [--apt-sources FILE] [--distro D]... [--source [DISTRO=]URL|DIR]... [--check] '
  + '[--allow-downgrade] [--derive [--cite FILE [--citation TEXT]]] [name...]';

/** Where a repository's inputs are by default: the definitions relative to its root, the apt sources relative to this package's root. */
export const REPOSITORY_PATHS = {
  extensions: 'extensions',
  aptSources: 'vendor/cloudnative-pg/apt-sources.json',
};

/** Where to run, output, and injectable I/O for tests. */
export interface UpdateVersionsIo {
  /** The repository root. */
  readonly root: string;
  /** The definitions' directory (`--extensions` overrides it). @default - <root>/extensions */
  readonly extensionsDir?: string;
  /** The apt sources file (`--apt-sources` overrides it). @default - this package's vendor/cloudnative-pg/apt-sources.json */
  readonly aptSources?: string;
  /** Prints a line. */
  readonly log: (line: string) => void;
  /** Fetches index files and packages. @default - http(s) and local paths */
  readonly fetcher?: AptFetcher;
  /** Told, when entries could not be resolved, each failing extension's errors ("<entry>: <cause>"). */
  readonly onFailed?: (errors: ReadonlyMap<string, readonly string[]>) => void;
  /** Lists the paths a package installs. @default - its .deb downloaded, checked against the index's SHA-256 and listed with dpkg-deb */
  readonly packageFiles?: (source: AptSource, pkg: AptPackage) => Promise<string[]>;
}

/** Runs update-versions in `root`; returns the exit code. */
export async function updateVersions(argv: string[], io: UpdateVersionsIo): Promise<number> {
  const root = io.root;
  const { values, positionals: names } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'extensions': { type: 'string' },
      'apt-sources': { type: 'string' },
      'distro': { type: 'string', multiple: true },
      'source': { type: 'string', multiple: true },
      'check': { type: 'boolean' },
      'allow-downgrade': { type: 'boolean' },
      'derive': { type: 'boolean' },
      'cite': { type: 'string' },
      'citation': { type: 'string' },
    },
  });
  if (values.cite && !values.derive) throw new Error('--cite applies to distros whose index is out of reach: pass it with --derive');
  const extensionsDir = values.extensions !== undefined ? path.resolve(root, values.extensions)
    : io.extensionsDir ?? path.join(root, REPOSITORY_PATHS.extensions);
  const aptSourcesFile = values['apt-sources'] !== undefined ? path.resolve(root, values['apt-sources'])
    : io.aptSources ?? path.join(packageRoot(), REPOSITORY_PATHS.aptSources);
  // Named as the user knows it: inside the repository relative to it, else (the package's own file) in full.
  const relativeAptSources = path.relative(root, aptSourcesFile);
  const aptSourcesName = relativeAptSources.startsWith('..') || path.isAbsolute(relativeAptSources) ? aptSourcesFile : relativeAptSources;

  const lockFile = path.join(extensionsDir, VERSIONS_LOCK_FILE);
  const lockName = path.relative(root, lockFile);
  const lock = fs.existsSync(lockFile) ? VersionsLock.parse(fs.readFileSync(lockFile, 'utf8'), lockName, { unreadUpgrades: true }) : new VersionsLock([]);
  const sources = withOverrides(
    AptSources.parse(fs.readFileSync(aptSourcesFile, 'utf8'), aptSourcesName),
    values.source ?? [], root);
  const images = loadExtensionDefinitions(extensionsDir, root).map(({ file, props }) => {
    try {
      return new ExtensionImage(props);
    } catch (error) {
      throw error instanceof DefinitionError && !error.file ? error.inFile(file) : error;
    }
  });
  const known = images.map((i) => i.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`unknown extension(s): ${unknown.join(', ')}; defined: ${known.join(', ')}`);
  const distros = values.distro ?? [];
  const missing = distros.filter((d) => !sources.source(d));
  if (missing.length) throw new Error(`no apt source configured for ${missing.join(', ')} (${aptSourcesName}: ${sources.sources.map((s) => s.distro).join(', ')})`);

  const targets = lockTargets(images, sources);
  const selected = targets.filter((t) => (names.length === 0 || names.includes(t.extension)) && (distros.length === 0 || distros.includes(t.distro)));
  const architectures = [...new Set(selected.flatMap((t) => t.architectures))].sort();
  const indexes = new Map<string, Promise<AptIndex>>();
  const loadIndex = (source: AptDistroSource) => {
    const key = `${source.url} ${source.suite} ${source.component}`;
    if (!indexes.has(key)) {
      io.log(`reading ${source.url} ${source.suite}/${source.component} (${architectures.join(', ')})`);
      indexes.set(key, AptIndex.load(source, architectures, { fetcher: io.fetcher }));
    }
    return indexes.get(key)!;
  };
  const plan = await planUpdate({
    targets,
    selected,
    lock,
    sources,
    loadIndex,
    derive: values.derive,
    allowDowngrade: values['allow-downgrade'],
    cited: values.cite ? citedPins(path.resolve(values.cite), values.citation) : undefined,
    packageFiles: io.packageFiles ?? ((source, pkg) => packageFiles(source, pkg, io.fetcher ?? fetchLocation)),
  });

  if (plan.errors.length) {
    for (const error of collapsed(plan.errors)) io.log(`error: ${error}`);
    io.log(`update-versions: ${plan.errors.length} error(s); ${lockName} is unchanged`);
    const byExtension = new Map<string, string[]>();
    for (const e of plan.errors) byExtension.set(e.key.extension, [...byExtension.get(e.key.extension) ?? [], `${describeLockKey(e.key)}: ${e.message}`]);
    io.onFailed?.(byExtension);
    return 1;
  }
  const changed = plan.rows.filter(rowChanges);
  for (const line of changeTable(changed)) io.log(line);
  for (const row of plan.rows.filter((r) => r.upgradeBreak !== undefined)) {
    io.log(`upgrade break: ${describeLockKey(row.key)} ${row.before?.sqlVersion} -> ${row.after.sqlVersion} has no update path, accepted by the definition (${row.upgradeBreak})`);
  }
  for (const row of plan.rows.filter((r) => r.held)) io.log(`held: ${describeLockKey(row.key)} stays at ${row.after.packages[0]?.version ?? 'unresolved'} (${row.held})`);
  for (const entry of plan.pruned) io.log(`removed: ${describeLockKey(entry)}, which no definition declares`);
  const stale = changed.length + plan.pruned.length;
  if (values.check) {
    io.log(stale ? `update-versions --check: ${lockName} is stale (${stale} entries differ)` : `update-versions --check: ${lockName} is up to date`);
    return stale ? 1 : 0;
  }
  const text = plan.lock.render();
  if (!fs.existsSync(lockFile) || fs.readFileSync(lockFile, 'utf8') !== text) {
    fs.writeFileSync(`${lockFile}.${process.pid}`, text);
    fs.renameSync(`${lockFile}.${process.pid}`, lockFile);
  }
  io.log(`update-versions: ${changed.length} changed, ${plan.rows.length - changed.length} unchanged, ${plan.pruned.length} removed; now run npx projen`);
  return 0;
}

/** Errors with the same cause (an unreachable index, say) as one line naming every entry. */
function collapsed(errors: readonly PlanError[]): string[] {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) byMessage.set(e.message, [...byMessage.get(e.message) ?? [], describeLockKey(e.key)]);
  return [...byMessage].map(([message, keys]) => (keys.length === 1 ? `${keys[0]}: ${message}` : `${message} (${keys.length} entries: ${keys.join(', ')})`));
}

/** The configured sources, with `--source [DISTRO=]URL|DIR` applied (a bare one to every distro). */
function withOverrides(sources: AptSources, overrides: readonly string[], root: string): AptSources {
  const parsed = overrides.map((o) => {
    const match = /^([a-z][a-z0-9-]*)=(.+)$/.exec(o);
    const url = match ? match[2] : o;
    return { distro: match?.[1], url: /^[a-z]+:\/\//.test(url) ? url : path.resolve(root, url) };
  });
  for (const p of parsed) if (p.distro && !sources.source(p.distro)) throw new Error(`--source ${p.distro}=...: no such distro in the apt sources`);
  return new AptSources(sources.sources.map((s) => {
    const override = parsed.find((p) => p.distro === s.distro) ?? parsed.find((p) => p.distro === undefined);
    return override ? { ...s, url: override.url } : s;
  }));
}

/** Pins from a facts file `{ what, extensions: { <name>: { <distro>: { package, packageVersion, sqlVersion? } } } }`. */
function citedPins(file: string, citation: string | undefined): (target: LockTarget) => CitedPin | undefined {
  const facts = JSON.parse(fs.readFileSync(file, 'utf8')) as { what?: string; extensions?: Record<string, Record<string, Omit<CitedPin, 'citation'>>> };
  if (!facts.extensions) throw new Error(`${file}: has no "extensions" map of pins`);
  const source = citation ?? facts.what;
  if (!source) throw new Error(`${file}: says nothing of where its pins were published; pass --citation`);
  return (target) => {
    const pin = facts.extensions![target.component]?.[target.distro];
    if (!pin || target.major !== Number(/postgresql-(\d+)-/.exec(pin.package)?.[1])) return undefined;
    return { ...pin, citation: source.split('<extension>').join(target.component) };
  };
}

/** The change table: package versions, SQL versions and whether the new image still updates from the old SQL version. */
function changeTable(rows: readonly PlanRow[]): string[] {
  if (rows.length === 0) return ['update-versions: no changes'];
  const lines = [['entry', 'packages', 'SQL version', 'pin', 'update from the old SQL version']];
  for (const row of rows) {
    const version = (e?: VersionsLockEntry) => e?.packages[0]?.version ?? (e ? 'unresolved' : 'new');
    const sql = (e?: VersionsLockEntry) => e?.sqlVersion ?? '-';
    lines.push([
      describeLockKey(row.key),
      `${version(row.before)} -> ${version(row.after)}`,
      row.before?.sqlVersion === row.after.sqlVersion ? sql(row.after) : `${sql(row.before)} -> ${sql(row.after)}`,
      row.before && row.before.source !== row.after.source ? `${row.before.source} -> ${row.after.source}` : row.after.source,
      upgradeNote(row),
    ]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

/** "yes", "NO (break accepted: ...)", or why it cannot be told, from the update scripts the new packages ship (read into the entry). */
function upgradeNote(row: PlanRow): string {
  const from = row.before?.sqlVersion;
  const to = row.after.sqlVersion;
  if (!from || !to) return '-';
  if (from === to) return 'same SQL version';
  if (!(row.key as LockTarget).definition.createExtension) return '- (not created with CREATE EXTENSION)';
  if (row.after.upgradableFrom === undefined) return `unknown: ${row.after.upgradableFromUnresolved}`;
  if (row.after.upgradableFrom.includes(from)) return 'yes';
  return `NO: no update scripts lead from ${from} to ${to}${row.upgradeBreak !== undefined ? ' (break accepted by the definition)' : ''}`;
}

/**
 * Lets `require` load the repository's TypeScript definitions when the bin runs
 * under plain node: with the repository's own tsx, which a TypeScript projenrc runs on.
 */
function registerTypeScript(root: string): void {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the CommonJS loader table is how a runner makes .ts requirable
  if (require.extensions['.ts'] !== undefined) return;
  let api: string;
  try {
    api = createRequire(path.join(root, 'package.json')).resolve('tsx/cjs/api');
  } catch {
    throw new Error(`the definitions are TypeScript, and no tsx is installed in ${root}: install it (npm install --save-dev tsx) or run this under tsx or ts-node`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(api) as { register: () => void }).register();
}

// The package's bin, and `npx projen update-versions`: run in the repository's root, as projen runs tasks.
if (require.main === module) {
  Promise.resolve()
    .then(() => registerTypeScript(process.cwd()))
    .then(() => updateVersions(process.argv.slice(2), { root: process.cwd(), log: (line) => console.log(line) }))
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      console.error(USAGE);
      process.exit(1);
    });
}

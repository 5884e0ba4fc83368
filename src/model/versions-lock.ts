import * as fs from 'fs';
import { parseDebianVersion } from './debian-version';
import { DefinitionError, check } from './definition-error';
import { freezeFields } from './frozen';
import { compareCodePoints } from './ordering';

/**
 * How a locked package version was obtained:
 * - `index`: read from the distro's apt index by `update-versions`;
 * - `cited`: a public pin someone else published (see `citation`), not re-read here;
 * - `derived`: a prediction from another index by a documented convention (see `convention`);
 * - `unresolved`: no version could be obtained; the build is left out of bake's default group and the catalogs.
 */
export type PinSource = 'index' | 'cited' | 'derived' | 'unresolved';

/** The pin sources, in order of trust. */
export const PIN_SOURCES: readonly PinSource[] = ['index', 'cited', 'derived', 'unresolved'];

/** One Debian package of a locked build. */
export interface LockedPackage {
  /** Package name, with the major filled in, e.g. "postgresql-18-pgvector". */
  readonly name: string;
  /** Exact Debian version. */
  readonly version: string;
  /** Debian architectures the index serves this version for; absent when the source does not say (cited pins). */
  readonly architectures?: string[];
}

/** The apt index a pin was read from, or derived from. */
export interface LockedIndex {
  /** Repository URL. */
  readonly url: string;
  /** Suite, e.g. "sid" or "trixie-pgdg". */
  readonly suite: string;
  /** Component, e.g. "main". */
  readonly component: string;
  /** The Release file's Date field. */
  readonly date: string;
}

/** One entry of the versions lock: what one component of one extension installs on one (distro, major). */
export interface VersionsLockEntry {
  /** Extension image name (the definition's name). */
  readonly extension: string;
  /** Component name: the extension itself, or a bundle's component. */
  readonly component: string;
  /** Debian distribution. */
  readonly distro: string;
  /** PostgreSQL major version. */
  readonly major: number;
  /** How the versions were obtained. */
  readonly source: PinSource;
  /** Version `CREATE EXTENSION` installs, derived from the package version; absent when unresolved. */
  readonly sqlVersion?: string;
  /** Every package installed, in the definition's order; empty when unresolved. */
  readonly packages: LockedPackage[];
  /** The index read (`index`), or the index the prediction was computed from (`derived`). */
  readonly index?: LockedIndex;
  /** Where a `cited` pin was published. */
  readonly citation?: string;
  /** The rule a `derived` pin follows, and where that rule is documented. */
  readonly convention?: string;
  /** Why an `unresolved` entry has no version. */
  readonly reason?: string;
  /**
   * The SQL versions from which `sqlVersion` is reachable through the update
   * scripts (`<sql>--<from>--<to>.sql`) the packages install, read from the
   * packages' own file lists; absent when they could not be read (see upgradableFromUnresolved).
   */
  readonly upgradableFrom?: string[];
  /** Why upgradableFrom was not read: a cited or derived pin's package is not fetched here, say. */
  readonly upgradableFromUnresolved?: string;
}

/** How strictly a lock is read. */
export interface LockParseOptions {
  /** Accept entries that record neither upgradableFrom nor upgradableFromUnresolved (written before either existed). @default false */
  readonly unreadUpgrades?: boolean;
}

/** The key of an entry: extension, component, distro and major. */
export interface LockKey {
  /** Extension image name. */
  readonly extension: string;
  /** Component name. */
  readonly component: string;
  /** Debian distribution. */
  readonly distro: string;
  /** PostgreSQL major version. */
  readonly major: number;
}

/** The file name of the lock, next to the definitions. */
export const VERSIONS_LOCK_FILE = 'versions.lock.json';

const LOCK_COMMENT = 'Written by `npx projen update-versions`; never edit by hand. One entry per (extension, component, distro, major).';
const ENTRY_FIELDS = [
  'extension', 'component', 'distro', 'major', 'source', 'sqlVersion', 'packages', 'index', 'citation', 'convention', 'reason',
  'upgradableFrom', 'upgradableFromUnresolved',
];
const ARCHITECTURE = /^[a-z0-9]+$/;
const SQL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;

/** Whether two keys name the same entry. */
export function sameLockKey(a: LockKey, b: LockKey): boolean {
  return a.extension === b.extension && a.component === b.component && a.distro === b.distro && a.major === b.major;
}

/** A key as one string, for lookups: the same for two keys of a valid lock exactly when sameLockKey holds. */
function lockKeyText(key: LockKey): string {
  return JSON.stringify([key.extension, key.component, key.distro, key.major]);
}

/** "pgvector/pgvector trixie/18": an entry's key, for messages. */
export function describeLockKey(key: LockKey): string {
  return `${key.extension}${key.component === key.extension ? '' : `/${key.component}`} ${key.distro}/${key.major}`;
}

function compareKeys(a: LockKey, b: LockKey): number {
  return compareCodePoints(a.extension, b.extension) || compareCodePoints(a.component, b.component)
    || compareCodePoints(a.distro, b.distro) || a.major - b.major;
}

/**
 * The committed record of which exact Debian package versions every build
 * installs, and where each came from. Synthesis reads only this; only
 * `update-versions` writes it.
 */
export class VersionsLock {
  /** Reads the lock file at `file`; `shown` names it in errors. A missing lock says which command writes it. */
  public static read(file: string, shown: string = VERSIONS_LOCK_FILE): VersionsLock {
    if (!fs.existsSync(file)) throw new DefinitionError('(file)', 'is missing; run `npx projen update-versions` to resolve every build from the apt indexes', shown);
    return VersionsLock.parse(fs.readFileSync(file, 'utf8'), shown);
  }

  /**
   * Parses and validates the lock's JSON text; errors name `file`, the entry and the field.
   * `update-versions` passes `{ unreadUpgrades: true }` to accept entries written before
   * locks recorded update scripts, as it reads them again.
   */
  public static parse(text: string, file: string = VERSIONS_LOCK_FILE, options: LockParseOptions = {}): VersionsLock {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DefinitionError('(json)', `is not JSON: ${(error as Error).message}`, file);
    }
    return VersionsLock.fromJson(json, file, options);
  }

  /** Validates the lock's parsed JSON; errors name `file`, the entry and the field. */
  public static fromJson(json: unknown, file: string = VERSIONS_LOCK_FILE, options: LockParseOptions = {}): VersionsLock {
    try {
      check(typeof json === 'object' && json !== null && Array.isArray((json as { entries?: unknown }).entries), 'entries', 'must be a list of lock entries');
      return new VersionsLock((json as { entries: unknown[] }).entries.map((e, i) => validateEntry(e, `entries[${i}]`, options)));
    } catch (error) {
      if (error instanceof DefinitionError) throw error.inFile(file);
      throw error;
    }
  }

  /** The entries, sorted by extension, component, distro and major. */
  public readonly entries: VersionsLockEntry[];
  /** The entries by lookup key: a repository of N extensions looks up each of its builds. */
  private readonly byKey: ReadonlyMap<string, VersionsLockEntry>;

  public constructor(entries: VersionsLockEntry[]) {
    const sorted = [...entries].sort(compareKeys);
    sorted.forEach((e, i) => check(i === 0 || !sameLockKey(sorted[i - 1], e), 'entries', `${describeLockKey(e)} appears twice`));
    this.entries = sorted;
    freezeFields(this, ['entries']);
    this.byKey = new Map(sorted.map((e) => [lockKeyText(e), e]));
  }

  /** The entry for a key, or undefined. */
  public entry(key: LockKey): VersionsLockEntry | undefined {
    return this.byKey.get(lockKeyText(key));
  }

  /** A lock with `entries` added or replacing those of the same key. */
  public withEntries(entries: VersionsLockEntry[]): VersionsLock {
    const replaced = this.entries.filter((old) => !entries.some((e) => sameLockKey(e, old)));
    return new VersionsLock([...replaced, ...entries]);
  }

  /** A lock without the entries of `keys`. */
  public without(keys: LockKey[]): VersionsLock {
    return new VersionsLock(this.entries.filter((old) => !keys.some((key) => sameLockKey(key, old))));
  }

  /** The lock file's text: stable key order, one field per line, a final newline. */
  public render(): string {
    const entries = this.entries.map((e) => Object.fromEntries(ENTRY_FIELDS
      .filter((f) => (e as unknown as Record<string, unknown>)[f] !== undefined)
      .map((f) => [f, f === 'packages' ? e.packages.map(renderPackage) : f === 'upgradableFrom' ? [...e.upgradableFrom!] : (e as unknown as Record<string, unknown>)[f]])));
    return `${JSON.stringify({ comment: LOCK_COMMENT, entries }, null, 2)}\n`;
  }
}

function renderPackage(p: LockedPackage): LockedPackage {
  return p.architectures ? { name: p.name, version: p.version, architectures: [...p.architectures] } : { name: p.name, version: p.version };
}

function validateEntry(value: unknown, field: string, options: LockParseOptions): VersionsLockEntry {
  check(typeof value === 'object' && value !== null && !Array.isArray(value), field, 'must be an object');
  const e = value as Record<string, unknown>;
  const stray = Object.keys(e).find((k) => !ENTRY_FIELDS.includes(k));
  check(stray === undefined, `${field}.${stray}`, `is not a lock field (${ENTRY_FIELDS.join(', ')})`);
  for (const f of ['extension', 'component', 'distro']) check(typeof e[f] === 'string' && e[f] !== '', `${field}.${f}`, 'must be a non-empty string');
  check(Number.isInteger(e.major), `${field}.major`, 'must be a PostgreSQL major version');
  check(PIN_SOURCES.includes(e.source as PinSource), `${field}.source`, `must be one of ${PIN_SOURCES.join(', ')}; every pin says how it was obtained`);
  const source = e.source as PinSource;
  check(Array.isArray(e.packages), `${field}.packages`, 'must be a list of { name, version, architectures }');
  const packages = (e.packages as unknown[]).map((p, i) => validatePackage(p, `${field}.packages[${i}]`, source));
  const entry = { ...e, packages } as unknown as VersionsLockEntry;
  for (const f of ['citation', 'convention', 'reason', 'upgradableFromUnresolved']) {
    check(e[f] === undefined || (typeof e[f] === 'string' && !/[\u0000-\u001f\u007f-\u009f]/.test(e[f] as string)), `${field}.${f}`, 'must be one line of text');
  }
  if (source === 'unresolved') {
    check(packages.length === 0 && e.sqlVersion === undefined, `${field}.packages`, 'an unresolved entry holds no versions');
    check(typeof e.reason === 'string' && e.reason !== '', `${field}.reason`, 'an unresolved entry says why');
    check(e.upgradableFrom === undefined && e.upgradableFromUnresolved === undefined, `${field}.upgradableFrom`, 'an unresolved entry has no packages to read update scripts from');
    return entry;
  }
  check(packages.length > 0, `${field}.packages`, 'must list every package installed');
  check(typeof e.sqlVersion === 'string' && SQL_VERSION.test(e.sqlVersion), `${field}.sqlVersion`, `must be the SQL version the packages install (${SQL_VERSION.source})`);
  if (source === 'index' || source === 'derived') validateIndex(e.index, `${field}.index`);
  if (source === 'cited') check(typeof e.citation === 'string' && e.citation !== '', `${field}.citation`, 'a cited pin names where it was published');
  if (source === 'derived') check(typeof e.convention === 'string' && e.convention !== '', `${field}.convention`, 'a derived pin names the rule it follows and where that rule is documented');
  if (!options.unreadUpgrades || e.upgradableFrom !== undefined || e.upgradableFromUnresolved !== undefined) validateUpgradableFrom(e, field);
  return entry;
}

function validatePackage(value: unknown, field: string, source: PinSource): LockedPackage {
  check(typeof value === 'object' && value !== null, field, 'must be { name, version, architectures }');
  const p = value as Record<string, unknown>;
  check(typeof p.name === 'string' && p.name !== '', `${field}.name`, 'must be a package name');
  parseDebianVersion(p.version, `${field}.version`);
  if (source !== 'cited' || p.architectures !== undefined) {
    check(Array.isArray(p.architectures) && p.architectures.length > 0 && p.architectures.every((a) => typeof a === 'string' && ARCHITECTURE.test(a)),
      `${field}.architectures`, 'must list the Debian architectures the index serves this version for');
  }
  return value as LockedPackage;
}

/** Exactly one of upgradableFrom (sorted, unique SQL versions, without sqlVersion) and upgradableFromUnresolved (a reason). */
function validateUpgradableFrom(e: Record<string, unknown>, field: string): void {
  const rerun = 'run `npx projen update-versions` to read it from the packages';
  check(e.upgradableFrom !== undefined || e.upgradableFromUnresolved !== undefined, `${field}.upgradableFrom`,
    `is missing: every pin records the SQL versions its update scripts lead from, or upgradableFromUnresolved says why they could not be read; ${rerun}`);
  if (e.upgradableFrom === undefined) {
    check(e.upgradableFromUnresolved !== '', `${field}.upgradableFromUnresolved`, 'must say why the update scripts were not read');
    return;
  }
  check(e.upgradableFromUnresolved === undefined, `${field}.upgradableFromUnresolved`, 'is set beside upgradableFrom; the update scripts were either read or not');
  const list = e.upgradableFrom;
  check(Array.isArray(list) && list.every((v) => typeof v === 'string' && SQL_VERSION.test(v)), `${field}.upgradableFrom`, `must be a list of SQL versions (${SQL_VERSION.source})`);
  const sorted = [...new Set(list as string[])].sort(compareCodePoints);
  check(JSON.stringify(sorted) === JSON.stringify(list), `${field}.upgradableFrom`, `must be sorted and unique, as update-versions writes it; ${rerun}`);
  check(!sorted.includes(e.sqlVersion as string), `${field}.upgradableFrom`, `holds sqlVersion ${e.sqlVersion} itself; ${rerun}`);
}

function validateIndex(value: unknown, field: string): void {
  check(typeof value === 'object' && value !== null, field, 'must name the index: { url, suite, component, date }');
  const index = value as Record<string, unknown>;
  for (const f of ['url', 'suite', 'component', 'date']) check(typeof index[f] === 'string' && index[f] !== '', `${field}.${f}`, 'must be a non-empty string');
}


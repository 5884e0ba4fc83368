/**
 * The plan of `update-versions`: which lock entries to write, read from real
 * apt indexes (or, where an index is out of reach, cited or derived and
 * labelled so), and how each differs from the lock in place.
 */
import { AptIndex, AptPackage, AptResolution, AptSource, debianArchitectureOf } from '../model/apt-index';
import { AptDistroSource, AptSources } from '../model/apt-sources';
import { compareDebianVersions, parseDebianVersion, releaseVersionOf } from '../model/debian-version';
import { ExtensionComponent } from '../model/extension-component';
import { ExtensionImage } from '../model/extension-image';
import { upgradeSteps, versionsReaching } from '../model/upgrade-paths';
import { LockKey, LockedIndex, LockedPackage, VersionsLock, VersionsLockEntry, sameLockKey } from '../model/versions-lock';

/** One (extension, component, distro, major) the lock must cover. */
export interface LockTarget extends LockKey {
  /** The image. */
  readonly image: ExtensionImage;
  /** The component. */
  readonly component: string;
  /** Its component object. */
  readonly definition: ExtensionComponent;
  /** Debian architectures the image is built for. */
  readonly architectures: readonly string[];
}

/** A public pin: from `--cite FILE`. */
export interface CitedPin {
  /** The package the pin names. */
  readonly package: string;
  /** Its version. */
  readonly packageVersion: string;
  /** The SQL version the citation gives, if any. */
  readonly sqlVersion?: string;
  /** Where it was published. */
  readonly citation: string;
}

/** How each distro is resolved. */
export interface PlanOptions {
  /** Every target the definitions declare (pruning uses all of them). */
  readonly targets: readonly LockTarget[];
  /** The targets to resolve now. */
  readonly selected: readonly LockTarget[];
  /** The lock in place. */
  readonly lock: VersionsLock;
  /** Which index serves which distro. */
  readonly sources: AptSources;
  /** Loads an index; the caller caches and may override URLs. */
  readonly loadIndex: (source: AptDistroSource, architectures: readonly string[]) => Promise<AptIndex>;
  /** Predict PGDG distros from their `derive` source instead of reading them. */
  readonly derive?: boolean;
  /** Public pins, by extension and distro (used before deriving). */
  readonly cited?: (target: LockTarget) => CitedPin | undefined;
  /** Accept a lower version than the lock's. */
  readonly allowDowngrade?: boolean;
  /** The paths a package installs (its .deb downloaded, hash-checked and listed); a failure leaves the entry's update scripts unresolved. */
  readonly packageFiles: (source: AptSource, pkg: AptPackage) => Promise<string[]>;
}

/** One line of the change table. */
export interface PlanRow {
  /** The entry's key. */
  readonly key: LockKey;
  /** The lock's entry before, if any. */
  readonly before?: VersionsLockEntry;
  /** The entry after. */
  readonly after: VersionsLockEntry;
  /** Set when the entry was kept on purpose: the hold's reason. */
  readonly held?: string;
  /** The index stanza the new version's files can be read from, when one was read. */
  readonly readable?: { readonly index: AptIndex; readonly version: string };
  /** Set when the new SQL version cannot be reached from the old one and the definition names the break: its reason. */
  readonly upgradeBreak?: string;
}

/** Why one entry could not be resolved. */
export interface PlanError {
  /** The entry. */
  readonly key: LockKey;
  /** The cause. */
  readonly message: string;
}

/** What update-versions will write, or why it cannot. */
export interface Plan {
  /** One row per selected target. */
  readonly rows: readonly PlanRow[];
  /** Entries no definition declares any more. */
  readonly pruned: readonly VersionsLockEntry[];
  /** The lock to write. */
  readonly lock: VersionsLock;
  /** Errors; when there is one, nothing is written. */
  readonly errors: readonly PlanError[];
}

/** Whether a row changes the lock. */
export function rowChanges(row: PlanRow): boolean {
  return JSON.stringify(row.before) !== JSON.stringify(row.after);
}

/** The targets of `images`: each component's declared builds, plus the stand-in distros' majors it is built for. */
export function lockTargets(images: readonly ExtensionImage[], sources: AptSources): LockTarget[] {
  return images.flatMap((image) => image.components.flatMap((component) => {
    const declared = component.declaredBuilds;
    const standIns = sources.standIns.flatMap((s) => (s.standInMajors ?? [])
      .filter((major) => declared.some((b) => b.major === major))
      .map((major) => ({ distro: s.distro, major })));
    const architectures = [...new Set(image.platforms.map((p) => debianArchitectureOf(p)))].sort();
    return [...declared, ...standIns].map((b) => ({
      extension: image.name, component: component.name, distro: b.distro, major: b.major, image, definition: component, architectures,
    }));
  }));
}

/** Resolves every selected target; never throws for a target's own problem, but collects it in `errors`. */
export async function planUpdate(options: PlanOptions): Promise<Plan> {
  const errors: PlanError[] = [];
  const rows: PlanRow[] = [];
  for (const target of options.selected) {
    const before = options.lock.entry(target);
    const hold = target.definition.hold;
    if (hold !== undefined && before !== undefined) {
      rows.push({ key: target, before, after: before, held: hold });
      continue;
    }
    try {
      const { entry: resolved, readable } = await resolveTarget(target, options);
      const downgrade = before ? downgradeOf(before, resolved) : undefined;
      if (downgrade && !options.allowDowngrade) throw new Error(`${downgrade}; pass --allow-downgrade to accept it`);
      const after = await withUpgradableFrom(resolved, target, options, readable);
      // Update scripts lead upward; going down (allowed, or a wrong prediction replaced) is the downgrade rule's business.
      const lower = before?.packages[0] && after.packages[0] && compareDebianVersions(after.packages[0].version, before.packages[0].version) < 0;
      const upgradeBreak = lower ? undefined : checkUpgradePath(target, before, after);
      rows.push({ key: target, before, after, readable, upgradeBreak });
    } catch (error) {
      errors.push({ key: target, message: (error as Error).message });
    }
  }
  const pruned = options.lock.entries.filter((e) => !options.targets.some((t) => sameLockKey(t, e)));
  const lock = options.lock.without(pruned).withEntries(rows.map((r) => r.after));
  return { rows, pruned, lock, errors };
}

/**
 * Why `after` is a downgrade, if it is. A pin that was never read from the
 * distro's own index (cited, derived) gives way to a read of it, whatever its version.
 */
function downgradeOf(before: VersionsLockEntry, after: VersionsLockEntry): string | undefined {
  if (after.source === 'index' && before.source !== 'index') return undefined;
  const old = before.packages[0]?.version;
  const now = after.packages[0]?.version;
  if (old === undefined || now === undefined || compareDebianVersions(now, old) >= 0) return undefined;
  return `${now} is older than the locked ${old}`;
}

async function resolveTarget(target: LockTarget, options: PlanOptions): Promise<{ entry: VersionsLockEntry; readable?: PlanRow['readable'] }> {
  const source = options.sources.source(target.distro);
  if (!source) throw new Error(`no apt source is configured for distro "${target.distro}"`);
  const key = { extension: target.extension, component: target.component, distro: target.distro, major: target.major };
  if (!options.derive || !source.derive) {
    const index = await options.loadIndex(source, target.architectures);
    const { version, packages } = resolvePackages(index, target);
    const entry: VersionsLockEntry = { ...key, source: 'index', sqlVersion: sqlVersionOf(target, version), packages, index: lockedIndex(index) };
    return { entry, readable: { index, version } };
  }
  const from = options.sources.source(source.derive.from)!;
  const reference = await options.loadIndex(from, target.architectures);
  const cited = options.cited?.(target);
  if (cited) return { entry: citedEntry(target, key, cited, reference) };
  const { version, packages } = resolvePackages(reference, target);
  const predicted = predictedVersion(version, source.derive.revisionSuffix);
  const entry: VersionsLockEntry = {
    ...key,
    source: 'derived',
    sqlVersion: sqlVersionOf(target, predicted),
    packages: packages.map((p) => ({ ...p, version: predicted })),
    index: lockedIndex(reference),
    convention: `${version} in ${from.suite} + "${source.derive.revisionSuffix}": ${source.derive.convention}`,
  };
  // The prediction is built from the same upstream sources, so unstable's files stand for its files.
  return { entry, readable: { index: reference, version } };
}

/**
 * The entry with the SQL versions its packages' update scripts lead from, read
 * from the packages themselves. Only a pin read from the distro's own index is
 * read: a cited pin's package is not fetched, and a derived one is a
 * prediction, so theirs are recorded as unresolved, with why.
 */
async function withUpgradableFrom(entry: VersionsLockEntry, target: LockTarget, options: PlanOptions, readable?: PlanRow['readable']): Promise<VersionsLockEntry> {
  const unresolved = (reason: string): VersionsLockEntry => ({ ...entry, upgradableFrom: undefined, upgradableFromUnresolved: reason });
  if (!target.definition.createExtension) return unresolved('not created with CREATE EXTENSION, so there is no SQL version to update');
  if (entry.source === 'cited') return unresolved('a cited pin: its package is not read here, so its update scripts are unknown');
  if (entry.source === 'derived') return unresolved(`a derived pin: a prediction, not a package; the update scripts of ${entry.index?.suite ?? 'its reference'} are not assumed to be its own`);
  if (!readable || entry.source !== 'index') return unresolved('no package was read');
  const { index, version } = readable;
  const files: string[] = [];
  try {
    for (const name of target.definition.packages(target.major)) {
      const stanza = index.versions(name, target.architectures[0]).find((p) => p.version === version);
      if (!stanza) return unresolved(`${index.source.suite} has no ${name} ${version} stanza for ${target.architectures[0]} to read`);
      files.push(...await options.packageFiles(index.source, stanza));
    }
  } catch (error) {
    return unresolved(`the package could not be read: ${(error as Error).message.split('\n')[0]}`);
  }
  const extensionDir = `usr/share/postgresql/${target.major}/extension/`;
  const steps = upgradeSteps(files.filter((f) => f.startsWith(extensionDir)), target.definition.sqlName);
  return { ...entry, upgradableFrom: versionsReaching(steps, entry.sqlVersion!), upgradableFromUnresolved: undefined };
}

/**
 * Throws when the new SQL version cannot be reached from the locked one
 * through the new packages' update scripts, unless the definition names that
 * break; returns the break's reason when it does. Unknown scripts (cited,
 * derived) tell nothing, so they pass; the change table says "unknown".
 */
function checkUpgradePath(target: LockTarget, before: VersionsLockEntry | undefined, after: VersionsLockEntry): string | undefined {
  const from = before?.sqlVersion;
  const to = after.sqlVersion;
  if (!from || !to || from === to || !target.definition.createExtension || after.upgradableFrom === undefined) return undefined;
  if (after.upgradableFrom.includes(from)) return undefined;
  const named = target.definition.upgradeBreaks.find((b) => b.from === from && b.to === to);
  if (named) return named.reason;
  const reach = after.upgradableFrom.length ? `reach ${to} only from ${after.upgradableFrom.join(', ')}` : `hold no update script to ${to}`;
  throw new Error(`no update path from SQL version ${from} (locked) to ${to}: the update scripts of ${after.packages.map((p) => `${p.name} ${p.version}`).join(', ')} ${reach}, `
    + `so ALTER EXTENSION ${target.definition.sqlName} UPDATE would fail in every database at ${from}. `
    + `Keep ${from} (versionRange or hold in extensions/${target.extension}.ts), or name the break there: upgradeBreaks: [{ from: '${from}', to: '${to}', reason: '...' }]`);
}

/** Every package of the target at the highest version the index serves on all its architectures, within versionRange. */
function resolvePackages(index: AptIndex, target: LockTarget): { version: string; packages: LockedPackage[] } {
  const accept = (version: string) => target.definition.acceptsRelease(releaseVersionOf(version));
  const resolutions: AptResolution[] = target.definition.packages(target.major).map((name) => index.resolve(name, target.architectures, accept));
  const versions = [...new Set(resolutions.map((r) => r.version))];
  if (versions.length > 1) {
    throw new Error(`${index.source.suite} serves its packages at different versions (${resolutions.map((r) => `${r.name} ${r.version}`).join(', ')}); one build argument installs them all`);
  }
  return { version: versions[0], packages: resolutions.map((r) => ({ name: r.name, version: r.version, architectures: [...r.architectures] })) };
}

function citedEntry(target: LockTarget, key: LockKey, cited: CitedPin, reference: AptIndex): VersionsLockEntry {
  const names = target.definition.packages(target.major);
  if (!names.includes(cited.package)) throw new Error(`the cited pin is for ${cited.package}, which the definition does not install (${names.join(', ')})`);
  // A companion package shares the cited version only when it comes from the same Debian source package.
  const sourceOf = (name: string) => reference.versions(name, target.architectures[0])[0]?.source;
  const citedSource = sourceOf(cited.package);
  const strangers = names.filter((n) => n !== cited.package && (citedSource === undefined || sourceOf(n) !== citedSource));
  if (strangers.length) throw new Error(`the cited pin of ${cited.package} says nothing of ${strangers.join(', ')}, built from another source package`);
  const sqlVersion = sqlVersionOf(target, cited.packageVersion);
  if (cited.sqlVersion !== undefined && cited.sqlVersion !== sqlVersion) {
    throw new Error(`the citation gives SQL version ${cited.sqlVersion}, but ${cited.packageVersion} gives ${sqlVersion} by the definition`);
  }
  const companions = names.length > 1 ? `; ${names.filter((n) => n !== cited.package).join(', ')} at the same version (same source package, ${citedSource})` : '';
  return { ...key, source: 'cited', sqlVersion, packages: names.map((name) => ({ name, version: cited.packageVersion })), citation: `${cited.citation}${companions}` };
}

/** A PGDG version from Debian unstable's: its binary-only rebuild mark ("+b1") dropped, the suffix appended. */
export function predictedVersion(unstable: string, revisionSuffix: string): string {
  const { epoch, upstream, revision } = parseDebianVersion(unstable);
  return `${epoch > 0 ? `${epoch}:` : ''}${upstream}-${revision.replace(/\+b\d+$/, '') || '1'}${revisionSuffix}`;
}

function sqlVersionOf(target: LockTarget, packageVersion: string): string {
  return target.definition.sqlVersionOf(packageVersion);
}

function lockedIndex(index: AptIndex): LockedIndex {
  return { url: index.source.url, suite: index.source.suite, component: index.source.component, date: index.release.date };
}

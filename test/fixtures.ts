import * as path from 'path';
import { pgaudit } from '../extensions/pgaudit';
import { pgvector } from '../extensions/pgvector';
import { postgis } from '../extensions/postgis';
import {
  DefinitionError, ExtensionDefinition, ExtensionImage, ExtensionImageProps, OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock, VersionsLockEntry,
} from '../src';

/** The repository root. */
export const ROOT = path.join(__dirname, '..');

/** The vendored minimal operand catalogs. */
export function operands(): OperandCatalog {
  return OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs'));
}

/** The repository's own versions lock. */
export const REPOSITORY_LOCK = VersionsLock.read(path.join(ROOT, 'extensions', VERSIONS_LOCK_FILE));

/** The repository's own definitions. */
export const definitions = { pgvector, pgaudit, postgis };

/** A definition with `overrides` applied to pgvector's. */
export function pgvectorWith(overrides: Partial<Record<keyof ExtensionImageProps | 'versions', unknown>>): ExtensionImageProps {
  return { ...pgvector, ...overrides } as ExtensionImageProps;
}

/** A package version for every build, or one per component and distro. */
export type Version = string | ((component: string, distro: string) => string);

/**
 * A test lock: every declared build of `defs` with all packages at `version`
 * ('index' pins of a fixture index), SQL versions derived as synthesis derives them.
 */
export function syntheticLock(defs: readonly ExtensionDefinition[], version: Version = '1.0-1'): VersionsLock {
  return new VersionsLock(defs.flatMap((def) => syntheticEntries(def, version)));
}

/** The repository's lock, plus synthetic entries for builds it lacks. */
export function lockWith(defs: readonly ExtensionDefinition[], version: Version = '1.0-1'): VersionsLock {
  const locked = new Set(REPOSITORY_LOCK.entries.map((e) => e.extension));
  const missing = defs.flatMap((def) => {
    try {
      return syntheticEntries(def, version);
    } catch (error) {
      // A definition the lock covers keeps its real entries where the fixture version does not fit its sqlVersionPattern.
      if (error instanceof DefinitionError && locked.has(def.name)) return [];
      throw error;
    }
  }).filter((e) => !REPOSITORY_LOCK.entry(e));
  return REPOSITORY_LOCK.withEntries(missing);
}

function syntheticEntries(def: ExtensionDefinition, given: Version): VersionsLockEntry[] {
  let image: ExtensionImage;
  try {
    image = new ExtensionImage(def);
  } catch (error) {
    // A bad definition gets no entries: the code under test reports it.
    if (error instanceof DefinitionError) return [];
    throw error;
  }
  return image.components.flatMap((c) => c.declaredBuilds.map((b) => [b, typeof given === 'string' ? given : given(c.name, b.distro)] as const).map(([b, version]) => ({
    extension: image.name,
    component: c.name,
    distro: b.distro,
    major: b.major,
    source: 'index' as const,
    sqlVersion: c.sqlVersionOf(version),
    packages: c.packages(b.major).map((name) => ({ name, version, architectures: ['amd64', 'arm64'] })),
    index: { url: 'https://example.com/apt', suite: `${b.distro}-test`, component: 'main', date: 'Mon, 30 Nov 2026 00:00:00 UTC' },
    upgradableFromUnresolved: 'a synthetic test entry: no package was read',
  })));
}

/** Package versions of the test locks: fixture data in PGDG's form, not claims about any index. */
const FIXTURE_RELEASES: Readonly<Record<string, string>> = {
  pgvector: '0.8.4-1', postgis: '3.6.1+dfsg-1', pgrouting: '4.0.2-1', pgaudit: '18.0-2', pg_squeeze: '1.9.4-2', pg_cron: '1.6.8-1',
};

/** The fixture version of a component on a distro, e.g. "0.8.4-1.pgdg13+1" for pgvector on trixie. */
export const fixtureVersion: Version = (component, distro) =>
  `${FIXTURE_RELEASES[component] ?? '1.0-1'}.pgdg${distro === 'bookworm' ? 12 : 13}+1`;

/** An ExtensionImage in a fresh App, with its builds from `lock` (by default a test lock of fixture versions). */
export function imageOf(props: ExtensionDefinition, lock: VersionsLock = syntheticLock([props], fixtureVersion)): ExtensionImage {
  const image = new ExtensionImage(props);
  image.addBuildsFromLock(lock);
  return image;
}

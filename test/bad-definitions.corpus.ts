import { pgvector } from '../extensions/pgvector';
import { ExtensionBundleProps, ExtensionImageProps, LockedPackage, VersionsLockEntry } from '../src';

/** A definition file's content: overrides of pgvector's definition, or a bundle (with `components`); the name defaults to the file name. */
export type DefinitionOverrides = Partial<Record<keyof ExtensionImageProps | keyof ExtensionBundleProps | 'versions', unknown>>;

/** The versions lock's path, as errors about the lock file name it. */
export const LOCK_FILE = 'extensions/versions.lock.json';

/**
 * The versions lock of a case. By default it holds every declared build of
 * the case's definitions at "1.0-1" (test/fixtures.ts syntheticLock), in key
 * order (extension, component, distro, major): for file A, entries[0] is
 * a bookworm/18 and entries[1] a trixie/18. A function edits those entries
 * (JSON drops fields set to undefined); a string is the lock file's whole text.
 * Either way the lock is parsed as the loader parses LOCK_FILE.
 */
export type LockOverride = ((entries: readonly VersionsLockEntry[]) => readonly unknown[]) | string;

/** A set of definition files (and a versions lock) that synthesis must reject, and the error it must raise. */
export interface BadDefinitionCase {
  readonly title: string;
  /** Definition files, by path (e.g. "extensions/a.ts"). */
  readonly files: Readonly<Record<string, DefinitionOverrides>>;
  /** The versions lock, when not the default one that fits the files. */
  readonly lock?: LockOverride;
  readonly expect: { readonly file: string; readonly field: string; readonly rule: RegExp };
}

const A = 'extensions/a.ts';
/** A build matrix of one (distro, major) pair. */
const withBuild = (overrides: Record<string, unknown>) => ({ builds: [{ distro: 'trixie', major: 18, ...overrides }] });

/** Characters that must never reach a shell, a Dockerfile, HCL or YAML from a structured field. */
const METACHARACTERS: ReadonlyArray<[string, string]> = [
  ['a newline', '\n'], ['a single quote', "'"], ['a double quote', '"'], ['command substitution', '$(id)'],
  ['backticks', '`id`'], ['a semicolon', ';'], ['a pipe', '|'], ['an ampersand', '&'], ['a space', ' '],
];

/** One case per metacharacter: file A with `inject(value)` for a value holding it, rejected naming `field` (or `field(value)`). */
function everyMetacharacter(
  what: string, field: string | ((value: string) => string), rule: RegExp, inject: (value: string) => DefinitionOverrides,
): BadDefinitionCase[] {
  return METACHARACTERS.map(([name, bad]) => {
    const value = `x${bad}y`;
    return { title: `${what} with ${name}`, files: { [A]: inject(value) }, expect: { file: A, field: typeof field === 'string' ? field : field(value), rule } };
  });
}

/** One case per metacharacter: pgvector's definition in file A with a lock from `lock(value)`, rejected naming `field` in `file`. */
function everyMetacharacterInLock(
  what: string, file: string, field: string, rule: RegExp, lock: (value: string) => LockOverride,
): BadDefinitionCase[] {
  return METACHARACTERS.map(([name, bad]) => ({ title: `${what} with ${name}`, files: { [A]: {} }, lock: lock(bad), expect: { file, field, rule } }));
}

/** The lock file as errors name it. */
const LOCK_FILE_NAME = 'extensions/versions.lock.json';

/** Edits entries[index] of the default lock with `patch`. */
const editEntry = (index: number, patch: (entry: VersionsLockEntry) => object) =>
  (entries: readonly VersionsLockEntry[]) => entries.map((e, i) => (i === index ? patch(e) : e));
/** Edits every package of an entry. */
const editPackages = (patch: (p: LockedPackage, i: number) => object) => (e: VersionsLockEntry) => ({ ...e, packages: e.packages.map(patch) });
/** An entry with every package at `version`, and `sqlVersion` (by default the upstream version). */
const atVersion = (version: string, sqlVersion = version.replace(/-[^-]*$/, '')) => (e: VersionsLockEntry) =>
  ({ ...e, sqlVersion, packages: e.packages.map((p) => ({ ...p, version })) });
/** An entry made `unresolved`, with `reason`. */
const unresolved = (reason?: string) => (e: VersionsLockEntry) =>
  ({ ...e, source: 'unresolved', sqlVersion: undefined, packages: [], index: undefined, upgradableFrom: undefined, upgradableFromUnresolved: undefined, reason });
/** Two packages, so that a lock entry can hold one of them, or both at different versions. */
const TWO_PACKAGES = { packages: ['postgresql-{major}-pgvector', 'postgresql-{major}-pgvector-doc'] };

/** What an invalid owner is told. */
const OWNER_RULE = /must be a GitHub user "@user" or team "@org\/team"/;

/** Each image path list, with ".." and with an absolute path. */
const PATH_LISTS = ['extensionControlPath', 'dynamicLibraryPath', 'ldLibraryPath', 'binPath'].flatMap((list): BadDefinitionCase[] => [
  { title: `${list} escaping the image with ".."`, files: { [A]: { [list]: ['lib', 'x/../../etc'] } }, expect: { file: A, field: `${list}[1]`, rule: /escapes the image/ } },
  { title: `${list} with an absolute path`, files: { [A]: { [list]: ['/usr/lib'] } }, expect: { file: A, field: `${list}[0]`, rule: /is absolute/ } },
]);

/** Each glob list, with ".." and with an absolute path. */
const GLOB_LISTS = ([
  ['files.lib', (g: string) => ({ lib: [g] })],
  ['files.extension', (g: string) => ({ extension: [g] })],
  ['files.bin', (g: string) => ({ bin: [g] })],
  ['files.share.doc', (g: string) => ({ share: { doc: [g] } })],
] as const).flatMap(([field, files]): BadDefinitionCase[] => [
  { title: `${field} escaping its directory with ".."`, files: { [A]: { files: files('../../../etc/shadow') } }, expect: { file: A, field: `${field}[0]`, rule: /escapes its directory/ } },
  { title: `${field} with an absolute glob`, files: { [A]: { files: files('/etc/*') } }, expect: { file: A, field: `${field}[0]`, rule: /is absolute/ } },
]);

/** Every name CloudNativePG reserves, or that starts with a reserved prefix. */
const RESERVED_ENV = ['CNPG_SECRET', 'PGDATA', 'PGHOST', 'POD_NAME', 'NAMESPACE', 'CLUSTER_NAME', 'PATH', 'LD_LIBRARY_PATH'].map((name): BadDefinitionCase => ({
  title: `the reserved env name ${name}`, files: { [A]: { env: { [name]: 'x' } } }, expect: { file: A, field: `env.${name}`, rule: /is reserved by CloudNativePG/ },
}));

/** Bundles in extensions/geo.ts, made of pgvector-like components. */
const GEO = 'extensions/geo.ts';
const component = (name: string, overrides: DefinitionOverrides = {}) => ({ ...pgvector, name, sqlName: name, ...overrides });
const bundle = (overrides: DefinitionOverrides) => ({ description: 'A bundle', homepage: 'https://example.com', owners: ['@example'], components: [component('one'), component('two')], ...overrides });
const BUNDLES: BadDefinitionCase[] = [
  { title: 'a bundle without owners', files: { [GEO]: bundle({ owners: undefined }) }, expect: { file: GEO, field: 'owners', rule: /must be a list of GitHub users/ } },
  { title: 'a bundle with an e-mail owner', files: { [GEO]: bundle({ owners: ['geo@example.com'] }) }, expect: { file: GEO, field: 'owners[0]', rule: /is an e-mail address/ } },
  { title: 'a bundle of one extension', files: { [GEO]: bundle({ components: [component('one')] }) }, expect: { file: GEO, field: 'components', rule: /at least 2 extension definitions/ } },
  { title: 'a bundle whose components are not a list', files: { [GEO]: bundle({ components: 'one,two' }) }, expect: { file: GEO, field: 'components', rule: /at least 2/ } },
  {
    title: 'a bundle with a field of a single extension',
    files: { [GEO]: bundle({ builds: [{ distro: 'trixie', major: 18 }] }) },
    expect: { file: GEO, field: 'builds', rule: /is not a field of a bundle .*set it in the component/ },
  },
  {
    title: 'a bundle with versions of the old form',
    files: { [GEO]: bundle({ versions: [{ distro: 'trixie', major: 18, packageVersion: '1.0-1', sqlVersion: '1.0' }] }) },
    expect: { file: GEO, field: 'versions', rule: /is not a field of a bundle .*set it in the component/ },
  },
  {
    title: 'a component with versions of the old form, named under components[i]',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { versions: [{ distro: 'trixie', major: 18, packageVersion: '1.0-1', sqlVersion: '1.0' }] })] }) },
    expect: { file: GEO, field: 'components[1].versions', rule: /was replaced by builds/ },
  },
  {
    title: 'a bad field in a component, named under components[i]',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { files: { lib: ['x;y'] } })] }) },
    expect: { file: GEO, field: 'components[1].files.lib[0]', rule: /shell metacharacters are not allowed/ },
  },
  {
    title: 'a bundle nested in a bundle',
    files: { [GEO]: bundle({ components: [bundle({ name: 'inner' }), component('two')] }) },
    expect: { file: GEO, field: 'components[0].(definition)', rule: /bundles do not nest/ },
  },
  {
    title: 'two components with one directory',
    files: { [GEO]: bundle({ components: [component('one'), component('one', { sqlName: 'uno' })] }) },
    expect: { file: GEO, field: 'components[1].name', rule: /"one" is declared twice.*own directory and build argument/ },
  },
  {
    title: 'two components whose directories differ only in "_" and "-"',
    files: { [GEO]: bundle({ components: [component('pg-x'), component('pg_x', { sqlName: 'pgx' })] }) },
    expect: { file: GEO, field: 'components[1].name', rule: /"pg_x" collides with "pg-x"/ },
  },
  {
    title: 'two components with one SQL name',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { sqlName: 'one' })] }) },
    expect: { file: GEO, field: 'components[1].sqlName', rule: /"one" is also the SQL name of one; PostgreSQL would find only the first/ },
  },
  {
    title: 'a component listed before the component it requires',
    files: { [GEO]: bundle({ components: [component('one', { requiredExtensions: ['two'] }), component('two')] }) },
    expect: { file: GEO, field: 'components[0].requiredExtensions[0]', rule: /"two" is components\[1\]; list it before one/ },
  },
  {
    title: 'components that need different values of one parameter',
    files: { [GEO]: bundle({ components: [component('one', { postgresqlParameters: { wal_level: 'logical' } }), component('two', { postgresqlParameters: { wal_level: 'replica' } })] }) },
    expect: { file: GEO, field: 'components[1].postgresqlParameters.wal_level', rule: /two needs "replica", but an earlier component needs "logical"/ },
  },
  {
    title: 'components that set one variable differently',
    files: { [GEO]: bundle({ components: [component('one', { env: { DATA: '${image_root}/share' } }), component('two', { env: { DATA: '${image_root}/share' } })] }) },
    expect: { file: GEO, field: 'components[1].env.DATA', rule: /two sets it to "\$\{image_root\}\/two\/share", but an earlier component sets "\$\{image_root\}\/one\/share"/ },
  },
  {
    title: 'components that share no build',
    files: { [GEO]: bundle({ components: [component('one', withBuild({ distro: 'bookworm' })), component('two', withBuild({}))] }) },
    expect: { file: GEO, field: 'components', rule: /share no \(distro, major\) build: one has bookworm\/18; two has trixie\/18/ },
  },
  {
    title: 'a bundle platform a component lacks',
    files: { [GEO]: bundle({ platforms: ['linux/arm64'], components: [component('one', { platforms: ['linux/amd64'] }), component('two')] }) },
    expect: { file: GEO, field: 'platforms[0]', rule: /"linux\/arm64" is not among the platforms of component one \(linux\/amd64\)/ },
  },
  {
    title: 'a bundle component requiring an extension not defined',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { requiredExtensions: ['nope'] })] }) },
    expect: { file: GEO, field: 'components[1].requiredExtensions[0]', rule: /"nope" is not defined/ },
  },
  // the lock, for a bundle: entries[0..1] are geo/one bookworm/18 and trixie/18, entries[2..3] geo/two's
  {
    title: 'a bundle component with no lock entry, named under components[i]',
    files: { [GEO]: bundle({}) },
    lock: (entries) => entries.filter((_, i) => i !== 3),
    expect: { file: GEO, field: 'components[1].builds[1]', rule: /geo\/two trixie\/18 has no entry in versions\.lock\.json; run `npx projen update-versions --distro trixie geo`/ },
  },
  {
    title: 'a bundle component whose lock entry has other packages',
    files: { [GEO]: bundle({}) },
    lock: editEntry(0, editPackages((p) => ({ ...p, name: 'postgresql-18-other' }))),
    expect: { file: GEO, field: 'components[0].builds[0]', rule: /versions\.lock\.json has geo\/one bookworm\/18 with packages postgresql-18-other, but the definition installs postgresql-18-pgvector/ },
  },
  {
    title: 'bundle components whose versions together make a tag too long',
    files: { [GEO]: bundle({}) },
    lock: (entries) => entries.map(atVersion(`1.${'0'.repeat(35)}-1`)),
    expect: { file: GEO, field: 'components', rule: /together give the tag version "1\.0{35}_1\.0{35}" for bookworm\/18, longer than 64 characters/ },
  },
];

const NO_ENTRY = (key: string, distro: string, extension: string) =>
  new RegExp(`^${key} has no entry in versions\\.lock\\.json; run \`npx projen update-versions --distro ${distro} ${extension}\`$`);

/** A lock the loader must reject before any definition uses it. */
const LOCK_PARSE: BadDefinitionCase[] = [
  { title: 'a lock that is not JSON', files: { [A]: {} }, lock: '{ "entries": [', expect: { file: LOCK_FILE, field: '(json)', rule: /is not JSON/ } },
  { title: 'a lock with no entries', files: { [A]: {} }, lock: '{}', expect: { file: LOCK_FILE, field: 'entries', rule: /must be a list of lock entries/ } },
  { title: 'a lock that is a list', files: { [A]: {} }, lock: '[]', expect: { file: LOCK_FILE, field: 'entries', rule: /must be a list of lock entries/ } },
  { title: 'a lock whose entries are an object', files: { [A]: {} }, lock: '{ "entries": {} }', expect: { file: LOCK_FILE, field: 'entries', rule: /must be a list of lock entries/ } },
  { title: 'a lock entry that is not an object', files: { [A]: {} }, lock: () => ['a trixie/18 1.0-1'], expect: { file: LOCK_FILE, field: 'entries[0]', rule: /must be an object/ } },
  { title: 'a lock entry listed twice', files: { [A]: {} }, lock: (entries) => [entries[0], ...entries], expect: { file: LOCK_FILE, field: 'entries', rule: /a bookworm\/18 appears twice/ } },
  {
    title: 'a lock entry with a field the lock does not have',
    files: { [A]: {} },
    lock: editEntry(0, (e) => ({ ...e, packageVersion: '1.0-1' })),
    expect: { file: LOCK_FILE, field: 'entries[0].packageVersion', rule: /is not a lock field/ },
  },
  // the key
  { title: 'a lock entry with no extension', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, extension: undefined })), expect: { file: LOCK_FILE, field: 'entries[0].extension', rule: /must be a non-empty string/ } },
  { title: 'a lock entry with an empty component', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, component: '' })), expect: { file: LOCK_FILE, field: 'entries[0].component', rule: /must be a non-empty string/ } },
  { title: 'a lock entry whose distro is a number', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, distro: 12 })), expect: { file: LOCK_FILE, field: 'entries[0].distro', rule: /must be a non-empty string/ } },
  { title: 'a lock entry whose major is a string', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, major: '18' })), expect: { file: LOCK_FILE, field: 'entries[0].major', rule: /must be a PostgreSQL major version/ } },
  // where the pin came from
  { title: 'a lock entry with no source', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: undefined })), expect: { file: LOCK_FILE, field: 'entries[0].source', rule: /must be one of index, cited, derived, unresolved; every pin says how it was obtained/ } },
  { title: 'a lock entry with an unknown source', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'guessed' })), expect: { file: LOCK_FILE, field: 'entries[0].source', rule: /must be one of index, cited, derived, unresolved/ } },
  { title: 'an index pin with no index', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, index: undefined })), expect: { file: LOCK_FILE, field: 'entries[0].index', rule: /must name the index/ } },
  { title: 'an index pin whose index has no date', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, index: { ...e.index, date: undefined } })), expect: { file: LOCK_FILE, field: 'entries[0].index.date', rule: /must be a non-empty string/ } },
  { title: 'a cited pin without a citation', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'cited', index: undefined })), expect: { file: LOCK_FILE, field: 'entries[0].citation', rule: /a cited pin names where it was published/ } },
  { title: 'a cited pin with an empty citation', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'cited', citation: '' })), expect: { file: LOCK_FILE, field: 'entries[0].citation', rule: /a cited pin names where it was published/ } },
  { title: 'a citation of two lines', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'cited', citation: 'one\ntwo' })), expect: { file: LOCK_FILE, field: 'entries[0].citation', rule: /must be one line of text/ } },
  { title: 'a derived pin without a convention', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'derived' })), expect: { file: LOCK_FILE, field: 'entries[0].convention', rule: /a derived pin names the rule it follows/ } },
  { title: 'a derived pin without the index it was derived from', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'derived', convention: 'x', index: undefined })), expect: { file: LOCK_FILE, field: 'entries[0].index', rule: /must name the index/ } },
  { title: 'a convention with a control character', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, source: 'derived', convention: 'x\u0085y' })), expect: { file: LOCK_FILE, field: 'entries[0].convention', rule: /must be one line of text/ } },
  { title: 'an unresolved entry without a reason', files: { [A]: {} }, lock: editEntry(0, unresolved()), expect: { file: LOCK_FILE, field: 'entries[0].reason', rule: /an unresolved entry says why/ } },
  { title: 'an unresolved entry with an empty reason', files: { [A]: {} }, lock: editEntry(0, unresolved('')), expect: { file: LOCK_FILE, field: 'entries[0].reason', rule: /an unresolved entry says why/ } },
  { title: 'an unresolved reason of two lines', files: { [A]: {} }, lock: editEntry(0, unresolved('one\ntwo')), expect: { file: LOCK_FILE, field: 'entries[0].reason', rule: /must be one line of text/ } },
  {
    title: 'an unresolved entry that holds versions',
    files: { [A]: {} },
    lock: editEntry(0, (e) => ({ ...e, source: 'unresolved', reason: 'not in the index' })),
    expect: { file: LOCK_FILE, field: 'entries[0].packages', rule: /an unresolved entry holds no versions/ },
  },
  // what the pin installs
  { title: 'a lock entry with no SQL version', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, sqlVersion: undefined })), expect: { file: LOCK_FILE, field: 'entries[0].sqlVersion', rule: /must be the SQL version the packages install/ } },
  { title: 'a lock entry whose packages are a string', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, packages: 'postgresql-18-pgvector=1.0-1' })), expect: { file: LOCK_FILE, field: 'entries[0].packages', rule: /must be a list of \{ name, version, architectures \}/ } },
  { title: 'a lock entry with no packages', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, packages: [] })), expect: { file: LOCK_FILE, field: 'entries[0].packages', rule: /must list every package installed/ } },
  { title: 'a locked package that is a string', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, packages: ['postgresql-18-pgvector'] })), expect: { file: LOCK_FILE, field: 'entries[0].packages[0]', rule: /must be \{ name, version, architectures \}/ } },
  { title: 'a locked package with no name', files: { [A]: {} }, lock: editEntry(0, editPackages((p) => ({ ...p, name: undefined }))), expect: { file: LOCK_FILE, field: 'entries[0].packages[0].name', rule: /must be a package name/ } },
  { title: 'a locked package with no version', files: { [A]: {} }, lock: editEntry(0, editPackages((p) => ({ ...p, version: undefined }))), expect: { file: LOCK_FILE, field: 'entries[0].packages[0].version', rule: /is required: a Debian package version/ } },
  { title: 'a locked package version that is a number', files: { [A]: {} }, lock: editEntry(0, editPackages((p) => ({ ...p, version: 1.0 }))), expect: { file: LOCK_FILE, field: 'entries[0].packages[0].version', rule: /is required: a Debian package version/ } },
  ...everyMetacharacterInLock('a locked package version', LOCK_FILE, 'entries[0].packages[0].version', /is not a Debian version/,
    (bad) => editEntry(0, editPackages((p) => ({ ...p, version: `1.0-1${bad}` })))),
  ...['v1.0-1', '1.0-', '-1', '1:', 'a:1.0-1', '1.0_1-1', '1.0-1_1', ':1.0', '1:1:1.0-1', '1.0-1-', ''].map((version): BadDefinitionCase => ({
    title: `the locked package version "${version}"`,
    files: { [A]: {} },
    lock: editEntry(0, editPackages((p) => ({ ...p, version }))),
    expect: { file: LOCK_FILE, field: 'entries[0].packages[0].version', rule: /is not a Debian version|is required/ },
  })),
  {
    title: 'a version in the second package of an entry',
    files: { [A]: TWO_PACKAGES },
    lock: editEntry(1, editPackages((p, i) => (i === 1 ? { ...p, version: '1.0 -1' } : p))),
    expect: { file: LOCK_FILE, field: 'entries[1].packages[1].version', rule: /"1\.0 -1" is not a Debian version/ },
  },
  { title: 'an index pin with no architectures', files: { [A]: {} }, lock: editEntry(0, editPackages((p) => ({ ...p, architectures: undefined }))), expect: { file: LOCK_FILE, field: 'entries[0].packages[0].architectures', rule: /must list the Debian architectures/ } },
  { title: 'an empty list of architectures', files: { [A]: {} }, lock: editEntry(0, editPackages((p) => ({ ...p, architectures: [] }))), expect: { file: LOCK_FILE, field: 'entries[0].packages[0].architectures', rule: /must list the Debian architectures/ } },
  ...everyMetacharacterInLock('an architecture', LOCK_FILE, 'entries[0].packages[0].architectures', /must list the Debian architectures/,
    (bad) => editEntry(0, editPackages((p) => ({ ...p, architectures: ['amd64', `arm${bad}64`] })))),
];

/** A valid lock that does not fit the definitions: the definition's file and build are named, and the lock file in the rule. */
const LOCK_MISMATCH: BadDefinitionCase[] = [
  { title: 'a build with no lock entry', files: { [A]: {} }, lock: (entries) => entries.slice(0, 1), expect: { file: A, field: 'builds[1]', rule: NO_ENTRY('a trixie\\/18', 'trixie', 'a') } },
  { title: 'an empty lock', files: { [A]: {} }, lock: () => [], expect: { file: A, field: 'builds[0]', rule: NO_ENTRY('a bookworm\\/18', 'bookworm', 'a') } },
  { title: 'a lock entry for another extension only', files: { [A]: {} }, lock: (entries) => entries.map((e) => ({ ...e, extension: 'b', component: 'b' })), expect: { file: A, field: 'builds[0]', rule: NO_ENTRY('a bookworm\\/18', 'bookworm', 'a') } },
  { title: 'a lock entry for another major only', files: { [A]: {} }, lock: editEntry(0, (e) => ({ ...e, major: 17 })), expect: { file: A, field: 'builds[0]', rule: NO_ENTRY('a bookworm\\/18', 'bookworm', 'a') } },
  {
    title: 'a lock entry with other packages than the definition',
    files: { [A]: {} },
    lock: editEntry(0, editPackages((p) => ({ ...p, name: 'postgresql-18-other' }))),
    expect: { file: A, field: 'builds[0]', rule: /^versions\.lock\.json has a bookworm\/18 with packages postgresql-18-other, but the definition installs postgresql-18-pgvector; run `npx projen update-versions --distro bookworm a`$/ },
  },
  {
    title: 'a lock entry with the packages of another major',
    files: { [A]: {} },
    lock: editEntry(1, editPackages((p) => ({ ...p, name: 'postgresql-17-pgvector' }))),
    expect: { file: A, field: 'builds[1]', rule: /has a trixie\/18 with packages postgresql-17-pgvector, but the definition installs postgresql-18-pgvector/ },
  },
  {
    title: 'a locked package name with shell metacharacters',
    files: { [A]: {} },
    lock: editEntry(0, editPackages((p) => ({ ...p, name: 'postgresql-18-pgvector;id' }))),
    expect: { file: A, field: 'builds[0]', rule: /with packages postgresql-18-pgvector;id, but the definition installs postgresql-18-pgvector/ },
  },
  {
    title: 'a lock entry with a package the definition does not install',
    files: { [A]: {} },
    lock: editEntry(0, (e) => ({ ...e, packages: [...e.packages, { ...e.packages[0], name: 'postgresql-18-extra' }] })),
    expect: { file: A, field: 'builds[0]', rule: /with packages postgresql-18-pgvector, postgresql-18-extra, but the definition installs postgresql-18-pgvector;/ },
  },
  {
    title: 'a lock entry missing a package of the definition',
    files: { [A]: TWO_PACKAGES },
    lock: editEntry(0, (e) => ({ ...e, packages: e.packages.slice(0, 1) })),
    expect: { file: A, field: 'builds[0]', rule: /with packages postgresql-18-pgvector, but the definition installs postgresql-18-pgvector, postgresql-18-pgvector-doc/ },
  },
  {
    title: 'a lock entry listing the packages in another order',
    files: { [A]: TWO_PACKAGES },
    lock: editEntry(0, (e) => ({ ...e, packages: [...e.packages].reverse() })),
    expect: { file: A, field: 'builds[0]', rule: /with packages postgresql-18-pgvector-doc, postgresql-18-pgvector, but the definition installs postgresql-18-pgvector, postgresql-18-pgvector-doc/ },
  },
  {
    title: 'a lock entry whose packages differ in version',
    files: { [A]: TWO_PACKAGES },
    lock: editEntry(0, editPackages((p, i) => ({ ...p, version: `1.0-${i + 1}` }))),
    expect: { file: A, field: 'builds[0]', rule: /versions\.lock\.json has a bookworm\/18 with different versions \(1\.0-1, 1\.0-2\); one build argument installs every package/ },
  },
  {
    title: 'a lock entry not served for a platform the definition builds (arm64)',
    files: { [A]: {} },
    lock: editEntry(0, editPackages((p) => ({ ...p, architectures: ['amd64'] }))),
    expect: { file: A, field: 'builds[0]', rule: /^versions\.lock\.json: a bookworm\/18: postgresql-18-pgvector 1\.0-1 is not served for arm64, which platforms needs; narrow platforms or run `npx projen update-versions --distro bookworm a`$/ },
  },
  {
    title: 'a lock entry not served for a platform the definition builds (amd64)',
    files: { [A]: { platforms: ['linux/amd64'] } },
    lock: editEntry(1, editPackages((p) => ({ ...p, architectures: ['arm64', 'riscv64'] }))),
    expect: { file: A, field: 'builds[1]', rule: /postgresql-18-pgvector 1\.0-1 is not served for amd64, which platforms needs/ },
  },
  {
    title: 'a locked version above versionRange',
    files: { [A]: { versionRange: '>=1.0 <2' } },
    lock: editEntry(0, atVersion('2.0-1')),
    expect: { file: A, field: 'builds[0]', rule: /^versions\.lock\.json has a bookworm\/18 at 2\.0-1, outside versionRange >=1\.0 <2; run `npx projen update-versions --distro bookworm a`$/ },
  },
  {
    title: 'a locked version below versionRange, with an epoch and a repack mark',
    files: { [A]: { versionRange: '~1.0' } },
    lock: editEntry(1, atVersion('1:0.9.1+dfsg-1', '0.9.1')),
    expect: { file: A, field: 'builds[1]', rule: /has a trixie\/18 at 1:0\.9\.1\+dfsg-1, outside versionRange ~1\.0/ },
  },
  {
    title: 'a locked SQL version that disagrees with the package version',
    files: { [A]: {} },
    lock: editEntry(0, (e) => ({ ...e, sqlVersion: '1.1' })),
    expect: { file: A, field: 'builds[0].sqlVersion', rule: /"1\.1" disagrees with package version 1\.0-1, which gives SQL version "1\.0"/ },
  },
  {
    title: 'a locked SQL version that disagrees with sqlVersionPattern',
    files: { [A]: { sqlVersionPattern: '^(\\d+)\\.' } },
    lock: editEntry(1, (e) => ({ ...e, sqlVersion: '1.0' })),
    expect: { file: A, field: 'builds[1].sqlVersion', rule: /"1\.0" disagrees with package version 1\.0-1, which gives SQL version "1" by sqlVersionPattern/ },
  },
  ...everyMetacharacterInLock('a locked SQL version', LOCK_FILE_NAME, 'entries[0].sqlVersion', /must be the SQL version the packages install/, (bad) => editEntry(0, (e) => ({ ...e, sqlVersion: `1.0${bad}` }))),
  {
    title: 'a sqlVersionPattern that does not match the locked version',
    files: { [A]: { sqlVersionPattern: '^(\\d+)\\.0$' } },
    lock: editEntry(0, atVersion('1.5-1')),
    expect: { file: A, field: 'builds[0].packageVersion', rule: /release version "1\.5" does not match sqlVersionPattern/ },
  },
  {
    title: 'a locked version too long for an image tag',
    files: { [A]: {} },
    lock: editEntry(0, atVersion(`1.${'0'.repeat(70)}-1`)),
    expect: { file: A, field: 'builds[0].packageVersion', rule: /longer than 64 characters/ },
  },
  {
    title: 'a required extension whose build is unresolved in the lock',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': { sqlName: 'b' } },
    lock: editEntry(2, unresolved('no release for bookworm yet')),
    expect: { file: A, field: 'requiredExtensions[0]', rule: /"b" has no build for bookworm\/18, which a needs/ },
  },
  {
    title: 'an upgrade break without a reason',
    files: { [A]: { upgradeBreaks: [{ from: '0.8.6', to: '0.8.7' }] } },
    expect: { file: A, field: 'upgradeBreaks[0].reason', rule: /must say, in one line, why the break is accepted/ },
  },
  {
    title: 'an upgrade break with a misspelt field',
    files: { [A]: { upgradeBreaks: [{ from: '0.8.6', to: '0.8.7', reasons: 'x' }] } },
    expect: { file: A, field: 'upgradeBreaks[0].reasons', rule: /is not a field of an upgrade break \(from, to, reason\)/ },
  },
  {
    title: 'an upgrade break on an extension without CREATE EXTENSION',
    files: { [A]: { createExtension: false, files: { lib: ['a.so'] }, upgradeBreaks: [{ from: '1', to: '2', reason: 'x' }] } },
    expect: { file: A, field: 'upgradeBreaks[0]', rule: /not created with CREATE EXTENSION/ },
  },
  {
    title: 'a lock entry holding its own SQL version among those it updates from',
    files: { [A]: {} },
    lock: editEntry(0, (e) => ({ ...e, upgradableFromUnresolved: undefined, upgradableFrom: [e.sqlVersion!] })),
    expect: { file: LOCK_FILE, field: 'entries[0].upgradableFrom', rule: /holds sqlVersion .* itself/ },
  },
];

/** A parameter `name` set to `value` in file A, rejected naming it with `rule`. */
const parameterCase = (title: string, name: string, rule: RegExp, value = 'on'): BadDefinitionCase =>
  ({ title, files: { [A]: { postgresqlParameters: { [name]: value } } }, expect: { file: A, field: `postgresqlParameters.${name}`, rule } });
const FIXED = /is fixed by CloudNativePG.*webhook rejects a Cluster that sets it \(FixedConfigurationParameters\)/;
const BLOCKED = /is blocked by CloudNativePG: it must keep its default.*\(FixedConfigurationParameters\)/;
const NOT_A_GUC = /is not a PostgreSQL 18 parameter: an unrecognized name without a dot stops the server from starting/;

/** CloudNativePG's and PostgreSQL's rules for postgresqlParameters (and databaseNameParameters). */
const PARAMETER_RULES: BadDefinitionCase[] = [
  // FixedConfigurationParameters of cloudnative-pg v1.30.0 pkg/postgres/configuration.go
  parameterCase('the fixed parameter archive_command', 'archive_command', FIXED, '/bin/true'),
  parameterCase('the fixed parameter port', 'port', FIXED, '5433'),
  parameterCase('the fixed parameter restore_command', 'restore_command', FIXED, 'cp /x %p'),
  parameterCase('the fixed parameter ssl_ecdh_curve (the old name of ssl_groups)', 'ssl_ecdh_curve', /"ssl_ecdh_curve" \(the old name of ssl_groups\) is fixed by CloudNativePG/, 'prime256v1'),
  parameterCase('the fixed parameter cluster_name', 'cluster_name', FIXED, 'other'),
  parameterCase('the fixed parameter temp_tablespaces', 'temp_tablespaces', FIXED, 'tmp'),
  parameterCase('the fixed extension parameter pg_failover_slots.primary_dsn', 'pg_failover_slots.primary_dsn', FIXED, 'host=x'),
  parameterCase('the blocked parameter listen_addresses', 'listen_addresses', BLOCKED, '127.0.0.1'),
  parameterCase('the blocked parameter hba_file', 'hba_file', BLOCKED, '/tmp/hba'),
  parameterCase('the blocked parameter unix_socket_directories', 'unix_socket_directories', BLOCKED, '/tmp'),
  parameterCase('the blocked parameter logging_collector', 'logging_collector', BLOCKED, 'off'),
  parameterCase('the blocked parameter recovery_min_apply_delay', 'recovery_min_apply_delay', BLOCKED, '1h'),
  parameterCase('the blocked parameter allow_system_table_mods', 'allow_system_table_mods', BLOCKED),
  // parameters with their own field, or that CloudNativePG builds
  parameterCase('shared_preload_libraries as a parameter', 'shared_preload_libraries', /has its own field: list the libraries in sharedPreloadLibraries/, 'vector'),
  parameterCase('dynamic_library_path as a parameter', 'dynamic_library_path', /managed by CloudNativePG: .*set dynamicLibraryPath \(paths inside the image\)/, '$libdir:/x'),
  parameterCase('extension_control_path as a parameter', 'extension_control_path', /managed by CloudNativePG: .*set extensionControlPath/, '$system:/x'),
  parameterCase('allow_alter_system as a parameter', 'allow_alter_system', /managed by CloudNativePG: .*enableAlterSystem/),
  parameterCase('a parameter in the cnpg. namespace', 'cnpg.config_sha256', /in the "cnpg\." namespace, which holds CloudNativePG's own state/, 'x'),
  // configuration file directives
  parameterCase('the include directive', 'include', /is a configuration file directive, not a parameter/, '/etc/passwd'),
  parameterCase('the include_if_exists directive', 'include_if_exists', /is a configuration file directive/, '/x.conf'),
  parameterCase('the include_dir directive', 'include_dir', /is a configuration file directive/, '/tmp'),
  // names PostgreSQL 18 does not know, which stop it from starting
  parameterCase('a misspelt PostgreSQL parameter', 'shared_buffer', new RegExp(`${NOT_A_GUC.source}.*; did you mean shared_buffers\\?$`), '1GB'),
  parameterCase('an unknown parameter without a dot', 'vector_probes', new RegExp(`${NOT_A_GUC.source}.*such as pgaudit\\.log\\)$`), '10'),
  parameterCase('an extension parameter with "_" for its dot', 'pgaudit_log', NOT_A_GUC, 'all'),
  parameterCase('a parameter only debug builds know', 'wal_debug', NOT_A_GUC),
  parameterCase('a parameter PostgreSQL removed long ago (checkpoint_segments)', 'checkpoint_segments', NOT_A_GUC, '3'),
  parameterCase('the read-only parameter block_size', 'block_size', /is a read-only PostgreSQL parameter.*stops the server from starting/, '16384'),
  parameterCase('the read-only parameter server_version', 'server_version', /is a read-only PostgreSQL parameter/, '99'),
  {
    title: 'a database name parameter that CloudNativePG fixes',
    files: { [A]: { databaseNameParameters: ['cluster_name'] } },
    expect: { file: A, field: 'databaseNameParameters[0]', rule: FIXED },
  },
  {
    title: 'a database name parameter PostgreSQL 18 does not know',
    files: { [A]: { databaseNameParameters: ['database_name'] } },
    expect: { file: A, field: 'databaseNameParameters[0]', rule: NOT_A_GUC },
  },
  {
    title: 'a fixed parameter in a bundle component, named under components[i]',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { postgresqlParameters: { port: '5433' } })] }) },
    expect: { file: GEO, field: 'components[1].postgresqlParameters.port', rule: FIXED },
  },
];

/** Glob segments sh expands to "." or "..", so that `cp -a` copies the directory itself or its parent. */
const DOT_GLOBS: BadDefinitionCase[] = ([
  ['files.lib', { lib: ['.?'] }, '.?'],
  ['files.bin', { bin: ['.*'] }, '.*'],
  ['files.share.x', { lib: ['vector.so'], share: { x: ['.*'] } }, '.*'],
  ['files.extension', { extension: ['.*.'] }, '.*.'],
  ['files.lib', { lib: ['..*'] }, '..*'],
  ['files.lib', { lib: ['.?*'] }, '.?*'],
  ['files.lib', { lib: ['.**'] }, '.**'],
  ['files.lib', { lib: ['.*?'] }, '.*?'],
  ['files.share.doc', { lib: ['vector.so'], share: { doc: ['postgresql/.?/x'] } }, '.?'],
] as const).map(([field, files, segment], i): BadDefinitionCase => ({
  title: `a glob whose segment "${segment}" matches "." or ".." (${field}, ${i})`,
  files: { [A]: { files } },
  expect: { file: A, field: `${field}[0]`, rule: new RegExp(`escapes its directory: sh expands "${segment.replace(/[.*?]/g, '\\$&')}" to "\\." or "\\.\\."`) },
}));

/** Fields definitions (loaded with tsx, so never type-checked) misspell, and null for an optional field. */
const UNKNOWN_AND_NULL_FIELDS: BadDefinitionCase[] = [
  { title: 'the misspelt field sharedPreloadLibrary', files: { [A]: { sharedPreloadLibrary: ['vector'] } as DefinitionOverrides }, expect: { file: A, field: 'sharedPreloadLibrary', rule: /^is not a field of ExtensionImageProps; did you mean sharedPreloadLibraries\?$/ } },
  { title: 'the misspelt field systemLibrary', files: { [A]: { systemLibrary: true } as DefinitionOverrides }, expect: { file: A, field: 'systemLibrary', rule: /did you mean systemLibraries\?$/ } },
  { title: 'the field sqlname in the wrong case', files: { [A]: { sqlname: 'v' } as DefinitionOverrides }, expect: { file: A, field: 'sqlname', rule: /did you mean sqlName\?$/ } },
  { title: 'the misspelt field postgresParameters', files: { [A]: { postgresParameters: { 'x.y': '1' } } as DefinitionOverrides }, expect: { file: A, field: 'postgresParameters', rule: /did you mean postgresqlParameters\?$/ } },
  { title: 'an unknown field nothing is close to', files: { [A]: { maintainer: 'me' } as DefinitionOverrides }, expect: { file: A, field: 'maintainer', rule: /^is not a field of ExtensionImageProps$/ } },
  { title: 'the misspelt files field libs', files: { [A]: { files: { libs: ['vector.so'], extension: ['vector.control'] } } }, expect: { file: A, field: 'files.libs', rule: /is not a field of ExtensionFilesProps .*; did you mean lib\?$/ } },
  { title: 'an unknown files field', files: { [A]: { files: { lib: ['vector.so'], system: ['libx.so'] } } }, expect: { file: A, field: 'files.system', rule: /is not a field of ExtensionFilesProps/ } },
  { title: 'the misspelt smoke test field expect', files: { [A]: { smokeTest: { sql: 'SELECT 1', expect: '1' } } }, expect: { file: A, field: 'smokeTest.expect', rule: /is not a field of a smoke test .*did you mean expected\?$/ } },
  {
    title: 'the misspelt license exception field reasons',
    files: { [A]: { licenses: ['GPL-2.0-or-later'], licenseExceptions: [{ license: 'GPL-2.0-or-later', name: 'ADR-1', reasons: 'ok' }] } },
    expect: { file: A, field: 'licenseExceptions[0].reasons', rule: /is not a field of a license exception .*did you mean reason\?$/ },
  },
  { title: 'the misspelt build field majr', files: { [A]: { builds: [{ distro: 'trixie', majr: 18 }] } }, expect: { file: A, field: 'builds[0].majr', rule: /is not a field of a build .*did you mean major\?$/ } },
  { title: 'a misspelt bundle field', files: { [GEO]: bundle({ descripton: 'x' } as DefinitionOverrides) }, expect: { file: GEO, field: 'descripton', rule: /is not a field of a bundle .*did you mean description\?$/ } },
  {
    title: 'a misspelt field in a bundle component, named under components[i]',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { sharedPreloadLibrary: ['two'] } as DefinitionOverrides)] }) },
    expect: { file: GEO, field: 'components[1].sharedPreloadLibrary', rule: /did you mean sharedPreloadLibraries\?$/ },
  },
  ...(['sqlName', 'imageName', 'env', 'postgresqlParameters', 'sharedPreloadLibraries', 'requiredExtensions', 'licenseExceptions', 'platforms', 'databaseNameParameters', 'versionRange'] as const)
    .map((field): BadDefinitionCase => ({ title: `${field} that is null`, files: { [A]: { [field]: null } }, expect: { file: A, field, rule: /^is null; leave it out to use its default, or give it a value$/ } })),
  { title: 'files.lib that is null', files: { [A]: { files: { lib: null, extension: ['vector.control'] } } }, expect: { file: A, field: 'files.lib', rule: /is null/ } },
  { title: 'files.share that is null', files: { [A]: { files: { lib: ['vector.so'], share: null } } }, expect: { file: A, field: 'files.share', rule: /is null/ } },
  { title: 'a share directory whose globs are null', files: { [A]: { files: { lib: ['vector.so'], share: { doc: null } } } }, expect: { file: A, field: 'files.share.doc', rule: /must be a list of globs/ } },
  { title: 'a smoke test expecting null', files: { [A]: { smokeTest: { sql: 'SELECT 1', expected: null } } }, expect: { file: A, field: 'smokeTest.expected', rule: /is null/ } },
  { title: 'a bundle imageName that is null', files: { [GEO]: bundle({ imageName: null }) }, expect: { file: GEO, field: 'imageName', rule: /is null/ } },
  { title: 'bundle platforms that are null', files: { [GEO]: bundle({ platforms: null }) }, expect: { file: GEO, field: 'platforms', rule: /is null/ } },
  { title: 'a component sqlName that is null', files: { [GEO]: bundle({ components: [component('one'), component('two', { sqlName: null })] }) }, expect: { file: GEO, field: 'components[1].sqlName', rule: /is null/ } },
];

const LOADER = /steers the dynamic loader or C library: it would make PostgreSQL load code or files it names/;

/** Values that are unsafe, or that no tool downstream can take. */
const UNSAFE_VALUES: BadDefinitionCase[] = [
  // environment variables of the dynamic loader and C library (glibc's UNSECURE_ENVVARS, and every LD_*)
  ...['LD_PRELOAD', 'LD_AUDIT', 'LD_TRACE_LOADED_OBJECTS', 'LD_BIND_NOW', 'GCONV_PATH', 'GLIBC_TUNABLES', 'MALLOC_TRACE', 'TMPDIR', 'NLSPATH'].map((name): BadDefinitionCase => ({
    title: `the loader or libc env name ${name}`, files: { [A]: { env: { [name]: '${image_root}/lib/x.so' } } }, expect: { file: A, field: `env.${name}`, rule: LOADER },
  })),
  // placeholders with no closing brace
  { title: 'an env value with an unterminated ${image_root', files: { [A]: { env: { X: '${image_root/share' } } }, expect: { file: A, field: 'env.X', rule: /"\$\{image_root\/share" has no closing "\}"/ } },
  { title: 'an env value ending in ${', files: { [A]: { env: { X: '${image_root}/a:${' } } }, expect: { file: A, field: 'env.X', rule: /"\$\{" has no closing "\}"/ } },
  { title: 'an env value with an unterminated ${ after an escaped $$', files: { [A]: { env: { X: 'a$$${image_root' } } }, expect: { file: A, field: 'env.X', rule: /"\$\$\$\{image_root" has no closing "\}"/ } },
  // sizes: Linux's MAX_ARG_STRLEN, and etcd's 1.5 MiB per object for the catalog
  { title: 'an env value of 4097 bytes', files: { [A]: { env: { X: 'x'.repeat(4097) } } }, expect: { file: A, field: 'env.X', rule: /is 4097 bytes long; at most 4096 are allowed/ } },
  { title: 'an env value of 2049 two-byte characters', files: { [A]: { env: { X: 'é'.repeat(2049) } } }, expect: { file: A, field: 'env.X', rule: /is 4098 bytes long; at most 4096/ } },
  { title: 'an env value of 2 MiB, more than etcd stores in one object', files: { [A]: { env: { X: 'x'.repeat(2 * 1024 * 1024) } } }, expect: { file: A, field: 'env.X', rule: /at most 4096 are allowed/ } },
  {
    title: 'env values that together make the catalog entry too large',
    files: { [A]: { env: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`X${i}`, 'x'.repeat(4000)])) } },
    expect: { file: A, field: '(catalog entry)', rule: /takes \d+ bytes \(paths and env\); at most 16384 are allowed/ },
  },
  {
    title: 'a path list that makes the catalog entry too large',
    files: { [A]: { ldLibraryPath: Array.from({ length: 2000 }, (_, i) => `system/${i}`) } },
    expect: { file: A, field: '(catalog entry)', rule: /at most 16384 are allowed/ },
  },
  // preload libraries that are directories
  { title: 'the preload library ".."', files: { [A]: { sharedPreloadLibraries: ['..'] } }, expect: { file: A, field: 'sharedPreloadLibraries[0]', rule: /"\.\." is a directory, not a library/ } },
  { title: 'the preload library "."', files: { [A]: { sharedPreloadLibraries: ['vector', '.'] } }, expect: { file: A, field: 'sharedPreloadLibraries[1]', rule: /"\." is a directory, not a library/ } },
  // Debian epochs dpkg refuses (lib/dpkg/parsehelp.c: epoch > INT_MAX)
  {
    title: 'a locked version whose epoch is above INT_MAX',
    files: { [A]: {} },
    lock: editEntry(0, atVersion('2147483648:1.0-1', '1.0')),
    expect: { file: A, field: 'builds[0].packageVersion', rule: /"2147483648:1\.0-1" has the epoch 2147483648, above dpkg's largest \(2147483647\); dpkg refuses the version/ },
  },
  {
    title: 'a locked version whose epoch has 20 digits',
    files: { [A]: {} },
    lock: editEntry(1, atVersion('99999999999999999999:1.0-1', '1.0')),
    expect: { file: A, field: 'builds[1].packageVersion', rule: /has the epoch 99999999999999999999, above dpkg's largest/ },
  },
];

/** Bake group (`<name>`) and target (`<name>-<major>-<distro>`) names share one namespace. */
const BAKE_NAMES: BadDefinitionCase[] = [
  {
    title: 'a name equal to another extension\'s trixie/18 bake target',
    files: { [A]: {}, 'extensions/a-18-trixie.ts': { imageName: 'a2' } },
    expect: { file: 'extensions/a-18-trixie.ts', field: 'name', rule: /"a-18-trixie" is the bake group of a-18-trixie and the bake target of a trixie\/18 \(extensions\/a\.ts\); bake group and target names must differ/ },
  },
  {
    title: 'a name equal to another extension\'s bookworm/18 bake target',
    files: { 'extensions/pgvector-18-bookworm.ts': { imageName: 'x' }, 'extensions/pgvector.ts': {} },
    expect: { file: 'extensions/pgvector-18-bookworm.ts', field: 'name', rule: /the bake target of pgvector bookworm\/18 \(extensions\/pgvector\.ts\)/ },
  },
  {
    title: 'a bundle named like a component image\'s bake target',
    files: { [A]: {}, 'extensions/a-18-trixie.ts': bundle({ imageName: 'b' }) },
    expect: { file: 'extensions/a-18-trixie.ts', field: 'name', rule: /"a-18-trixie" is the bake group of a-18-trixie and the bake target of a trixie\/18/ },
  },
];

const NAME_RULE = /must match/;
const PACKAGE_RULE = /not a Debian package name.*shell metacharacters are not allowed/;
const GLOB_RULE = /shell metacharacters are not allowed/;

export const BAD_DEFINITIONS: readonly BadDefinitionCase[] = [
  // names
  { title: 'an uppercase name', files: { 'extensions/PgX.ts': {} }, expect: { file: 'extensions/PgX.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name starting with "-"', files: { 'extensions/-pgx.ts': {} }, expect: { file: 'extensions/-pgx.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name ending with "-"', files: { 'extensions/pgx-.ts': {} }, expect: { file: 'extensions/pgx-.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name starting with "_"', files: { 'extensions/_pgx.ts': {} }, expect: { file: 'extensions/_pgx.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name ending with "_"', files: { 'extensions/pgx_.ts': {} }, expect: { file: 'extensions/pgx_.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name of 60 characters', files: { [`extensions/${'a'.repeat(60)}.ts`]: {} }, expect: { file: `extensions/${'a'.repeat(60)}.ts`, field: 'name', rule: /60 characters long; at most 59/ } },
  { title: 'an empty name', files: { [A]: { name: '' } }, expect: { file: A, field: 'name', rule: /is required and must be a string/ } },
  { title: 'a name that is not a string', files: { [A]: { name: 42 } }, expect: { file: A, field: 'name', rule: /is required and must be a string/ } },
  ...everyMetacharacter('a name', 'name', NAME_RULE, (name) => ({ name })),
  { title: 'a name that is not its file name', files: { [A]: { name: 'b' } }, expect: { file: A, field: 'name', rule: /"b" must equal the file name "a"/ } },
  { title: 'the name of the default bake group', files: { 'extensions/default.ts': {} }, expect: { file: 'extensions/default.ts', field: 'name', rule: /reserved \(bake group\)/ } },
  ...['examples', 'tests', 'catalogs'].map((name): BadDefinitionCase => ({
    title: `the name of the shared output folder ${name}`,
    files: { [`extensions/${name}.ts`]: {} },
    expect: { file: `extensions/${name}.ts`, field: 'name', rule: /reserved \(shared output folder\)/ },
  })),
  {
    title: 'names colliding once "_" becomes "-"',
    files: { 'extensions/pg-x.ts': {}, 'extensions/pg_x.ts': {} },
    expect: { file: 'extensions/pg_x.ts', field: 'name', rule: /"pg_x" collides with "pg-x": both become volume "ext-pg-x".*extensions\/pg-x\.ts/ },
  },
  {
    title: 'the same name in two files',
    files: { 'extensions/a.ts': {}, 'more/a.ts': { imageName: 'a2' } },
    expect: { file: 'more/a.ts', field: 'name', rule: /"a" is declared twice/ },
  },
  // other identifiers
  ...everyMetacharacter('sqlName', 'sqlName', /must match/, (bad) => ({ sqlName: bad })),
  { title: 'a sqlName PostgreSQL would truncate', files: { [A]: { sqlName: 'v'.repeat(64) } }, expect: { file: A, field: 'sqlName', rule: /64 characters long; PostgreSQL truncates names after 63/ } },
  ...everyMetacharacter('imageName', 'imageName', /not a valid image repository name/, (bad) => ({ imageName: bad })),
  { title: 'an uppercase imageName', files: { [A]: { imageName: 'PgX' } }, expect: { file: A, field: 'imageName', rule: /not a valid image repository name/ } },
  { title: 'two images with one imageName', files: { [A]: { imageName: 'x' }, 'extensions/b.ts': { imageName: 'x' } }, expect: { file: A, field: 'imageName', rule: /"x" is also the image name of b \(extensions\/b\.ts\)/ } },
  // free text (description, parameter and env values, smokeTest.expected): quotes and shell metacharacters are
  // accepted and escaped where rendered (test/property.test.ts); line breaks and control characters are not
  { title: 'a description with a newline', files: { [A]: { description: 'one\ntwo' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description with a carriage return', files: { [A]: { description: 'one\rtwo' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description with NEL (U+0085), a line break in YAML 1.1', files: { [A]: { description: 'one\u0085two' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description with LINE SEPARATOR (U+2028)', files: { [A]: { description: 'one\u2028two' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description not in Unicode NFC, which HCL would change', files: { [A]: { description: 'cafe\u0301' } }, expect: { file: A, field: 'description', rule: /Normalization Form C/ } },
  { title: 'a blank description', files: { [A]: { description: '  ' } }, expect: { file: A, field: 'description', rule: /is required/ } },
  ...everyMetacharacter('homepage', 'homepage', /must be an https URL/, (bad) => ({ homepage: `https://example.com/${bad}` })),
  { title: 'a plain-http homepage', files: { [A]: { homepage: 'http://example.com' } }, expect: { file: A, field: 'homepage', rule: /must be an https URL/ } },
  // owners: each a CODEOWNERS handle, so nothing else can reach a line of .github/CODEOWNERS
  { title: 'no owners field', files: { [A]: { owners: undefined } }, expect: { file: A, field: 'owners', rule: /must be a list of GitHub users "@user" or teams "@org\/team"/ } },
  { title: 'no owners', files: { [A]: { owners: [] } }, expect: { file: A, field: 'owners', rule: /must name at least one GitHub user/ } },
  { title: 'owners as one string', files: { [A]: { owners: '@someone' } }, expect: { file: A, field: 'owners', rule: /must be a list/ } },
  { title: 'an owner that is not a string', files: { [A]: { owners: [42] } }, expect: { file: A, field: 'owners[0]', rule: /must be a string/ } },
  { title: 'an e-mail owner', files: { [A]: { owners: ['@ok', 'dba@example.com'] } }, expect: { file: A, field: 'owners[1]', rule: /is an e-mail address/ } },
  { title: 'an owner without @', files: { [A]: { owners: ['someone'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'an owner with a leading hyphen', files: { [A]: { owners: ['@-someone'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'an owner with a trailing hyphen', files: { [A]: { owners: ['@someone-'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'an owner with two hyphens in a row', files: { [A]: { owners: ['@some--one'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'an owner of 40 characters', files: { [A]: { owners: [`@${'a'.repeat(40)}`] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'a team without a slug', files: { [A]: { owners: ['@org/'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'a team of a team', files: { [A]: { owners: ['@org/team/sub'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'a CODEOWNERS comment as owner', files: { [A]: { owners: ['@org/team#x'] } }, expect: { file: A, field: 'owners[0]', rule: OWNER_RULE } },
  { title: 'an owner listed twice, in other case', files: { [A]: { owners: ['@Org/Team', '@org/team'] } }, expect: { file: A, field: 'owners[1]', rule: /"@org\/team" is listed twice \(owners\[0\]/ } },
  ...everyMetacharacter('an owner', 'owners[0]', OWNER_RULE, (bad) => ({ owners: [`@${bad}`] })),
  ...everyMetacharacter('a team', 'owners[0]', OWNER_RULE, (bad) => ({ owners: [`@org/${bad}`] })),
  // packages and licenses
  ...everyMetacharacter('a package', 'packages[1]', PACKAGE_RULE, (bad) => ({ packages: ['postgresql-{major}-x', `postgresql-{major}-${bad}`] })),
  { title: 'an unknown placeholder in a package', files: { [A]: { packages: ['postgresql-{pg}-x'] } }, expect: { file: A, field: 'packages[0]', rule: PACKAGE_RULE } },
  { title: 'no packages', files: { [A]: { packages: [] } }, expect: { file: A, field: 'packages', rule: /must not be empty/ } },
  { title: 'a package listed twice', files: { [A]: { packages: ['x1', 'x1'] } }, expect: { file: A, field: 'packages[1]', rule: /listed twice/ } },
  { title: 'no licenses', files: { [A]: { licenses: [] } }, expect: { file: A, field: 'licenses', rule: /must not be empty/ } },
  ...everyMetacharacter('a license', 'licenses[0]', /not an SPDX license identifier/, (bad) => ({ licenses: [bad] })),
  // files
  ...GLOB_LISTS,
  ...everyMetacharacter('a lib glob', 'files.lib[0]', GLOB_RULE, (bad) => ({ files: { lib: [bad] } })),
  ...everyMetacharacter('a bin glob', 'files.bin[0]', GLOB_RULE, (bad) => ({ files: { bin: [`pg_${bad}`] } })),
  ...everyMetacharacter('an extension glob', 'files.extension[0]', GLOB_RULE, (bad) => ({ files: { extension: [`vector${bad}.sql`] } })),
  ...everyMetacharacter('a share glob', 'files.share.doc[0]', GLOB_RULE, (bad) => ({ files: { share: { doc: [`doc/${bad}`] } } })),
  { title: 'a share directory escaping /share', files: { [A]: { files: { lib: ['x.so'], share: { '../../etc': ['x'] } } } }, expect: { file: A, field: 'files.share.../../etc', rule: /escapes the image/ } },
  { title: 'an absolute share directory', files: { [A]: { files: { lib: ['x.so'], share: { '/etc': ['x'] } } } }, expect: { file: A, field: 'files.share./etc', rule: /is absolute/ } },
  { title: 'a share directory with a space', files: { [A]: { files: { lib: ['x.so'], share: { 'a b': ['x'] } } } }, expect: { file: A, field: 'files.share.a b', rule: /may hold only/ } },
  { title: 'files.share.extension', files: { [A]: { files: { share: { extension: ['x'] } } } }, expect: { file: A, field: 'files.share.extension', rule: /use files\.extension/ } },
  { title: 'files selecting nothing', files: { [A]: { files: { lib: [], share: { doc: [] } } } }, expect: { file: A, field: 'files', rule: /selects no files/ } },
  // paths inside the image
  ...PATH_LISTS,
  ...everyMetacharacter('an ldLibraryPath entry', 'ldLibraryPath[0]', /may hold only/, (bad) => ({ ldLibraryPath: [bad] })),
  { title: 'an empty path list', files: { [A]: { binPath: [] } }, expect: { file: A, field: 'binPath', rule: /must be a non-empty list/ } },
  { title: 'a path listed twice', files: { [A]: { dynamicLibraryPath: ['lib', 'lib'] } }, expect: { file: A, field: 'dynamicLibraryPath[1]', rule: /listed twice/ } },
  // PostgreSQL settings
  ...everyMetacharacter('a shared preload library', 'sharedPreloadLibraries[0]', /not a library name/, (bad) => ({ sharedPreloadLibraries: [bad] })),
  { title: 'a comma in a shared preload library', files: { [A]: { sharedPreloadLibraries: ['a,b'] } }, expect: { file: A, field: 'sharedPreloadLibraries[0]', rule: /not a library name/ } },
  ...everyMetacharacter('a parameter name', (name) => `postgresqlParameters.${name}`, /not a PostgreSQL parameter name/, (name) => ({ postgresqlParameters: { [name]: 'on' } })),
  { title: 'a parameter value with a newline', files: { [A]: { postgresqlParameters: { 'x.y': 'on\noff' } } }, expect: { file: A, field: 'postgresqlParameters.x.y', rule: /must be one line/ } },
  { title: 'a parameter value that is not a string', files: { [A]: { postgresqlParameters: { 'x.y': 1 } } }, expect: { file: A, field: 'postgresqlParameters.x.y', rule: /must be a string/ } },
  // environment
  ...RESERVED_ENV,
  ...everyMetacharacter('an env name', 'env[0]', /not a valid environment variable name/, (bad) => ({ env: { [bad]: 'x' } })),
  { title: 'an env value with a newline', files: { [A]: { env: { X: 'a\nb' } } }, expect: { file: A, field: 'env.X', rule: /must not contain newlines/ } },
  { title: 'an env value with NEL (U+0085)', files: { [A]: { env: { X: 'a\u0085b' } } }, expect: { file: A, field: 'env.X', rule: /must not contain newlines/ } },
  { title: 'an env value with an unknown placeholder', files: { [A]: { env: { X: '${image_root}/${HOME}' } } }, expect: { file: A, field: 'env.X', rule: /unknown placeholder "\$\{HOME\}"/ } },
  { title: 'an env value that is not a string', files: { [A]: { env: { X: 1 } } }, expect: { file: A, field: 'env.X', rule: /must be a string/ } },
  // platforms
  ...everyMetacharacter('a platform', 'platforms[0]', /not a platform/, (bad) => ({ platforms: [`linux/${bad}`] })),
  { title: 'no platforms', files: { [A]: { platforms: [] } }, expect: { file: A, field: 'platforms', rule: /must not be empty/ } },
  // the build matrix
  {
    title: 'versions of the old form',
    files: { [A]: { versions: [{ distro: 'trixie', major: 18, packageVersion: '1.0-1', sqlVersion: '1.0' }] } },
    expect: { file: A, field: 'versions', rule: /was replaced by builds: list \{ distro, major \} pairs there; package versions come from extensions\/versions\.lock\.json \(npx projen update-versions\)/ },
  },
  {
    title: 'versions of the old form instead of builds',
    files: { [A]: { builds: undefined, versions: [{ distro: 'trixie', major: 18, packageVersion: '1.0-1', sqlVersion: '1.0' }] } },
    expect: { file: A, field: 'versions', rule: /was replaced by builds/ },
  },
  { title: 'no builds', files: { [A]: { builds: [] } }, expect: { file: A, field: 'builds', rule: /must list at least one \{ distro, major \}/ } },
  { title: 'builds left out', files: { [A]: { builds: undefined } }, expect: { file: A, field: 'builds', rule: /must list at least one/ } },
  { title: 'builds that are not a list', files: { [A]: { builds: 'trixie/18' } }, expect: { file: A, field: 'builds', rule: /must list at least one/ } },
  { title: 'a build that is not an object', files: { [A]: { builds: ['trixie/18'] } }, expect: { file: A, field: 'builds[0]', rule: /must be \{ distro, major \}/ } },
  ...everyMetacharacter('a distro', 'builds[0].distro', /not a distro name/, (bad) => withBuild({ distro: `trixie${bad}` })),
  { title: 'a build with no distro', files: { [A]: { builds: [{ major: 18 }] } }, expect: { file: A, field: 'builds[0].distro', rule: /not a distro name/ } },
  { title: 'an uppercase distro', files: { [A]: withBuild({ distro: 'Trixie' }) }, expect: { file: A, field: 'builds[0].distro', rule: /not a distro name/ } },
  { title: 'a major before 18', files: { [A]: withBuild({ major: 17 }) }, expect: { file: A, field: 'builds[0].major', rule: /18 or later/ } },
  { title: 'a major that is a string', files: { [A]: withBuild({ major: '18' }) }, expect: { file: A, field: 'builds[0].major', rule: /18 or later/ } },
  { title: 'a major that is not an integer', files: { [A]: withBuild({ major: 18.5 }) }, expect: { file: A, field: 'builds[0].major', rule: /18 or later/ } },
  {
    title: 'a duplicate distro/major pair',
    files: { [A]: { builds: [{ distro: 'trixie', major: 18 }, { distro: 'trixie', major: 18 }] } },
    expect: { file: A, field: 'builds[1]', rule: /trixie\/18 is declared twice/ },
  },
  { title: 'a distro not in the operand catalog', files: { [A]: withBuild({ distro: 'bullseye' }) }, expect: { file: A, field: 'builds[distro=bullseye, major=18].distro', rule: /not in the operand catalog \(bookworm, trixie\)/ } },
  { title: 'a major not in the operand catalog', files: { [A]: withBuild({ major: 19 }) }, expect: { file: A, field: 'builds[distro=trixie, major=19].major', rule: /PostgreSQL 19 is not in the trixie operand catalog/ } },
  { title: 'a sqlVersionPattern that is no regular expression', files: { [A]: { sqlVersionPattern: '(' } }, expect: { file: A, field: 'sqlVersionPattern', rule: /is not a regular expression/ } },
  { title: 'an empty sqlVersionPattern', files: { [A]: { sqlVersionPattern: '' } }, expect: { file: A, field: 'sqlVersionPattern', rule: /must be a regular expression as a string/ } },
  { title: 'a versionRange that is no semver range', files: { [A]: { versionRange: 'latest' } }, expect: { file: A, field: 'versionRange', rule: /"latest" is not a semver range such as ">=3\.6 <3\.7"/ } },
  { title: 'a versionRange with shell metacharacters', files: { [A]: { versionRange: '>=1.0; id' } }, expect: { file: A, field: 'versionRange', rule: /is not a semver range/ } },
  { title: 'a versionRange that is a number', files: { [A]: { versionRange: 1 } }, expect: { file: A, field: 'versionRange', rule: /is not a semver range/ } },
  { title: 'a blank hold', files: { [A]: { hold: ' ' } }, expect: { file: A, field: 'hold', rule: /is required/ } },
  { title: 'a hold of two lines', files: { [A]: { hold: 'waiting for\n4.0' } }, expect: { file: A, field: 'hold', rule: /must be one line/ } },
  { title: 'a hold that is not a string', files: { [A]: { hold: true } }, expect: { file: A, field: 'hold', rule: /is required/ } },
  // the versions lock
  ...LOCK_PARSE,
  ...LOCK_MISMATCH,
  // smoke test
  { title: 'a smoke test expecting two lines', files: { [A]: { smokeTest: { sql: 'SELECT 1', expected: '1\n2' } } }, expect: { file: A, field: 'smokeTest.expected', rule: /must be one line/ } },
  { title: 'a smoke test that is null', files: { [A]: { smokeTest: null } }, expect: { file: A, field: 'smokeTest', rule: /is null; leave it out to use its default/ } },
  { title: 'a smoke test with no SQL', files: { [A]: { smokeTest: { sql: ' ', expected: '1' } } }, expect: { file: A, field: 'smokeTest.sql', rule: /must be a SQL statement/ } },
  // required extensions
  { title: 'a required extension that does not exist', files: { [A]: { requiredExtensions: ['nope'] } }, expect: { file: A, field: 'requiredExtensions[0]', rule: /"nope" is not defined/ } },
  { title: 'a required extension with an invalid name', files: { [A]: { requiredExtensions: ['No;pe'] } }, expect: { file: A, field: 'requiredExtensions[0]', rule: NAME_RULE } },
  { title: 'an extension requiring itself', files: { [A]: { requiredExtensions: ['a'] } }, expect: { file: A, field: 'requiredExtensions[0]', rule: /cannot require itself/ } },
  {
    title: 'a required extension lacking a build',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': withBuild({}) },
    expect: { file: A, field: 'requiredExtensions[0]', rule: /"b" has no build for bookworm\/18/ },
  },
  {
    title: 'a 2-cycle of required extensions',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': { requiredExtensions: ['a'] } },
    expect: { file: A, field: 'requiredExtensions', rule: /cycle: a -> b -> a$/ },
  },
  {
    title: 'a 3-cycle of required extensions',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': { requiredExtensions: ['c'] }, 'extensions/c.ts': { requiredExtensions: ['a'] } },
    expect: { file: A, field: 'requiredExtensions', rule: /cycle: a -> b -> c -> a$/ },
  },
  {
    title: 'a cycle not reachable from the first extension',
    files: { [A]: {}, 'extensions/b.ts': { requiredExtensions: ['c'] }, 'extensions/c.ts': { requiredExtensions: ['b'] } },
    expect: { file: 'extensions/b.ts', field: 'requiredExtensions', rule: /cycle: b -> c -> b$/ },
  },
  { title: 'a database name parameter that is no parameter name', files: { [A]: { databaseNameParameters: ['cron database'] } }, expect: { file: A, field: 'databaseNameParameters[0]', rule: /not a PostgreSQL parameter name/ } },
  {
    title: 'a database name parameter also given a fixed value',
    files: { [A]: { databaseNameParameters: ['cron.database_name'], postgresqlParameters: { 'cron.database_name': 'postgres' } } },
    expect: { file: A, field: 'databaseNameParameters[0]', rule: /also in postgresqlParameters/ },
  },
  // bundles
  ...BUNDLES,
  // types
  { title: 'createExtension that is not a boolean', files: { [A]: { createExtension: 'no' } }, expect: { file: A, field: 'createExtension', rule: /must be true or false/ } },
  { title: 'env that is a list', files: { [A]: { env: ['X=1'] } }, expect: { file: A, field: 'env', rule: /must map variable names to values/ } },
  // issue 16: the holes a fresh hostile corpus found
  ...PARAMETER_RULES,
  ...DOT_GLOBS,
  ...UNKNOWN_AND_NULL_FIELDS,
  ...UNSAFE_VALUES,
  ...BAKE_NAMES,
];

/** A set of definition files that synthesis must accept, and a text that must come out unchanged in a generated file. */
export interface GoodDefinitionCase {
  readonly title: string;
  /** Definition files, by path, as in BadDefinitionCase. */
  readonly files: Readonly<Record<string, DefinitionOverrides>>;
  /** The versions lock, when not the default one. */
  readonly lock?: LockOverride;
  /** `text` must appear, as written, in the generated file `file` (relative to the output directory). */
  readonly expect: { readonly file: string; readonly text: string };
}

/** Unusual but valid definitions, so that the rules above do not over-reject. */
export const GOOD_DEFINITIONS: readonly GoodDefinitionCase[] = [
  { title: 'a description in Greek, CJK and with an emoji', files: { [A]: { description: 'Διανύσματα, ベクトル検索 and 向量 🚀 for PostgreSQL' } }, expect: { file: 'a/README.md', text: 'Διανύσματα, ベクトル検索 and 向量 🚀 for PostgreSQL' } },
  { title: 'a description with quotes, a dollar and a backslash', files: { [A]: { description: 'Say "hi" for $5 \\o/' } }, expect: { file: 'a/README.md', text: 'Say "hi" for $5 \\o/' } },
  { title: 'an escaped placeholder $${image_root}', files: { [A]: { env: { X: '$${image_root}/literal' } } }, expect: { file: 'catalogs/catalog-minimal-trixie.yaml', text: '$${image_root}/literal' } },
  { title: 'a placeholder next to an escaped one', files: { [A]: { env: { X: '${image_root}/a:$${image_root}' } } }, expect: { file: 'catalogs/catalog-minimal-trixie.yaml', text: '${image_root}/a:$${image_root}' } },
  { title: 'an env value with a lone "$" and braces without one', files: { [A]: { env: { X: 'cost=$5 {x} ${image_root}' } } }, expect: { file: 'catalogs/catalog-minimal-trixie.yaml', text: 'cost=$5 {x} ${image_root}' } },
  { title: 'an env value of exactly 4096 bytes', files: { [A]: { env: { X: 'é'.repeat(2048) } } }, expect: { file: 'catalogs/catalog-minimal-trixie.yaml', text: 'é'.repeat(2048) } },
  { title: 'a lowercase ld_preload, which the loader does not read', files: { [A]: { env: { ld_preload: 'x' } } }, expect: { file: 'catalogs/catalog-minimal-trixie.yaml', text: 'ld_preload' } },
  { title: 'an env name that only starts like a loader variable', files: { [A]: { env: { LDAP_CONF: '${image_root}/ldap.conf' } } }, expect: { file: 'catalogs/catalog-minimal-trixie.yaml', text: 'LDAP_CONF' } },
  { title: 'an extension parameter with a dot', files: { [A]: { postgresqlParameters: { 'pgaudit.log': 'all, -misc' } } }, expect: { file: 'examples/a/cluster.yaml', text: 'pgaudit.log: all, -misc' } },
  { title: 'a PostgreSQL 18 parameter', files: { [A]: { postgresqlParameters: { work_mem: '64MB' } } }, expect: { file: 'examples/a/cluster.yaml', text: 'work_mem: 64MB' } },
  { title: 'a mixed-case PostgreSQL 18 parameter, lowercased', files: { [A]: { postgresqlParameters: { datestyle: 'ISO, DMY' } } }, expect: { file: 'examples/a/cluster.yaml', text: 'datestyle: ISO, DMY' } },
  { title: 'an old parameter name PostgreSQL 18 still accepts', files: { [A]: { postgresqlParameters: { sort_mem: '4096' } } }, expect: { file: 'examples/a/cluster.yaml', text: 'sort_mem' } },
  { title: 'session_preload_libraries, which CloudNativePG does not manage', files: { [A]: { postgresqlParameters: { session_preload_libraries: 'auto_explain' } } }, expect: { file: 'examples/a/cluster.yaml', text: 'session_preload_libraries: auto_explain' } },
  { title: 'a PostgreSQL 18.6 parameter (output_plugin_libraries)', files: { [A]: { postgresqlParameters: { output_plugin_libraries: 'pgoutput, a' } } }, expect: { file: 'examples/a/cluster.yaml', text: 'output_plugin_libraries: pgoutput, a' } },
  { title: 'a hidden-file glob that cannot match ".."', files: { [A]: { files: { lib: ['vector.so'], extension: ['vector.control'], share: { doc: ['.??*'] } } } }, expect: { file: 'a/Dockerfile', text: '/usr/share/.??*' } },
  { title: 'a glob segment starting with ".x"', files: { [A]: { files: { lib: ['vector.so'], extension: ['vector.control', '.vector*'] } } }, expect: { file: 'a/Dockerfile', text: 'extension/.vector*' } },
  { title: 'a preload library with dots inside', files: { [A]: { sharedPreloadLibraries: ['lib.v2.0'] } }, expect: { file: 'examples/a/cluster.yaml', text: 'lib.v2.0' } },
  { title: 'the largest epoch dpkg accepts', files: { [A]: {} }, lock: editEntry(0, atVersion('2147483647:1.0-1', '1.0')), expect: { file: 'a/Dockerfile', text: 'a' } },
  { title: 'a name that only starts like another extension and a major', files: { [A]: {}, 'extensions/a-18.ts': { imageName: 'a18' } }, expect: { file: 'docker-bake.hcl', text: '"a-18-18-trixie"' } },
  { title: 'explicitly undefined optional fields', files: { [A]: { sqlName: undefined, env: undefined, smokeTest: undefined } }, expect: { file: 'a/Dockerfile', text: 'vector.control' } },
];

import * as semver from 'semver';
import { debianArchitectureOf } from './apt-index';
import { parseDebianVersion, releaseVersionOf, tagVersionOf } from './debian-version';
import { DefinitionError, check } from './definition-error';
import {
  CONTROL_CHARACTERS, DEFAULT_DYNAMIC_LIBRARY_PATH, DEFAULT_EXTENSION_CONTROL_PATH, ExtensionEnvVar,
  validateEnv, validateImagePath, validateImagePaths,
} from './extension-configuration';
import { validateExtensionName } from './extension-name';
import { freezeFields } from './frozen';
import { LicenseException, checkLicensePolicy } from './license-policy';
import { compareCodePoints } from './ordering';
import { validateOwners } from './owners';
import { parameterNameProblem } from './postgresql-parameters';
import { didYouMean } from './suggestions';
import { UpgradeBreak, validateUpgradeBreaks } from './upgrade-paths';
import { PinSource, VERSIONS_LOCK_FILE, VersionsLock, VersionsLockEntry, describeLockKey } from './versions-lock';

/** One entry of the build matrix: a distro and PostgreSQL major. Package versions come from the versions lock. */
export interface ExtensionBuildProps {
  /** Debian distribution of the operand image, e.g. "trixie". */
  readonly distro: string;
  /** PostgreSQL major version, 18 or later (image volume extensions need `extension_control_path`). */
  readonly major: number;
}

/** A build with the versions the lock gives it. */
export interface ResolvedBuild extends ExtensionBuildProps {
  /** Debian version of the component's packages, e.g. "0.8.6-1.pgdg13+1". */
  readonly packageVersion: string;
  /** Version `CREATE EXTENSION` installs (the control file's default_version), e.g. "0.8.6". */
  readonly sqlVersion: string;
  /** How the package version was obtained. @default "index" */
  readonly pin?: PinSource;
  /**
   * SQL versions from which `ALTER EXTENSION ... UPDATE` reaches sqlVersion
   * through the update scripts the packages install, as read from them.
   * @default - not known; upgradableFromUnresolved says why
   */
  readonly upgradableFrom?: string[];
  /** Why upgradableFrom is not known. @default - "the versions lock records no update scripts" when upgradableFrom is absent */
  readonly upgradableFromUnresolved?: string;
}

/** A build as a component keeps it: every field set but the update facts, which may be unknown. */
export interface ComponentBuildRecord extends ExtensionBuildProps {
  /** Debian version of the component's packages. */
  readonly packageVersion: string;
  /** Version `CREATE EXTENSION` installs. */
  readonly sqlVersion: string;
  /** How the package version was obtained. */
  readonly pin: PinSource;
  /** SQL versions from which `ALTER EXTENSION ... UPDATE` reaches sqlVersion. @default - not known; see upgradableFromUnresolved */
  readonly upgradableFrom?: string[];
  /** Why upgradableFrom is not known. @default - known */
  readonly upgradableFromUnresolved?: string;
}

/** A declared build the lock has no version for. */
export interface UnresolvedBuild extends ExtensionBuildProps {
  /** Why, as the lock says. */
  readonly reason: string;
}

/**
 * Which installed files go into the image. Globs may use `*` and `?`, and
 * `{major}` for the PostgreSQL major version; each glob must match something.
 */
export interface ExtensionFilesProps {
  /** Globs relative to the package library directory (`/usr/lib/postgresql/{major}/lib`), copied to `/lib`. @default [] */
  readonly lib?: string[];
  /** Globs relative to `/usr/share/postgresql/{major}/extension`, copied to `/share/extension`. @default [] */
  readonly extension?: string[];
  /** Globs relative to `/usr/lib/postgresql/{major}/bin`, copied to `/bin`. @default [] */
  readonly bin?: string[];
  /** Other share directories: target directory under `/share` mapped to globs relative to `/usr/share`. @default {} */
  readonly share?: Record<string, string[]>;
}

/** The files of an image, validated: every directory set, each to a copy of its globs. */
export interface ExtensionFiles {
  /** Globs copied to `/lib`. */
  readonly lib: string[];
  /** Globs copied to `/share/extension`. */
  readonly extension: string[];
  /** Globs copied to `/bin`. */
  readonly bin: string[];
  /** Other share directories, each mapped to its globs. */
  readonly share: Record<string, string[]>;
}

/** A query that proves the extension works once created. */
export interface SmokeTestProps {
  /** One SQL statement returning one value. */
  readonly sql: string;
  /** The value `psql -At` prints for it. */
  readonly expected: string;
}

/** One extension definition: an image of that extension, or a component of a bundle. */
export interface ExtensionImageProps {
  /** CloudNativePG extension name; also the mount directory `/extensions/<name>` (in a bundle, the extension's subdirectory). */
  readonly name: string;
  /** Name used in `CREATE EXTENSION`. @default - the name */
  readonly sqlName?: string;
  /** Image repository name, without registry. @default - the name */
  readonly imageName?: string;
  /** One-line description, used in labels and docs. */
  readonly description: string;
  /** Upstream project URL. */
  readonly homepage: string;
  /**
   * Who maintains the extension here: GitHub users (`@user`) or teams
   * (`@org/team`). CODEOWNERS asks them to review changes to its definition,
   * lock entries and generated files; the README's extension table lists them.
   */
  readonly owners: string[];
  /** Debian packages to install; `{major}` stands for the PostgreSQL major version. */
  readonly packages: string[];
  /** SPDX licenses of what the image contains: identifiers or `<id> WITH <exception>` expressions. */
  readonly licenses: string[];
  /** Licenses outside the CNCF allowlist accepted on purpose, each named. @default [] */
  readonly licenseExceptions?: LicenseException[];
  /** Which installed files go into the image. */
  readonly files: ExtensionFilesProps;
  /** Libraries to add to `shared_preload_libraries`. @default [] */
  readonly sharedPreloadLibraries?: string[];
  /** PostgreSQL parameters the extension needs. @default {} */
  readonly postgresqlParameters?: Record<string, string>;
  /** Parameters whose value must be the database the extension is created in, such as pg_cron's `cron.database_name`. @default [] */
  readonly databaseNameParameters?: string[];
  /** Image paths appended to `extension_control_path`. @default ["share"] */
  readonly extensionControlPath?: string[];
  /** Image paths appended to `dynamic_library_path`. @default ["lib"] */
  readonly dynamicLibraryPath?: string[];
  /** Image paths appended to `LD_LIBRARY_PATH`. @default - ["system"] with systemLibraries, else [] */
  readonly ldLibraryPath?: string[];
  /** Image paths appended to `PATH`. @default - ["bin"] when files.bin is set, else [] */
  readonly binPath?: string[];
  /** Environment variables; values may use `${image_root}`. @default {} */
  readonly env?: Record<string, string>;
  /** Names of other extension images whose SQL extensions must be created first. @default [] */
  readonly requiredExtensions?: string[];
  /** Whether the extension is installed with `CREATE EXTENSION` (false for plugins such as wal2json). @default true */
  readonly createExtension?: boolean;
  /** The build matrix: explicit (distro, major) pairs; their package versions come from `extensions/versions.lock.json`. */
  readonly builds: ExtensionBuildProps[];
  /**
   * Upstream versions `update-versions` may choose: a semver range over the
   * release version (`0.8.7` from `0.8.7-1.pgdg13+1`), e.g. ">=3.6 <3.7".
   * @default - any version
   */
  readonly versionRange?: string;
  /** Keep the locked versions: `update-versions` leaves them alone. The reason, shown when it runs. @default - not held */
  readonly hold?: string;
  /**
   * Version bumps accepted without an update path: `update-versions` refuses
   * a new SQL version its packages' update scripts cannot reach from the
   * locked one, unless the bump is named here, with the reason.
   * @default []
   */
  readonly upgradeBreaks?: UpgradeBreak[];
  /** Target platforms. @default ["linux/amd64", "linux/arm64"] */
  readonly platforms?: string[];
  /** Copy the system libraries the extension's libraries need and the operand image lacks to `/system`. @default false */
  readonly systemLibraries?: boolean;
  /** Strip `$libdir/` from `LOAD` and `AS` in the SQL scripts, so they load from the mount. @default false */
  readonly stripLibdirPrefix?: boolean;
  /** Query run by the end-to-end test after creating the extension. @default - none */
  readonly smokeTest?: SmokeTestProps;
  /**
   * Regular expression that finds the SQL version in the release version of a
   * package (its upstream version without Debian repack marks): the first
   * capture group, or the whole match. Every build's sqlVersion must agree.
   * @default - the whole release version, e.g. "0.8.4" from "0.8.4-1.pgdg13+1"
   */
  readonly sqlVersionPattern?: string;
}

/** The default target platforms of an extension image. */
export const DEFAULT_PLATFORMS = ['linux/amd64', 'linux/arm64'];

const SQL_NAME = /^[a-z_][a-z0-9_-]*$/;
const IMAGE_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A Debian package name (Policy 5.6.1); also what the e2e asks apt about. */
export const DEBIAN_PACKAGE_NAME = /^[a-z0-9][a-z0-9.+-]+$/;
const GLOB = /^[A-Za-z0-9._+@%,=*?-]+(\/[A-Za-z0-9._+@%,=*?-]+)*$/;
const LIBRARY_NAME = /^[A-Za-z0-9_.-]+$/;
/** A glob segment that is only dots and wildcards after a leading ".", which sh may expand to "." or "..". */
const DOT_WILDCARDS = /^\.[.*?]*$/;
/** A PostgreSQL parameter name as definitions and the e2e's postgresql.conf write it: `name` or `prefix.name`, lowercase. */
export const PARAMETER_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
const DISTRO = /^[a-z][a-z0-9-]*$/;
const SQL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/;
const HOMEPAGE = /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~%/+-]*)?$/;
/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1). */
const SQL_NAME_MAX_LENGTH = 63;
/** What a tag version may take of the 128 characters of an image tag (PostgreSQL version, timestamp and distro take the rest). */
export const TAG_VERSION_MAX_LENGTH = 64;
const MAJOR_PLACEHOLDER = '{major}';
/**
 * dpkg's largest epoch: parseversion (lib/dpkg/parsehelp.c) rejects a larger
 * one as "epoch in version is too big" (epoch > INT_MAX); dpkg 1.21.22
 * accepts `2147483647:1.0-1` and refuses `2147483648:1.0-1`.
 */
export const DPKG_MAX_EPOCH = 2147483647;

/** The fields of ExtensionImageProps; the type keeps the list complete. */
const IMAGE_FIELDS: { readonly [K in keyof Required<ExtensionImageProps>]: true } = {
  name: true,
  sqlName: true,
  imageName: true,
  description: true,
  homepage: true,
  owners: true,
  packages: true,
  licenses: true,
  licenseExceptions: true,
  files: true,
  sharedPreloadLibraries: true,
  postgresqlParameters: true,
  databaseNameParameters: true,
  extensionControlPath: true,
  dynamicLibraryPath: true,
  ldLibraryPath: true,
  binPath: true,
  env: true,
  requiredExtensions: true,
  createExtension: true,
  builds: true,
  versionRange: true,
  hold: true,
  upgradeBreaks: true,
  platforms: true,
  systemLibraries: true,
  stripLibdirPrefix: true,
  smokeTest: true,
  sqlVersionPattern: true,
};
/** The fields of ExtensionFilesProps. */
const FILES_FIELDS: { readonly [K in keyof Required<ExtensionFilesProps>]: true } = { lib: true, extension: true, bin: true, share: true };
/** The fields of SmokeTestProps. */
const SMOKE_TEST_FIELDS: { readonly [K in keyof Required<SmokeTestProps>]: true } = { sql: true, expected: true };
/** The fields of LicenseException. */
const LICENSE_EXCEPTION_FIELDS: { readonly [K in keyof Required<LicenseException>]: true } = { license: true, name: true, reason: true };
/** The fields of ExtensionBuildProps. */
const BUILD_FIELDS: { readonly [K in keyof Required<ExtensionBuildProps>]: true } = { distro: true, major: true };
/** Fields of older definitions, and what replaced them. */
const REPLACED_FIELDS: Readonly<Record<string, string>> = {
  versions: 'was replaced by builds: list { distro, major } pairs there; package versions come from extensions/versions.lock.json (npx projen update-versions)',
};

/** The names of ExtensionImageProps' fields. */
export const EXTENSION_IMAGE_FIELDS: readonly string[] = Object.keys(IMAGE_FIELDS);

/**
 * Throws unless every field of `value` is one of `fields` and none is null:
 * definitions are loaded without a type-check, so a misspelt optional field
 * would otherwise be ignored, and null is not "left out". `field` prefixes
 * the field names in errors ("" at the top level); `what` names the type.
 */
export function checkKnownFields(
  value: object, field: string, fields: readonly string[], what: string, replaced: Readonly<Record<string, string>> = {},
): void {
  const at = (key: string) => (field ? `${field}.${key}` : key);
  for (const [key, item] of Object.entries(value)) {
    if (key in replaced) throw new DefinitionError(at(key), replaced[key]);
    // The suggestion is worked out only for a stray field: it compares the name with every known one.
    if (!fields.includes(key)) throw new DefinitionError(at(key), `is not a field of ${what}${didYouMean(key, fields)}`);
    check(item !== null, at(key), 'is null; leave it out to use its default, or give it a value');
  }
}

/** Props for an ExtensionComponent. */
export interface ExtensionComponentProps {
  /** The extension's definition. */
  readonly definition: ExtensionImageProps;
  /** Directory of the image that holds the extension's files. @default - the image root */
  readonly directory?: string;
}

/**
 * One PostgreSQL extension as an image holds it: what goes in, the paths
 * CloudNativePG needs, and its (distro, major) builds with their package and
 * SQL versions. Creating it validates the definition.
 */
export class ExtensionComponent {
  /** CloudNativePG extension name. */
  public readonly name: string;
  /** Name used in `CREATE EXTENSION`. */
  public readonly sqlName: string;
  /** Image repository name. */
  public readonly imageName: string;
  /** One-line description. */
  public readonly description: string;
  /** Upstream project URL. */
  public readonly homepage: string;
  /** GitHub users and teams who maintain the extension. */
  public readonly owners: string[];
  /** Package name templates (`{major}` placeholder). */
  public readonly packageTemplates: string[];
  /** SPDX license identifiers. */
  public readonly licenses: string[];
  /** Accepted licenses outside the CNCF allowlist. */
  public readonly licenseExceptions: LicenseException[];
  /** File selection. */
  public readonly files: ExtensionFiles;
  /** Libraries for `shared_preload_libraries`. */
  public readonly sharedPreloadLibraries: string[];
  /** PostgreSQL parameters. */
  public readonly postgresqlParameters: Record<string, string>;
  /** Parameters set to the name of the database the extension is created in. */
  public readonly databaseNameParameters: string[];
  /** `extension_control_path` entries. */
  public readonly extensionControlPath: string[];
  /** `dynamic_library_path` entries. */
  public readonly dynamicLibraryPath: string[];
  /** `LD_LIBRARY_PATH` entries. */
  public readonly ldLibraryPath: string[];
  /** `PATH` entries. */
  public readonly binPath: string[];
  /** Environment variables. */
  public readonly env: ExtensionEnvVar[];
  /** Required extension images, by name. */
  public readonly requiredExtensions: string[];
  /** Whether `CREATE EXTENSION` applies. */
  public readonly createExtension: boolean;
  /** Target platforms. */
  public readonly platforms: string[];
  /** Whether system libraries are bundled under `/system`. */
  public readonly systemLibraries: boolean;
  /** Whether `$libdir/` is stripped from SQL scripts. */
  public readonly stripLibdirPrefix: boolean;
  /** The end-to-end smoke test, if any. */
  public readonly smokeTest?: SmokeTestProps;
  /** The definition this component was created from, as given. */
  public readonly definition: ExtensionImageProps;
  /** Directory of the image that holds the extension's files; "" for the image root. */
  public readonly directory: string;
  private readonly sqlVersionPattern?: RegExp;
  /** The (distro, major) pairs the definition declares. */
  public readonly declaredBuilds: ExtensionBuildProps[];
  /** The semver range of upstream versions update-versions may choose, if any. */
  public readonly versionRange?: string;
  /** Why the locked versions are held, if they are. */
  public readonly hold?: string;
  /** Version bumps accepted without an update path. */
  public readonly upgradeBreaks: UpgradeBreak[];
  private readonly _builds: ComponentBuildRecord[] = [];
  private readonly _unresolved: UnresolvedBuild[] = [];

  public constructor(componentProps: ExtensionComponentProps) {
    const props = componentProps.definition;
    check(typeof props === 'object' && props !== null && !Array.isArray(props), '(definition)', 'must be an object of ExtensionImageProps');
    checkKnownFields(props, '', EXTENSION_IMAGE_FIELDS, 'ExtensionImageProps', REPLACED_FIELDS);
    validateExtensionName(props.name);
    this.definition = props;
    this.directory = componentProps.directory ?? '';
    this.name = props.name;
    this.sqlName = props.sqlName ?? props.name;
    check(typeof this.sqlName === 'string' && SQL_NAME.test(this.sqlName), 'sqlName', `"${this.sqlName}" must match ${SQL_NAME.source}`);
    check(this.sqlName.length <= SQL_NAME_MAX_LENGTH, 'sqlName', `"${this.sqlName}" is ${this.sqlName.length} characters long; PostgreSQL truncates names after ${SQL_NAME_MAX_LENGTH}`);
    this.imageName = validateImageName(props.imageName ?? props.name);
    this.description = validateDescription(props.description);
    this.homepage = validateHomepage(props.homepage);
    this.owners = validateOwners(props.owners);

    this.packageTemplates = listOf(props.packages, 'packages', { nonEmpty: true, unique: true }, (p, f) => {
      check(DEBIAN_PACKAGE_NAME.test(p.split(MAJOR_PLACEHOLDER).join('18')), f, `"${p}" is not a Debian package name (${DEBIAN_PACKAGE_NAME.source}, with {major} for the PostgreSQL major); shell metacharacters are not allowed`);
    });
    // checkLicensePolicy validates each expression.
    this.licenses = listOf(props.licenses, 'licenses', { nonEmpty: true, unique: true });
    const licenseExceptions = props.licenseExceptions ?? [];
    if (Array.isArray(licenseExceptions)) {
      licenseExceptions.forEach((e, i) => {
        if (typeof e === 'object' && e !== null) checkKnownFields(e, `licenseExceptions[${i}]`, Object.keys(LICENSE_EXCEPTION_FIELDS), 'a license exception ({ license, name, reason })');
      });
    }
    checkLicensePolicy(this.licenses, licenseExceptions);
    this.licenseExceptions = [...licenseExceptions];
    this.files = validateFiles(props.files);
    this.sharedPreloadLibraries = listOf(props.sharedPreloadLibraries ?? [], 'sharedPreloadLibraries', { unique: true }, (l, f) => {
      check(LIBRARY_NAME.test(l), f, `"${l}" is not a library name (${LIBRARY_NAME.source})`);
      check(!/^\.+$/.test(l), f, `"${l}" is a directory, not a library: PostgreSQL would try to load $libdir/${l} and the server would not start`);
    });
    this.postgresqlParameters = validateParameters(props.postgresqlParameters ?? {});
    this.databaseNameParameters = listOf(props.databaseNameParameters ?? [], 'databaseNameParameters', { unique: true }, (name, f) => {
      check(PARAMETER_NAME.test(name), f, `"${name}" is not a PostgreSQL parameter name`);
      const problem = parameterNameProblem(name);
      check(problem === undefined, f, problem!);
      check(!(name in this.postgresqlParameters), f, `"${name}" is also in postgresqlParameters; its value comes from the database instead`);
    });

    this.systemLibraries = booleanOf(props.systemLibraries, 'systemLibraries', false);
    this.stripLibdirPrefix = booleanOf(props.stripLibdirPrefix, 'stripLibdirPrefix', false);
    this.createExtension = booleanOf(props.createExtension, 'createExtension', true);
    this.extensionControlPath = imagePaths(props.extensionControlPath, 'extensionControlPath', DEFAULT_EXTENSION_CONTROL_PATH);
    this.dynamicLibraryPath = imagePaths(props.dynamicLibraryPath, 'dynamicLibraryPath', DEFAULT_DYNAMIC_LIBRARY_PATH);
    this.ldLibraryPath = imagePaths(props.ldLibraryPath, 'ldLibraryPath', this.systemLibraries ? ['system'] : []);
    this.binPath = imagePaths(props.binPath, 'binPath', this.files.bin.length > 0 ? ['bin'] : []);
    check(props.env === undefined || (typeof props.env === 'object' && !Array.isArray(props.env)), 'env', 'must map variable names to values');
    this.env = Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value }));
    validateEnv(this.env, 'env');
    this.requiredExtensions = listOf(props.requiredExtensions ?? [], 'requiredExtensions', { unique: true }, (r, f) => {
      validateExtensionName(r, f);
      check(r !== this.name, f, 'an extension cannot require itself');
    });
    this.platforms = validatePlatforms(props.platforms ?? DEFAULT_PLATFORMS);
    if (props.smokeTest !== undefined) {
      check(typeof props.smokeTest === 'object' && props.smokeTest !== null, 'smokeTest', 'must be { sql, expected }');
      checkKnownFields(props.smokeTest, 'smokeTest', Object.keys(SMOKE_TEST_FIELDS), 'a smoke test ({ sql, expected })');
      check(typeof props.smokeTest.sql === 'string' && props.smokeTest.sql.trim().length > 0, 'smokeTest.sql', 'must be a SQL statement');
      check(!props.smokeTest.sql.includes('\u0000'), 'smokeTest.sql', 'must not contain NUL');
      oneLine(props.smokeTest.expected, 'smokeTest.expected');
      this.smokeTest = { sql: props.smokeTest.sql, expected: props.smokeTest.expected };
    }
    this.sqlVersionPattern = sqlVersionPatternOf(props.sqlVersionPattern);
    check(Array.isArray(props.builds) && props.builds.length > 0, 'builds', 'must list at least one { distro, major }');
    this.declaredBuilds = props.builds.map((b, i) => validateBuildTarget(b, `builds[${i}]`));
    this.declaredBuilds.forEach((b, i) => check(this.declaredBuilds.findIndex((o) => o.distro === b.distro && o.major === b.major) === i,
      `builds[${i}]`, `${b.distro}/${b.major} is declared twice; each (distro, major) pair appears once`));
    this.versionRange = versionRangeOf(props.versionRange);
    if (props.hold !== undefined) this.hold = oneLine(props.hold, 'hold');
    this.upgradeBreaks = validateUpgradeBreaks(props.upgradeBreaks ?? []);
    this.upgradeBreaks.forEach((_, i) => check(this.createExtension, `upgradeBreaks[${i}]`,
      `${this.name} is not created with CREATE EXTENSION (createExtension: false), so it has no SQL version to update`));
    freezeFields(this.files, ['lib', 'extension', 'bin', 'share']);
    Object.values(this.files.share).forEach((globs) => Object.freeze(globs));
    freezeFields(this, [
      'owners', 'packageTemplates', 'licenses', 'licenseExceptions', 'files', 'sharedPreloadLibraries', 'postgresqlParameters', 'databaseNameParameters',
      'extensionControlPath', 'dynamicLibraryPath', 'ldLibraryPath', 'binPath', 'env', 'requiredExtensions', 'platforms', 'declaredBuilds', 'upgradeBreaks',
    ]);
  }

  /** The build matrix with versions, ordered by distro and major. */
  public get builds(): ResolvedBuild[] {
    return [...this._builds].sort((a, b) => compareCodePoints(a.distro, b.distro) || a.major - b.major);
  }

  /** Declared builds the lock has no version for. */
  public get unresolvedBuilds(): UnresolvedBuild[] {
    return [...this._unresolved];
  }

  /** Whether an upstream release version is within versionRange. */
  public acceptsRelease(release: string): boolean {
    if (this.versionRange === undefined) return true;
    const version = semver.coerce(release, { loose: true });
    return version !== null && semver.satisfies(version, this.versionRange);
  }

  /**
   * Adds the declared builds with their versions from `versionsLock`, where
   * `extension` is the image's name. Throws naming the missing or stale entry
   * and the command that fixes it.
   */
  public addBuildsFromLock(versionsLock: VersionsLock, extension: string): void {
    this.declaredBuilds.forEach((declared, i) => this.addBuildFromLock(versionsLock, extension, declared, `builds[${i}]`));
  }

  /**
   * Adds one (distro, major) build with its versions from `versionsLock` (the e2e
   * adds its stand-in distro this way); an unresolved entry is recorded as such.
   */
  public addBuildFromLock(versionsLock: VersionsLock, extension: string, build: ExtensionBuildProps, field = 'builds'): void {
    const update = `run \`npx projen update-versions --distro ${build.distro} ${extension}\``;
    const key = { extension, component: this.name, distro: build.distro, major: build.major };
    const entry = versionsLock.entry(key);
    check(entry !== undefined, field, `${describeLockKey(key)} has no entry in ${VERSIONS_LOCK_FILE}; ${update}`);
    if (entry.source === 'unresolved') {
      this._unresolved.push({ distro: build.distro, major: build.major, reason: entry.reason ?? '' });
      return;
    }
    try {
      this.addBuild(this.lockedBuild(entry, field, update), field);
    } catch (error) {
      // The fault is in the lock entry (or the definition's reading of it): say which, and how to redo it.
      if (error instanceof DefinitionError && !error.rule.includes(VERSIONS_LOCK_FILE)) {
        throw new DefinitionError(error.field, `${VERSIONS_LOCK_FILE} entry ${describeLockKey(key)}: ${error.rule}; ${update}`);
      }
      throw error;
    }
  }

  /** Adds a build with its versions; `field` names it in errors. */
  public addBuild(build: ResolvedBuild, field = `builds[${this._builds.length}]`): void {
    validateBuildTarget(build, field, ['packageVersion', 'sqlVersion', 'pin', 'upgradableFrom', 'upgradableFromUnresolved']);
    const where = `${build.distro}/${build.major}`;
    const { epoch } = parseDebianVersion(build.packageVersion, `${field}.packageVersion`);
    check(epoch <= DPKG_MAX_EPOCH, `${field}.packageVersion`,
      `"${build.packageVersion}" has the epoch ${build.packageVersion.split(':', 1)[0]}, above dpkg's largest (${DPKG_MAX_EPOCH}); dpkg refuses the version ("epoch in version is too big")`);
    const tagVersion = tagVersionOf(build.packageVersion);
    check(tagVersion.length <= TAG_VERSION_MAX_LENGTH, `${field}.packageVersion`, `"${build.packageVersion}" gives the tag version "${tagVersion}", longer than ${TAG_VERSION_MAX_LENGTH} characters; it must fit in an image tag`);
    check(typeof build.sqlVersion === 'string' && SQL_VERSION.test(build.sqlVersion), `${field}.sqlVersion`, `"${build.sqlVersion}" is not an extension version (${SQL_VERSION.source})`);
    const derived = this.sqlVersionOf(build.packageVersion, `${field}.packageVersion`);
    check(build.sqlVersion === derived, `${field}.sqlVersion`, `"${build.sqlVersion}" disagrees with package version ${build.packageVersion}, which gives SQL version "${derived}"${this.sqlVersionPattern ? ` by sqlVersionPattern ${this.sqlVersionPattern.source}` : ''}; fix one, or set sqlVersionPattern`);
    check(!this._builds.some((b) => b.distro === build.distro && b.major === build.major), field, `${where} is declared twice; each (distro, major) pair appears once`);
    check(build.upgradableFrom === undefined || (Array.isArray(build.upgradableFrom) && build.upgradableFrom.every((v) => typeof v === 'string' && SQL_VERSION.test(v))),
      `${field}.upgradableFrom`, 'must be a list of SQL versions');
    check(build.upgradableFrom === undefined || build.upgradableFromUnresolved === undefined, `${field}.upgradableFromUnresolved`, 'is set beside upgradableFrom; the update scripts were either read or not');
    this._builds.push({
      distro: build.distro,
      major: build.major,
      packageVersion: build.packageVersion,
      sqlVersion: build.sqlVersion,
      pin: build.pin ?? 'index',
      ...(build.upgradableFrom !== undefined
        ? { upgradableFrom: [...build.upgradableFrom] }
        : { upgradableFromUnresolved: build.upgradableFromUnresolved ?? `${VERSIONS_LOCK_FILE} records no update scripts for this build` }),
    });
  }

  /** The build a lock entry gives, checked against the definition: same packages, one version, every platform, the range. */
  private lockedBuild(entry: VersionsLockEntry, field: string, update: string): ResolvedBuild {
    const where = describeLockKey(entry);
    const expected = this.packages(entry.major);
    const locked = entry.packages.map((p) => p.name);
    check(locked.join(' ') === expected.join(' '), field, `${VERSIONS_LOCK_FILE} has ${where} with packages ${locked.join(', ')}, but the definition installs ${expected.join(', ')}; ${update}`);
    const versions = [...new Set(entry.packages.map((p) => p.version))];
    check(versions.length === 1, field, `${VERSIONS_LOCK_FILE} has ${where} with different versions (${versions.join(', ')}); one build argument installs every package of a component`);
    const architectures = this.platforms.map((p) => debianArchitectureOf(p));
    for (const p of entry.packages) {
      const missing = p.architectures ? architectures.filter((a) => !p.architectures!.includes(a)) : [];
      check(missing.length === 0, field, `${VERSIONS_LOCK_FILE}: ${where}: ${p.name} ${p.version} is not served for ${missing.join(', ')}, which platforms needs; narrow platforms or ${update}`);
    }
    const release = releaseVersionOf(versions[0]);
    check(this.acceptsRelease(release), field, `${VERSIONS_LOCK_FILE} has ${where} at ${versions[0]}, outside versionRange ${this.versionRange}; ${update}`);
    return {
      distro: entry.distro,
      major: entry.major,
      packageVersion: versions[0],
      sqlVersion: entry.sqlVersion!,
      pin: entry.source,
      upgradableFrom: entry.upgradableFrom,
      upgradableFromUnresolved: entry.upgradableFrom === undefined ? entry.upgradableFromUnresolved : undefined,
    };
  }

  /** The SQL version a package version installs, by sqlVersionPattern; `field` names the version in errors. */
  public sqlVersionOf(packageVersion: string, field = 'packageVersion'): string {
    const release = releaseVersionOf(packageVersion, field);
    if (!this.sqlVersionPattern) return release;
    const match = this.sqlVersionPattern.exec(release);
    check(match !== null, field, `release version "${release}" does not match sqlVersionPattern ${this.sqlVersionPattern.source}`);
    return match[1] ?? match[0];
  }

  /** The build for `distro` and `major`, or undefined. */
  public buildFor(distro: string, major: number): ComponentBuildRecord | undefined {
    return this._builds.find((b) => b.distro === distro && b.major === major);
  }

  /** The Debian packages for PostgreSQL `major`. */
  public packages(major: number): string[] {
    return this.packageTemplates.map((p) => p.split(MAJOR_PLACEHOLDER).join(String(major)));
  }

  /** `path`, relative to the component's directory, as a path relative to the image root. */
  public inImage(path: string): string {
    return this.directory ? `${this.directory}/${path}` : path;
  }
}

/** Throws unless `name` is an image repository name; returns it. */
export function validateImageName(name: unknown, field = 'imageName'): string {
  check(typeof name === 'string' && IMAGE_NAME.test(name), field, `"${name}" is not a valid image repository name (${IMAGE_NAME.source})`);
  return name;
}

/** Throws unless `description` is one NFC line; returns it. */
export function validateDescription(description: unknown, field = 'description'): string {
  const text = oneLine(description, field);
  check(text === text.normalize('NFC'), field, 'must be in Unicode Normalization Form C (NFC); HCL normalizes image labels to it');
  return text;
}

/** Throws unless `homepage` is a plain https URL; returns it. */
export function validateHomepage(homepage: unknown, field = 'homepage'): string {
  check(typeof homepage === 'string' && HOMEPAGE.test(homepage), field, `"${homepage}" must be an https URL without quotes, spaces or query strings`);
  return homepage;
}

/** Throws unless `platforms` is a non-empty list of unique platforms; returns a copy. */
export function validatePlatforms(platforms: unknown, field = 'platforms'): string[] {
  return listOf(platforms, field, { nonEmpty: true, unique: true }, (p, f) => {
    check(PLATFORM.test(p), f, `"${p}" is not a platform such as linux/amd64`);
  });
}

/** Validates a list of strings, each with `each`; returns a copy. */
function listOf(
  value: unknown, field: string, opts: { nonEmpty?: boolean; unique?: boolean }, each?: (item: string, field: string) => void,
): string[] {
  check(Array.isArray(value), field, 'must be a list of strings');
  check(!opts.nonEmpty || value.length > 0, field, 'must not be empty');
  value.forEach((item, i) => {
    check(typeof item === 'string', `${field}[${i}]`, 'must be a string');
    check(!opts.unique || value.indexOf(item) === i, `${field}[${i}]`, `"${item}" is listed twice`);
    each?.(item, `${field}[${i}]`);
  });
  return [...value];
}

function sqlVersionPatternOf(pattern: unknown): RegExp | undefined {
  if (pattern === undefined) return undefined;
  check(typeof pattern === 'string' && pattern.length > 0, 'sqlVersionPattern', 'must be a regular expression as a string');
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new DefinitionError('sqlVersionPattern', `"${pattern}" is not a regular expression: ${(error as Error).message}`);
  }
}

function booleanOf(value: unknown, field: string, fallback: boolean): boolean {
  check(value === undefined || typeof value === 'boolean', field, 'must be true or false');
  return (value as boolean | undefined) ?? fallback;
}

function oneLine(value: unknown, field: string): string {
  check(typeof value === 'string' && value.trim().length > 0, field, 'is required');
  check(!CONTROL_CHARACTERS.test(value), field, 'must be one line with no control characters');
  return value;
}

function imagePaths(value: string[] | undefined, field: string, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  validateImagePaths(value, field);
  return [...value];
}

function validateGlobs(value: unknown, field: string): string[] {
  return listOf(value ?? [], field, { unique: true }, (g, f) => {
    const plain = g.split(MAJOR_PLACEHOLDER).join('18');
    check(!g.startsWith('/'), f, `"${g}" is absolute; globs are relative to the directory named in the docs of ExtensionFilesProps`);
    check(!plain.split('/').some((s) => s === '..' || s === '.'), f, `"${g}" escapes its directory ("." and ".." are not allowed)`);
    check(GLOB.test(plain), f, `"${g}" may hold only A-Za-z0-9._+@%,=- and the wildcards * ?, with {major}; shell metacharacters are not allowed`);
    const dots = plain.split('/').find(globSegmentMatchesDotEntry);
    check(dots === undefined, f, `"${g}" escapes its directory: sh expands "${dots}" to "." or "..", and the directory itself or its parent would be copied; name the hidden files (e.g. ".??*" for names of three or more characters)`);
  });
}

function validateFiles(files: ExtensionFilesProps | undefined): ExtensionFiles {
  check(typeof files === 'object' && files !== null && !Array.isArray(files), 'files', 'must say which files go to /lib, /share/extension and other directories');
  checkKnownFields(files, 'files', Object.keys(FILES_FIELDS), 'ExtensionFilesProps (lib, extension, bin, share)');
  check(files.share === undefined || (typeof files.share === 'object' && !Array.isArray(files.share)), 'files.share', 'must map directories under /share to lists of globs');
  const share: Record<string, string[]> = {};
  const shareEntries = Object.entries(files.share ?? {}).sort(([a], [b]) => compareCodePoints(a, b));
  for (const [target, globs] of shareEntries) {
    validateImagePath(target, `files.share.${target}`);
    check(target !== 'extension', `files.share.${target}`, 'use files.extension for /share/extension');
    check(Array.isArray(globs), `files.share.${target}`, 'must be a list of globs');
    share[target] = validateGlobs(globs, `files.share.${target}`);
  }
  const result = {
    lib: validateGlobs(files.lib, 'files.lib'),
    extension: validateGlobs(files.extension, 'files.extension'),
    bin: validateGlobs(files.bin, 'files.bin'),
    share,
  };
  const selected = [result.lib, result.extension, result.bin, ...Object.values(share)].reduce((n, globs) => n + globs.length, 0);
  check(selected > 0, 'files', 'selects no files; an image needs at least a control file or a library');
  return result;
}

function validateParameters(parameters: Record<string, string>): Record<string, string> {
  check(typeof parameters === 'object' && !Array.isArray(parameters), 'postgresqlParameters', 'must map parameter names to values');
  for (const [name, value] of Object.entries(parameters)) {
    check(PARAMETER_NAME.test(name), `postgresqlParameters.${name}`, `"${name}" is not a PostgreSQL parameter name`);
    const problem = parameterNameProblem(name);
    check(problem === undefined, `postgresqlParameters.${name}`, problem!);
    if (typeof value !== 'string') throw new DefinitionError(`postgresqlParameters.${name}`, 'must be a string');
    oneLine(value, `postgresqlParameters.${name}`);
  }
  return { ...parameters };
}

function validateBuildTarget(build: unknown, field: string, extra: readonly string[] = []): ExtensionBuildProps {
  check(typeof build === 'object' && build !== null, field, 'must be { distro, major }');
  const known = [...Object.keys(BUILD_FIELDS), ...extra];
  const stray = Object.keys(build).find((k) => !known.includes(k));
  if (stray !== undefined) {
    throw new DefinitionError(`${field}.${stray}`,
      `is not a field of a build ({ distro, major }); package versions come from ${VERSIONS_LOCK_FILE} (npx projen update-versions)${didYouMean(stray, known)}`);
  }
  const b = build as ExtensionBuildProps;
  check(typeof b.distro === 'string' && DISTRO.test(b.distro), `${field}.distro`, `"${b.distro}" is not a distro name (${DISTRO.source})`);
  check(Number.isInteger(b.major) && b.major >= 18, `${field}.major`, `${b.major} must be a PostgreSQL major version of 18 or later (extension_control_path arrived in 18)`);
  return { distro: b.distro, major: b.major };
}

function versionRangeOf(range: unknown): string | undefined {
  if (range === undefined) return undefined;
  check(typeof range === 'string' && semver.validRange(range) !== null, 'versionRange', `"${range}" is not a semver range such as ">=3.6 <3.7"`);
  return range;
}

/**
 * Whether sh expands the glob segment `segment` to "." or "..": in sh only a
 * segment that starts with "." matches names that start with one, and
 * readdir lists "." and "..", so ".*", ".?", "..*" or ".*." select the
 * directory itself or its parent ("cp -a" then copies all of it).
 */
export function globSegmentMatchesDotEntry(segment: string): boolean {
  return DOT_WILDCARDS.test(segment) && (globMatches(segment, '.') || globMatches(segment, '..'));
}

/** Whether sh's pattern `pattern` (literal characters and the wildcards `*` and `?`) matches the whole of `name`. */
function globMatches(pattern: string, name: string): boolean {
  if (pattern === '') return name === '';
  if (pattern[0] === '*') return globMatches(pattern.slice(1), name) || (name !== '' && globMatches(pattern, name.slice(1)));
  if (name === '') return false;
  return (pattern[0] === '?' || pattern[0] === name[0]) && globMatches(pattern.slice(1), name.slice(1));
}

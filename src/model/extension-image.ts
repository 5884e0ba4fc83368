import { tagVersionOf } from './debian-version';
import { DefinitionError, check } from './definition-error';
import {
  EXTENSION_IMAGE_FIELDS, ExtensionBuildProps, ExtensionComponent, ResolvedBuild, UnresolvedBuild, ExtensionImageProps, TAG_VERSION_MAX_LENGTH,
  checkKnownFields, validateDescription, validateHomepage, validateImageName, validatePlatforms,
} from './extension-component';
import {
  DEFAULT_DYNAMIC_LIBRARY_PATH, DEFAULT_EXTENSION_CONTROL_PATH, ExtensionConfiguration, ExtensionEnvVar, rebaseEnvValue,
} from './extension-configuration';
import { findExtensionNameCollision, validateExtensionName } from './extension-name';
import { freezeFields } from './frozen';
import { LicenseException } from './license-policy';
import { compareCodePoints } from './ordering';
import { validateOwners } from './owners';
import { mergeParameters } from './postgresql-parameters';
import { closestName } from './suggestions';
import { PinSource, VersionsLock } from './versions-lock';

/** Props for an image that bundles several extensions, each in its own subdirectory. */
export interface ExtensionBundleProps {
  /** CloudNativePG extension name of the image; also its mount directory `/extensions/<name>`. */
  readonly name: string;
  /** Image repository name, without registry. @default - the name */
  readonly imageName?: string;
  /** One-line description, used in labels and docs. */
  readonly description: string;
  /** URL about the bundle. */
  readonly homepage: string;
  /** Who maintains the bundle here: GitHub users (`@user`) or teams (`@org/team`); its components' own owners keep their definitions. */
  readonly owners: string[];
  /**
   * The extensions, each in the subdirectory named after it. PostgreSQL
   * searches them in this order and they are created in it, so an extension
   * comes after those it requires.
   */
  readonly components: ExtensionImageProps[];
  /** Target platforms. @default - the platforms every component is built for */
  readonly platforms?: string[];
}

/** What a file in extensions/ defines: an image of one extension, or a bundle of several. */
export type ExtensionDefinition = ExtensionImageProps | ExtensionBundleProps;

/** Whether `definition` is a bundle. */
export function isExtensionBundleProps(definition: ExtensionDefinition): definition is ExtensionBundleProps {
  return typeof definition === 'object' && definition !== null && 'components' in definition;
}

/** Fields only a definition has: an image's builds (or the old versions), a bundle's components. */
export const DEFINITION_MARKERS = ['builds', 'components', 'versions'];

/** Whether an exported value is meant as a definition: an object with a name and a field only definitions have (checked in full later). */
export function isDefinitionLike(value: unknown): value is ExtensionDefinition {
  return typeof value === 'object' && value !== null && 'name' in value && DEFINITION_MARKERS.some((f) => f in value);
}

/** What one component of an image is built from in one build. */
export interface ComponentBuild {
  /** The component. */
  readonly component: ExtensionComponent;
  /** Debian version of its packages. */
  readonly packageVersion: string;
  /** Version `CREATE EXTENSION` installs. */
  readonly sqlVersion: string;
  /** How the package version was obtained (see PinSource). */
  readonly pin: PinSource;
  /** SQL versions from which `ALTER EXTENSION ... UPDATE` reaches sqlVersion with the packages' update scripts. @default - not known; see upgradableFromUnresolved */
  readonly upgradableFrom?: string[];
  /** Why upgradableFrom is not known. @default - known */
  readonly upgradableFromUnresolved?: string;
}

/** What one SQL extension of an image can be updated from. */
export interface ExtensionUpgrades {
  /** The component (a bundle's extension, or the image's only one). */
  readonly component: string;
  /** The name in `CREATE EXTENSION` and `ALTER EXTENSION`. */
  readonly sqlName: string;
  /** The SQL version the image installs. */
  readonly version: string;
  /** Versions from which `ALTER EXTENSION ... UPDATE` reaches `version` with the image's update scripts. @default - not known; see unresolved */
  readonly from?: string[];
  /** Why `from` is not known. @default - known */
  readonly unresolved?: string;
}

/** The SQL extensions of `build` created with CREATE EXTENSION, with the versions each can be updated from. */
export function upgradesOf(build: ImageBuild): ExtensionUpgrades[] {
  return build.components.filter((c) => c.component.createExtension).map((c) => ({
    component: c.component.name,
    sqlName: c.component.sqlName,
    version: c.sqlVersion,
    ...(c.upgradableFrom !== undefined ? { from: [...c.upgradableFrom] } : { unresolved: c.upgradableFromUnresolved ?? 'not recorded' }),
  }));
}

/** One image of a family: a distro and PostgreSQL major, and what each component is built from. */
export interface ImageBuild {
  /** Debian distribution of the operand image. */
  readonly distro: string;
  /** PostgreSQL major version. */
  readonly major: number;
  /** The version in tags and the OCI version label: the package's, or the components' joined by "_" in a bundle. */
  readonly version: string;
  /** One entry per component, in image order. */
  readonly components: ComponentBuild[];
}

/** The fewest extensions a bundle holds; one belongs in an ordinary definition. */
const MIN_BUNDLE_COMPONENTS = 2;
/** The fields of ExtensionBundleProps; any other belongs in a component. */
const BUNDLE_FIELDS = ['name', 'imageName', 'description', 'homepage', 'owners', 'components', 'platforms'];
/**
 * The most UTF-8 bytes of an image's ExtensionConfiguration (its catalog
 * entry without the image reference). A ClusterImageCatalog repeats the
 * entry for each major it lists (at most 8, the CRD's maxItems) next to every
 * other extension's, and etcd keeps one object in at most 1.5 MiB (its
 * default --max-request-bytes); 16 KiB keeps one extension under 128 KiB of that.
 */
export const MAX_CATALOG_ENTRY_BYTES = 16 * 1024;

/**
 * One family of extension images: which extensions go in (one at the image
 * root, or several in subdirectories), how CloudNativePG mounts them, and the
 * (distro, major) builds. Creating it validates the definition.
 */
export class ExtensionImage {
  /** Whether `x` is an ExtensionImage. */
  public static isExtensionImage(x: unknown): x is ExtensionImage {
    return x instanceof ExtensionImage;
  }

  /** CloudNativePG extension name of the image; also its mount directory. */
  public readonly name: string;
  /** Image repository name. */
  public readonly imageName: string;
  /** One-line description. */
  public readonly description: string;
  /** Upstream project URL. */
  public readonly homepage: string;
  /** GitHub users (`@user`) and teams (`@org/team`) who maintain the image: asked to review changes to it. */
  public readonly owners: string[];
  /** Target platforms. */
  public readonly platforms: string[];
  /** The definition this image was created from, as given. */
  public readonly definition: ExtensionDefinition;
  /** Whether the image bundles several extensions in subdirectories. */
  public readonly isBundle: boolean;
  /** The extensions in the image, in search and creation order. */
  public readonly components: ExtensionComponent[];
  /** SPDX licenses of everything in the image. */
  public readonly licenses: string[];
  /** Accepted licenses outside the CNCF allowlist. */
  public readonly licenseExceptions: LicenseException[];
  /** Libraries for `shared_preload_libraries`. */
  public readonly sharedPreloadLibraries: string[];
  /** PostgreSQL parameters the extensions need. */
  public readonly postgresqlParameters: Record<string, string>;
  /** Parameters set to the name of the database the extensions are created in. */
  public readonly databaseNameParameters: string[];
  /** `extension_control_path` entries, relative to the image root. */
  public readonly extensionControlPath: string[];
  /** `dynamic_library_path` entries, relative to the image root. */
  public readonly dynamicLibraryPath: string[];
  /** `LD_LIBRARY_PATH` entries, relative to the image root. */
  public readonly ldLibraryPath: string[];
  /** `PATH` entries, relative to the image root. */
  public readonly binPath: string[];
  /** Environment variables; `${image_root}` is the image root. */
  public readonly env: ExtensionEnvVar[];
  /** Other extension images whose extensions must be created first, by name. */
  public readonly requiredExtensions: string[];

  public constructor(props: ExtensionDefinition) {
    check(typeof props === 'object' && props !== null, '(definition)', 'must be an object of ExtensionImageProps or ExtensionBundleProps');
    this.definition = props;
    if (isExtensionBundleProps(props)) {
      validateExtensionName(props.name);
      const stray = Object.keys(props).find((f) => !BUNDLE_FIELDS.includes(f));
      if (stray !== undefined) {
        // A near miss of a bundle field is a typo; a field of a single extension belongs in a component.
        const meant = closestName(stray, BUNDLE_FIELDS);
        const component = EXTENSION_IMAGE_FIELDS.includes(stray) || stray === 'versions' || meant === undefined;
        throw new DefinitionError(stray, `is not a field of a bundle (${BUNDLE_FIELDS.join(', ')}); ${component ? 'set it in the component it belongs to' : `did you mean ${meant}?`}`);
      }
      checkKnownFields(props, '', BUNDLE_FIELDS, 'a bundle');
      this.isBundle = true;
      this.name = props.name;
      this.imageName = validateImageName(props.imageName ?? props.name);
      this.description = validateDescription(props.description);
      this.homepage = validateHomepage(props.homepage);
      this.owners = validateOwners(props.owners);
      this.components = bundleComponents(props);
      this.platforms = bundlePlatforms(this.components, props.platforms);
    } else {
      const component = new ExtensionComponent({ definition: props });
      this.isBundle = false;
      this.name = component.name;
      this.imageName = component.imageName;
      this.description = component.description;
      this.homepage = component.homepage;
      this.owners = component.owners;
      this.components = [component];
      this.platforms = component.platforms;
    }
    const all = <T>(list: (c: ExtensionComponent) => readonly T[]) => this.components.flatMap(list);
    const paths = (list: (c: ExtensionComponent) => readonly string[]) => all((c) => list(c).map((p) => c.inImage(p)));
    this.licenses = unique(all((c) => c.licenses));
    this.licenseExceptions = all((c) => c.licenseExceptions).filter((e, i, list) =>
      list.findIndex((o) => o.license === e.license && o.name === e.name) === i);
    this.sharedPreloadLibraries = unique(all((c) => c.sharedPreloadLibraries));
    this.postgresqlParameters = mergedParameters(this.components, this.isBundle);
    this.databaseNameParameters = unique(all((c) => c.databaseNameParameters));
    this.components.forEach((c, i) => c.databaseNameParameters.forEach((name, j) => {
      check(!(name in this.postgresqlParameters), `components[${i}].databaseNameParameters[${j}]`, `"${name}" gets a fixed value from another component's postgresqlParameters`);
    }));
    this.extensionControlPath = paths((c) => c.extensionControlPath);
    this.dynamicLibraryPath = paths((c) => c.dynamicLibraryPath);
    this.ldLibraryPath = paths((c) => c.ldLibraryPath);
    this.binPath = paths((c) => c.binPath);
    this.env = mergedEnv(this.components, this.isBundle);
    const inside = this.components.map((c) => c.name);
    this.requiredExtensions = unique(all((c) => c.requiredExtensions)).filter((name) => !inside.includes(name));
    const entryBytes = Buffer.byteLength(JSON.stringify(this.extensionConfiguration()), 'utf8');
    check(entryBytes <= MAX_CATALOG_ENTRY_BYTES, '(catalog entry)',
      `takes ${entryBytes} bytes (paths and env); at most ${MAX_CATALOG_ENTRY_BYTES} are allowed: a ClusterImageCatalog repeats it for each major next to every other extension, and etcd stores at most 1.5 MiB per object`);
    if (this.isBundle) {
      const list = (c: ExtensionComponent) => c.declaredBuilds.map((b) => `${b.distro}/${b.major}`).join(', ');
      check(this.declaredBuilds.length > 0, 'components', `share no (distro, major) build: ${this.components.map((c) => `${c.name} has ${list(c)}`).join('; ')}`);
    }
    freezeFields(this, [
      'owners', 'platforms', 'components', 'licenses', 'licenseExceptions', 'sharedPreloadLibraries', 'postgresqlParameters', 'databaseNameParameters',
      'extensionControlPath', 'dynamicLibraryPath', 'ldLibraryPath', 'binPath', 'env', 'requiredExtensions',
    ]);
  }

  /** The (distro, major) pairs every component declares, ordered by distro and major. */
  public get declaredBuilds(): ExtensionBuildProps[] {
    const [first, ...rest] = this.components;
    return first.declaredBuilds
      .filter((b) => rest.every((c) => c.declaredBuilds.some((o) => o.distro === b.distro && o.major === b.major)))
      .sort((a, b) => compareCodePoints(a.distro, b.distro) || a.major - b.major);
  }

  /** Declared builds left without versions because a component's lock entry is unresolved. */
  public get unresolvedBuilds(): UnresolvedBuild[] {
    return this.declaredBuilds.flatMap((b) => {
      if (this.buildFor(b.distro, b.major)) return [];
      const reasons = this.components.flatMap((c) => c.unresolvedBuilds.filter((u) => u.distro === b.distro && u.major === b.major)
        .map((u) => (this.isBundle ? `${c.name}: ${u.reason}` : u.reason)));
      return reasons.length ? [{ distro: b.distro, major: b.major, reason: reasons.join('; ') }] : [];
    });
  }

  /** Adds every component's declared builds with their versions from `versionsLock`; throws naming a missing or stale entry. */
  public addBuildsFromLock(versionsLock: VersionsLock): void {
    this.components.forEach((c, i) => under(this.isBundle ? `components[${i}]` : '', () => c.addBuildsFromLock(versionsLock, this.name)));
    if (this.isBundle) this.checkBundleBuilds();
  }

  /** The build matrix: the (distro, major) pairs every component is built for, ordered by distro and major. */
  public get builds(): ImageBuild[] {
    const [first, ...rest] = this.components;
    return first.builds
      .filter((b) => rest.every((c) => c.buildFor(b.distro, b.major) !== undefined))
      .map((b) => this.buildFor(b.distro, b.major)!)
      .sort((a, b) => compareCodePoints(a.distro, b.distro) || a.major - b.major);
  }

  /** The build for `distro` and `major`, or undefined when a component lacks it. */
  public buildFor(distro: string, major: number): ImageBuild | undefined {
    const components: ComponentBuild[] = [];
    for (const component of this.components) {
      const build = component.buildFor(distro, major);
      if (!build) return undefined;
      components.push({
        component,
        packageVersion: build.packageVersion,
        sqlVersion: build.sqlVersion,
        pin: build.pin,
        upgradableFrom: build.upgradableFrom,
        upgradableFromUnresolved: build.upgradableFromUnresolved,
      });
    }
    const version = components.map((c) => tagVersionOf(c.packageVersion)).join('_');
    return { distro, major, version, components };
  }

  /** Adds a (distro, major) build to an image of one extension; a bundle's builds come from its components. */
  public addBuild(build: ResolvedBuild, field?: string): void {
    check(!this.isBundle, 'builds', `${this.name} is a bundle: add the build to each component instead`);
    this.components[0].addBuild(build, field);
  }

  /** The ExtensionConfiguration CloudNativePG needs; paths equal to CloudNativePG's defaults are left out. */
  public extensionConfiguration(imageReference?: string): ExtensionConfiguration {
    const unlessDefault = (paths: readonly string[], defaults: readonly string[]) =>
      (paths.join('\n') === defaults.join('\n') ? undefined : [...paths]);
    const orUndefined = <T>(list: readonly T[]) => (list.length > 0 ? [...list] : undefined);
    return {
      name: this.name,
      imageReference,
      extensionControlPath: unlessDefault(this.extensionControlPath, DEFAULT_EXTENSION_CONTROL_PATH),
      dynamicLibraryPath: unlessDefault(this.dynamicLibraryPath, DEFAULT_DYNAMIC_LIBRARY_PATH),
      ldLibraryPath: orUndefined(this.ldLibraryPath),
      binPath: orUndefined(this.binPath),
      env: orUndefined(this.env),
    };
  }

  private checkBundleBuilds(): void {
    for (const build of this.builds) {
      check(build.version.length <= TAG_VERSION_MAX_LENGTH, 'components',
        `together give the tag version "${build.version}" for ${build.distro}/${build.major}, longer than ${TAG_VERSION_MAX_LENGTH} characters; it must fit in an image tag`);
    }
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Runs `fn`, naming fields of a DefinitionError as fields under `prefix` (none when empty). */
function under<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DefinitionError && prefix) throw new DefinitionError(`${prefix}.${error.field}`, error.rule, error.file);
    throw error;
  }
}

function bundleComponents(props: ExtensionBundleProps): ExtensionComponent[] {
  check(Array.isArray(props.components) && props.components.length >= MIN_BUNDLE_COMPONENTS, 'components',
    `must list at least ${MIN_BUNDLE_COMPONENTS} extension definitions; an image of one extension is an ordinary definition`);
  props.components.forEach((definition, i) => under(`components[${i}]`, () => {
    check(typeof definition === 'object' && definition !== null && !isExtensionBundleProps(definition), '(definition)', 'must be an ExtensionImageProps; bundles do not nest');
    validateExtensionName(definition.name);
  }));
  const collision = findExtensionNameCollision(props.components.map((d) => d.name));
  check(collision === undefined, `components[${collision?.index}].name`, `${collision?.rule}: each component needs its own directory and build argument`);
  const components = props.components.map((definition, i) => under(`components[${i}]`, () =>
    new ExtensionComponent({ definition, directory: definition.name })));
  components.forEach((component, i) => {
    const earlier = components.slice(0, i).find((c) => c.sqlName === component.sqlName);
    check(earlier === undefined, `components[${i}].sqlName`, `"${component.sqlName}" is also the SQL name of ${earlier?.name}; PostgreSQL would find only the first`);
    component.requiredExtensions.forEach((name, r) => {
      const later = components.findIndex((c, j) => j > i && c.name === name);
      check(later < 0, `components[${i}].requiredExtensions[${r}]`, `"${name}" is components[${later}]; list it before ${component.name}, which is created after what it requires`);
    });
  });
  return components;
}

function bundlePlatforms(components: readonly ExtensionComponent[], requested: string[] | undefined): string[] {
  const shared = components[0].platforms.filter((p) => components.every((c) => c.platforms.includes(p)));
  if (requested === undefined) {
    check(shared.length > 0, 'platforms', 'the components share no platform');
    return shared;
  }
  const platforms = validatePlatforms(requested);
  platforms.forEach((p, i) => {
    const lacking = components.find((c) => !c.platforms.includes(p));
    check(lacking === undefined, `platforms[${i}]`, `"${p}" is not among the platforms of component ${lacking?.name} (${lacking?.platforms.join(', ')})`);
  });
  return platforms;
}

/** The components' parameters; library lists merge, other values must agree. */
function mergedParameters(components: readonly ExtensionComponent[], isBundle: boolean): Record<string, string> {
  const { merged, conflicts: [conflict] } = mergeParameters(...components.map((c) => c.postgresqlParameters));
  if (conflict) {
    throw new DefinitionError(`${isBundle ? `components[${conflict.source}].` : ''}postgresqlParameters.${conflict.name}`,
      `${components[conflict.source].name} needs "${conflict.added}", but an earlier component needs "${conflict.current}"`);
  }
  return merged;
}

/** The components' environment, `${image_root}` rebased onto each component's directory; names must not clash. */
function mergedEnv(components: readonly ExtensionComponent[], isBundle: boolean): ExtensionEnvVar[] {
  const merged: ExtensionEnvVar[] = [];
  components.forEach((component, i) => {
    for (const { name, value } of component.env) {
      const rebased = rebaseEnvValue(value, component.directory);
      const earlier = merged.find((e) => e.name === name);
      const field = `${isBundle ? `components[${i}].` : ''}env.${name}`;
      check(earlier === undefined || earlier.value === rebased, field, `${component.name} sets it to "${rebased}", but an earlier component sets "${earlier?.value}"`);
      if (!earlier) merged.push({ name, value: rebased });
    }
  });
  return merged;
}

import { ExtensionDefinition, ExtensionImage, isDefinitionLike } from './model/extension-image';
import { closestName } from './model/suggestions';
import { VersionsLock } from './model/versions-lock';

/** What the package's `./extensions` subpath exports: one constant per definition, and `versionsLock`. */
type PackagedModule = Record<string, unknown>;

let packaged: { readonly definitions: ReadonlyMap<string, ExtensionDefinition>; readonly versionsLock: VersionsLock } | undefined;

/**
 * Reads the package's own definitions once, on first use. The require is
 * lazy on purpose: the definitions import this library, so loading them with
 * it would be a cycle, and scripts that load the library while a definition
 * file is being added or removed (update-versions) would load a stale list.
 */
function load(): NonNullable<typeof packaged> {
  if (!packaged) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('../extensions') as PackagedModule;
    const lock = module.versionsLock;
    if (!(lock instanceof VersionsLock)) throw new Error('cnpg-extensions-cdk/extensions: versionsLock: must be the packaged VersionsLock');
    const definitions = new Map<string, ExtensionDefinition>();
    for (const value of Object.values(module)) {
      if (!isDefinitionLike(value)) continue;
      definitions.set(value.name, value);
    }
    packaged = { definitions, versionsLock: lock };
  }
  return packaged;
}

/**
 * The ready-made definitions this package ships, with the exact package
 * versions of its lock, for every jsii language: jsii cannot carry the
 * module constants TypeScript imports from `cnpg-extensions-cdk/extensions`.
 * `PackagedExtensions.image('pgvector')` is the same as
 * `new ExtensionImage(pgvector)` followed by `addBuildsFromLock(versionsLock)`.
 */
export class PackagedExtensions {
  /** The CloudNativePG names of the packaged definitions, sorted. */
  public static names(): string[] {
    return [...load().definitions.keys()].sort();
  }

  /**
   * A new ExtensionImage of the packaged definition `name`, with its builds from the packaged versions lock.
   *
   * An unknown name throws, naming the closest packaged one.
   */
  public static image(name: string): ExtensionImage {
    const { definitions, versionsLock } = load();
    const definition = definitions.get(name);
    if (!definition) {
      const meant = closestName(name, definitions.keys());
      throw new Error(`PackagedExtensions.image: name: "${name}" is not a packaged extension${meant ? ` (did you mean ${meant}?)` : ''}; PackagedExtensions.names() lists them`);
    }
    const image = new ExtensionImage(definition);
    image.addBuildsFromLock(versionsLock);
    return image;
  }

  /** The packaged versions lock: the exact package versions the published images were built from. */
  public static versionsLock(): VersionsLock {
    return load().versionsLock;
  }

  private constructor() {}
}

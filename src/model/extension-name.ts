import { check } from './definition-error';

/** CloudNativePG's rule for an extension name (ExtensionConfiguration.name). */
export const EXTENSION_NAME_PATTERN = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/;

/** The longest extension name CloudNativePG accepts: `ext-` + name must fit a 63-character DNS label. */
export const EXTENSION_NAME_MAX_LENGTH = 59;

/** Throws unless `name` is a valid CloudNativePG extension name. */
export function validateExtensionName(name: unknown, field = 'name'): asserts name is string {
  check(typeof name === 'string' && name.length > 0, field, 'is required and must be a string');
  check(
    EXTENSION_NAME_PATTERN.test(name),
    field,
    `"${name}" must match ${EXTENSION_NAME_PATTERN.source} (lowercase alphanumerics, "-" or "_", starting and ending with an alphanumeric)`,
  );
  check(name.length <= EXTENSION_NAME_MAX_LENGTH, field, `"${name}" is ${name.length} characters long; at most ${EXTENSION_NAME_MAX_LENGTH} are allowed`);
}

/** The Kubernetes volume name CloudNativePG gives an extension's image volume. */
export function extensionVolumeName(name: string): string {
  return `ext-${name.replace(/_/g, '-')}`;
}

/** The directory CloudNativePG mounts an extension image at. */
export function extensionMountPath(name: string): string {
  return `/extensions/${name}`;
}

/** Two extension names that cannot live together, and why. */
export interface ExtensionNameCollision {
  /** Index of the later name. */
  readonly index: number;
  /** Index of the earlier name it clashes with. */
  readonly earlier: number;
  /** The rule broken. */
  readonly rule: string;
}

/**
 * The first pair of names that are equal, or become equal once "_" turns
 * into "-" (their volume names would clash, and CloudNativePG rejects that).
 */
export function findExtensionNameCollision(names: readonly string[]): ExtensionNameCollision | undefined {
  const seen = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    const volume = extensionVolumeName(name);
    const earlier = seen.get(volume);
    if (earlier !== undefined) {
      const rule = names[earlier] === name
        ? `"${name}" is declared twice; extension names must be unique`
        : `"${name}" collides with "${names[earlier]}": both become volume "${volume}" once "_" is replaced by "-"`;
      return { index, earlier, rule };
    }
    seen.set(volume, index);
  }
  return undefined;
}

import { DefinitionError, check } from './definition-error';
import { extensionMountPath } from './extension-name';

/** An environment variable CloudNativePG sets for an extension; the value may use `${image_root}`. */
export interface ExtensionEnvVar {
  /** Variable name. */
  readonly name: string;
  /** Value; `${image_root}` stands for the mount directory, `$${` for a literal `${`. */
  readonly value: string;
}

/**
 * CloudNativePG's ExtensionConfiguration: how one extension image is mounted
 * and which paths PostgreSQL gets. Paths are relative to the image root.
 */
export interface ExtensionConfiguration {
  /** Extension name, the mount directory `/extensions/<name>`. */
  readonly name: string;
  /** Image reference; optional when a catalog provides it. */
  readonly imageReference?: string;
  /** Appended to `extension_control_path`. @default ["share"] */
  readonly extensionControlPath?: string[];
  /** Appended to `dynamic_library_path`. @default ["lib"] */
  readonly dynamicLibraryPath?: string[];
  /** Appended to `LD_LIBRARY_PATH`. @default [] */
  readonly ldLibraryPath?: string[];
  /** Appended to `PATH`. @default [] */
  readonly binPath?: string[];
  /** Extra environment variables. @default [] */
  readonly env?: ExtensionEnvVar[];
}

/** CloudNativePG's default `extension_control_path` entry of an image. */
export const DEFAULT_EXTENSION_CONTROL_PATH = ['share'];
/** CloudNativePG's default `dynamic_library_path` entry of an image. */
export const DEFAULT_DYNAMIC_LIBRARY_PATH = ['lib'];

/** Environment variables CloudNativePG keeps for itself. */
export const RESERVED_ENV_NAMES = ['POD_NAME', 'NAMESPACE', 'CLUSTER_NAME', 'PATH', 'LD_LIBRARY_PATH'];
/** Prefixes of environment variables CloudNativePG keeps for itself. */
export const RESERVED_ENV_PREFIXES = ['CNPG_', 'PG'];

/**
 * Variables of the dynamic loader and C library that make PostgreSQL load
 * code or read and write files named by whoever sets them: glibc's
 * UNSECURE_ENVVARS, which it erases for setuid programs for that reason
 * (bminor/glibc, sysdeps/generic/unsecvars.h, commit
 * a72a4eb10b2d9aef7a53f9d2facf166a685d85fb). LD_PRELOAD and LD_AUDIT load
 * shared objects into every process, GCONV_PATH loads iconv modules,
 * GLIBC_TUNABLES was the way in of CVE-2023-4911, and TMPDIR is also where
 * CloudNativePG points PostgreSQL's temporary files (pkg/specs/pods.go).
 * LD_LIBRARY_PATH is reserved above; it has its own field.
 */
export const LOADER_ENV_NAMES: readonly string[] = [
  'GCONV_PATH', 'GETCONF_DIR', 'GLIBC_TUNABLES', 'HOSTALIASES', 'LD_AUDIT', 'LD_DEBUG', 'LD_DEBUG_OUTPUT', 'LD_DYNAMIC_WEAK',
  'LD_HWCAP_MASK', 'LD_LIBRARY_PATH', 'LD_ORIGIN_PATH', 'LD_PRELOAD', 'LD_PROFILE', 'LD_SHOW_AUXV', 'LOCALDOMAIN', 'LOCPATH',
  'MALLOC_TRACE', 'NIS_PATH', 'NLSPATH', 'RESOLV_HOST_CONF', 'RES_OPTIONS', 'TMPDIR', 'TZDIR',
];
/**
 * Every `LD_*` variable configures the dynamic loader (ld.so(8)), not only those
 * of LOADER_ENV_NAMES: LD_TRACE_LOADED_OBJECTS, for one, makes it list the
 * libraries of postgres instead of running it.
 */
export const LOADER_ENV_PREFIX = 'LD_';

/**
 * The most UTF-8 bytes an env value may take. Linux refuses to start a
 * program whose single environment string exceeds MAX_ARG_STRLEN (32 pages,
 * 128 KiB), and each value is repeated in every catalog entry of the
 * extension, in a ClusterImageCatalog that etcd stores as one object of at
 * most 1.5 MiB; 4 KiB is PATH_MAX, far above any real value (a path, a list
 * of paths, a few options).
 */
export const MAX_ENV_VALUE_BYTES = 4096;

/** An environment variable name; also what the e2e passes to the postmaster. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH_CHARACTERS = /^[A-Za-z0-9._+@-]+(\/[A-Za-z0-9._+@-]+)*$/;
/**
 * A run of "$" before "{...}": an odd run opens a placeholder, and each "$$"
 * stands for a literal "$" (CloudNativePG's rule), so "$${x}" is the text "${x}".
 */
const PLACEHOLDER = /(\$+)\{([^}]*)\}/g;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators (line breaks to YAML 1.1). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Throws unless `paths` is a non-empty list of unique, local, relative paths inside the image. */
export function validateImagePaths(paths: readonly unknown[], field: string): asserts paths is string[] {
  check(Array.isArray(paths) && paths.length > 0, field, 'must be a non-empty list of paths relative to the image root');
  const seen = new Set<string>();
  paths.forEach((p, i) => {
    const f = `${field}[${i}]`;
    validateImagePath(p, f);
    check(!seen.has(p), f, `"${p}" is listed twice; paths must be unique`);
    seen.add(p);
  });
}

/** Throws unless `p` is a local, normalized path relative to the image root; `field` names it in errors. */
export function validateImagePath(p: unknown, field: string): asserts p is string {
  check(typeof p === 'string' && p.length > 0, field, 'must be a non-empty string');
  check(!p.startsWith('/'), field, `"${p}" is absolute; paths are relative to the image root`);
  check(!p.split('/').some((s) => s === '..' || s === '.'), field, `"${p}" escapes the image or is not normalized ("." and ".." are not allowed)`);
  check(PATH_CHARACTERS.test(p), field, `"${p}" may hold only A-Za-z0-9._+@- separated by "/"`);
}

/** Whether CloudNativePG reserves the environment variable `name`. */
export function isReservedEnvName(name: string): boolean {
  // CloudNativePG compares upper-cased names, so "pgdata" is reserved too.
  const upper = name.toUpperCase();
  return RESERVED_ENV_NAMES.includes(upper) || RESERVED_ENV_PREFIXES.some((p) => upper.startsWith(p));
}

/** Whether `name` is a variable of the dynamic loader or C library an extension may not set (LOADER_ENV_NAMES, LD_*). */
export function isLoaderEnvName(name: string): boolean {
  return name.startsWith(LOADER_ENV_PREFIX) || LOADER_ENV_NAMES.includes(name);
}

/** Throws unless `env` holds valid, unreserved, unique names and values that use only `${image_root}`. */
export function validateEnv(env: readonly ExtensionEnvVar[], field: string): void {
  const seen = new Set<string>();
  env.forEach(({ name, value }, i) => {
    const f = `${field}.${name}`;
    check(typeof name === 'string' && ENV_NAME.test(name), `${field}[${i}]`, `"${name}" is not a valid environment variable name (${ENV_NAME.source})`);
    check(!isReservedEnvName(name), f, `"${name}" is reserved by CloudNativePG (${[...RESERVED_ENV_NAMES, ...RESERVED_ENV_PREFIXES.map((p) => `${p}*`)].join(', ')})`);
    check(!isLoaderEnvName(name), f, `"${name}" steers the dynamic loader or C library: it would make PostgreSQL load code or files it names, so an extension may not set it (${LOADER_ENV_PREFIX}*, ${LOADER_ENV_NAMES.filter((n) => !n.startsWith(LOADER_ENV_PREFIX)).join(', ')})`);
    check(!seen.has(name), f, 'is set twice');
    seen.add(name);
    validateEnvValue(value, f);
  });
}

/** Throws unless `value` is one line of at most MAX_ENV_VALUE_BYTES whose only placeholder is `${image_root}`; `field` names it in errors. */
export function validateEnvValue(value: unknown, field: string): asserts value is string {
  check(typeof value === 'string', field, 'must be a string');
  check(!CONTROL_CHARACTERS.test(value), field, 'must not contain newlines or other control characters');
  const bytes = Buffer.byteLength(value, 'utf8');
  check(bytes <= MAX_ENV_VALUE_BYTES, field, `is ${bytes} bytes long; at most ${MAX_ENV_VALUE_BYTES} are allowed (it is repeated in every catalog entry, and Linux caps one environment string at 128 KiB)`);
  for (const [whole, dollars, placeholder] of value.matchAll(PLACEHOLDER)) {
    if (dollars.length % 2 === 1 && placeholder !== 'image_root') {
      throw new DefinitionError(field, `unknown placeholder "${whole.slice(dollars.length - 1)}"; only \${image_root} is defined (write $\${ for a literal \${)`);
    }
  }
  // A "${" (after an even run of "$$" escapes) that no "}" closes is no placeholder to CloudNativePG, which keeps it as written.
  const unclosed = /(?<!\$)((?:\$\$)*\$)\{[^}]*$/.exec(value);
  check(unclosed === null, field, `"${unclosed?.[0]}" has no closing "}": CloudNativePG would keep it as written instead of expanding \${image_root} (write $\${ for a literal \${)`);
}

/** Expands `${image_root}` in an env value to the mount directory, and `$${` to a literal `${`, as CloudNativePG does. */
export function expandEnvValue(value: string, extensionName: string): string {
  return value.replace(PLACEHOLDER, (_, dollars: string, name: string) =>
    '$'.repeat(Math.floor(dollars.length / 2)) + (dollars.length % 2 === 1 ? extensionMountPath(extensionName) : `{${name}}`));
}

/**
 * An env value written for an image root, rewritten for an extension that
 * lives in `directory` of a bundle: `${image_root}` becomes `${image_root}/<directory>`.
 */
export function rebaseEnvValue(value: string, directory: string): string {
  if (!directory) return value;
  return value.replace(PLACEHOLDER, (whole, dollars: string, name: string) =>
    (dollars.length % 2 === 1 && name === 'image_root' ? `${dollars}{image_root}/${directory}` : whole));
}

/** What CloudNativePG configures for a list of mounted extensions. */
export interface ResolvedExtensionSettings {
  /** Value of the `extension_control_path` GUC. */
  readonly extensionControlPath: string;
  /** Value of the `dynamic_library_path` GUC. */
  readonly dynamicLibraryPath: string;
  /** Directories appended to `LD_LIBRARY_PATH`, in order. */
  readonly ldLibraryPath: string[];
  /** Directories appended to `PATH`, in order. */
  readonly binPath: string[];
  /** Extra environment variables, expanded. */
  readonly env: Record<string, string>;
}

/**
 * The GUCs and environment CloudNativePG derives from the extensions of a
 * Cluster: `$system` / `$libdir` first, then each extension's paths under its
 * mount, in list order.
 */
export function resolveExtensionSettings(configs: readonly ExtensionConfiguration[]): ResolvedExtensionSettings {
  const under = (c: ExtensionConfiguration, paths: readonly string[] | undefined, fallback: readonly string[] = []) =>
    (paths ?? fallback).map((p) => `${extensionMountPath(c.name)}/${p}`);
  const env: Record<string, string> = {};
  for (const c of configs) {
    for (const { name, value } of c.env ?? []) env[name] = expandEnvValue(value, c.name);
  }
  return {
    extensionControlPath: ['$system', ...configs.flatMap((c) => under(c, c.extensionControlPath, DEFAULT_EXTENSION_CONTROL_PATH))].join(':'),
    dynamicLibraryPath: ['$libdir', ...configs.flatMap((c) => under(c, c.dynamicLibraryPath, DEFAULT_DYNAMIC_LIBRARY_PATH))].join(':'),
    ldLibraryPath: configs.flatMap((c) => under(c, c.ldLibraryPath)),
    binPath: configs.flatMap((c) => under(c, c.binPath)),
    env,
  };
}

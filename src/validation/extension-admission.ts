import { DefinitionError } from '../model/definition-error';
import { ExtensionEnvVar, isReservedEnvName, validateEnvValue, validateImagePaths } from '../model/extension-configuration';
import { findExtensionNameCollision } from '../model/extension-name';

/** A field that breaks a rule: `path` is a field path such as `spec.postgresql.extensions[0].env[1].name`. */
export interface FieldIssue {
  /** Field path, dotted, with list indices in brackets. */
  readonly path: string;
  /** The rule broken. */
  readonly rule: string;
}

/**
 * An ExtensionConfiguration as written in a manifest (snake_case keys), once
 * it has passed the CRD schema: admission webhooks only see schema-valid objects.
 */
export interface ExtensionConfigurationJson {
  /** Extension name. */
  readonly name: string;
  /** The image holding the extension. */
  readonly image?: { readonly reference?: string; readonly pullPolicy?: string };
  /** Directories appended to `extension_control_path`. */
  readonly extension_control_path?: readonly string[];
  /** Directories appended to `dynamic_library_path`. */
  readonly dynamic_library_path?: readonly string[];
  /** Directories appended to `LD_LIBRARY_PATH`. */
  readonly ld_library_path?: readonly string[];
  /** Directories appended to `PATH`. */
  readonly bin_path?: readonly string[];
  /** Extra environment variables. */
  readonly env?: readonly ExtensionEnvVar[];
}

/** Where a list of extensions sits, and whether an image catalog can supply their images. */
export interface ExtensionListContext {
  /** Field path of the list, e.g. `spec.postgresql.extensions`. */
  readonly path: string;
  /** Whether a catalog behind the list supplies image references (a Cluster with `imageCatalogRef`). */
  readonly hasImageCatalog: boolean;
}

/** The part of a Cluster spec the extension checks read. */
export interface ClusterSpecJson {
  /** The catalog the Cluster takes its images from. */
  readonly imageCatalogRef?: object;
  /** PostgreSQL configuration. */
  readonly postgresql?: { readonly extensions?: readonly ExtensionConfigurationJson[] };
}

/** The part of a catalog spec the extension checks read. */
export interface CatalogSpecJson {
  /** The catalog's images. */
  readonly images?: ReadonlyArray<{ readonly extensions?: readonly ExtensionConfigurationJson[] }>;
}

const PATH_LIST_FIELDS = ['extension_control_path', 'dynamic_library_path', 'ld_library_path', 'bin_path'] as const;

/**
 * The checks CloudNativePG's admission webhook makes on a list of extensions
 * beyond the CRD schema: unique names that stay unique once "_" becomes "-",
 * an image reference unless a catalog supplies it, non-empty lists of unique
 * local paths, no reserved environment variables and no placeholder but
 * `${image_root}`. Names report their first collision; each path list and env
 * value its first problem, as the project's rules stop there.
 */
export function extensionAdmissionIssues(entries: readonly ExtensionConfigurationJson[], context: ExtensionListContext): FieldIssue[] {
  return [
    ...nameIssues(entries, context.path),
    ...entries.flatMap((entry, i) => entryIssues(entry, `${context.path}[${i}]`, context.hasImageCatalog)),
  ];
}

/** Admission issues of a Cluster's `spec.postgresql.extensions`. */
export function clusterAdmissionIssues(cluster: { readonly spec?: ClusterSpecJson }): FieldIssue[] {
  return extensionAdmissionIssues(cluster.spec?.postgresql?.extensions ?? [], {
    path: 'spec.postgresql.extensions',
    hasImageCatalog: cluster.spec?.imageCatalogRef !== undefined,
  });
}

/**
 * Admission issues of the extensions of each image of an ImageCatalog or
 * ClusterImageCatalog. A catalog is where Clusters take images from, so its
 * entries have no catalog behind them and need an image reference. (Unique
 * majors and 1 to 8 images are CRD rules, checked with the schema.)
 */
export function catalogAdmissionIssues(catalog: { readonly spec?: CatalogSpecJson }): FieldIssue[] {
  return (catalog.spec?.images ?? []).flatMap((image, i) =>
    extensionAdmissionIssues(image.extensions ?? [], { path: `spec.images[${i}].extensions`, hasImageCatalog: false }));
}

function nameIssues(entries: readonly ExtensionConfigurationJson[], path: string): FieldIssue[] {
  const collision = findExtensionNameCollision(entries.map((e) => e.name));
  return collision ? [{ path: `${path}[${collision.index}].name`, rule: collision.rule }] : [];
}

function entryIssues(entry: ExtensionConfigurationJson, path: string, hasImageCatalog: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!hasImageCatalog && !entry.image?.reference) {
    issues.push({ path: `${path}.image.reference`, rule: `is required: "${entry.name}" has no image catalog to take its image from` });
  }
  for (const field of PATH_LIST_FIELDS) {
    const paths = entry[field];
    if (paths !== undefined) issues.push(...issuesOf(() => validateImagePaths(paths, `${path}.${field}`)));
  }
  (entry.env ?? []).forEach(({ name, value }, i) => {
    if (isReservedEnvName(name)) issues.push({ path: `${path}.env[${i}].name`, rule: `"${name}" is reserved by CloudNativePG` });
    issues.push(...issuesOf(() => validateEnvValue(value, `${path}.env[${i}].value`)));
  });
  return issues;
}

/**
 * The DefinitionError `validate` throws, as an issue at its own field or at
 * `path`: the project's rules throw at their first problem.
 */
function issuesOf(validate: () => void, path?: string): FieldIssue[] {
  try {
    validate();
    return [];
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    return [{ path: path ?? error.field, rule: error.rule }];
  }
}

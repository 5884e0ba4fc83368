import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { toExtensionSpec } from './catalog-entry';
import { DefinitionError, check } from './definition-error';
import { ExtensionBuildProps, ExtensionImage } from './extension-image';
import { toJson_ClusterSpecPostgresqlExtensions } from './imports/cnpg-postgresql.cnpg.io';

/** Props for a ClusterExtension. */
export interface ClusterExtensionProps {
  /** A CloudNativePG Cluster: any ApiObject of kind Cluster, whichever `cdk8s import` made it. */
  readonly cluster: ApiObject;
  /** The extension to add. */
  readonly extension: ExtensionImage;
  /** A CloudNativePG Database to create the extension in. @default - no Database is changed */
  readonly database?: ApiObject;
  /** The ExtensionImages of the extensions `extension` requires; they are added first. @default [] */
  readonly requires?: ExtensionImage[];
  /** Debian distribution of the Cluster's operand image. @default - the "-<distro>" suffix of the catalog name, else the only distro built for the major */
  readonly distro?: string;
  /** PostgreSQL major of the Cluster. @default - the Cluster's imageCatalogRef.major */
  readonly major?: number;
  /** Image reference of the extension; required when the Cluster uses no image catalog. @default - resolved from the Cluster's image catalog */
  readonly imageReference?: string;
}

const CNPG_API_VERSION = 'postgresql.cnpg.io/v1';

/**
 * Adds an extension to a CloudNativePG Cluster (`.spec.postgresql.extensions`,
 * `shared_preload_libraries`, `parameters`) and, optionally, to a Database
 * (`.spec.extensions`, required extensions first). Works on any Cluster in any
 * Chart: it only adds JSON patches to the objects.
 */
export class ClusterExtension extends Construct {
  /** The build (distro, major, versions) the Cluster gets. */
  public readonly build: ExtensionBuildProps;

  public constructor(scope: Construct, id: string, props: ClusterExtensionProps) {
    super(scope, id);
    const { cluster, extension, database } = props;
    check(cluster.apiVersion === CNPG_API_VERSION && cluster.kind === 'Cluster', 'cluster', `must be a ${CNPG_API_VERSION} Cluster, got ${cluster.apiVersion} ${cluster.kind}`);
    if (database) {
      check(database.apiVersion === CNPG_API_VERSION && database.kind === 'Database', 'database', `must be a ${CNPG_API_VERSION} Database, got ${database.apiVersion} ${database.kind}`);
    }
    const clusterJson = cluster.toJson();
    const catalogRef = clusterJson.spec?.imageCatalogRef;
    const major: number | undefined = props.major ?? catalogRef?.major;
    check(major !== undefined, 'major', `Cluster ${cluster.name} has no imageCatalogRef; set major`);
    check(catalogRef !== undefined || props.imageReference !== undefined, 'imageReference',
      `Cluster ${cluster.name} uses no image catalog, so the extension image reference is required (CloudNativePG rule)`);

    const required = (props.requires ?? []).filter((r) => extension.requiredExtensions.includes(r.name));
    for (const name of extension.requiredExtensions) {
      check(required.some((r) => r.name === name), 'requires', `${extension.name} requires extension "${name}"; pass its ExtensionImage in requires`);
    }
    const distro = props.distro ?? distroOf(extension, major, catalogRef?.name);
    const buildOf = (image: ExtensionImage): ExtensionBuildProps => {
      const build = image.build(distro, major);
      if (!build) throw new DefinitionError('distro', `${image.name} has no build for ${distro}/${major}`);
      return build;
    };
    this.build = buildOf(extension);
    required.forEach(buildOf);

    for (const image of [...required, extension]) {
      addClusterEntry(cluster, image, image === extension ? props.imageReference : undefined, catalogRef !== undefined);
    }
    if (database) {
      for (const image of [...required, extension].filter((i) => i.createExtension)) {
        addDatabaseEntry(database, image, buildOf(image));
      }
    }
  }
}

function distroOf(extension: ExtensionImage, major: number, catalogName: string | undefined): string {
  const distros = extension.builds.filter((b) => b.major === major).map((b) => b.distro);
  const fromCatalog = distros.find((d) => catalogName?.endsWith(`-${d}`));
  if (fromCatalog) return fromCatalog;
  check(distros.length === 1, 'distro', `${extension.name} is built for ${distros.join(', ') || 'no distro'} on PostgreSQL ${major}; set distro`);
  return distros[0];
}

/** JSON patches that create the missing objects and arrays along `path` of `json`. */
function ensurePath(object: ApiObject, path: string[], leaf: 'array' | 'object'): any {
  let node = object.toJson();
  path.forEach((key, i) => {
    if (node[key] === undefined) {
      object.addJsonPatch(JsonPatch.add(pointer(path.slice(0, i + 1)), i === path.length - 1 && leaf === 'array' ? [] : {}));
      node[key] = i === path.length - 1 && leaf === 'array' ? [] : {};
    }
    node = node[key];
  });
  return node;
}

function pointer(path: string[]): string {
  return '/' + path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function addClusterEntry(cluster: ApiObject, image: ExtensionImage, imageReference: string | undefined, fromCatalog: boolean): void {
  const extensionsPath = ['spec', 'postgresql', 'extensions'];
  const existing: any[] = ensurePath(cluster, extensionsPath, 'array');
  if (!existing.some((e) => e.name === image.name)) {
    const entry = fromCatalog && !imageReference
      ? { name: image.name }
      : toJson_ClusterSpecPostgresqlExtensions(toExtensionSpec(image.extensionConfiguration(imageReference)));
    check(fromCatalog || entry!.image?.reference !== undefined, 'imageReference', `${image.name}: the Cluster uses no image catalog, so it needs an image reference`);
    cluster.addJsonPatch(JsonPatch.add(pointer([...extensionsPath, '-']), entry));
  }
  if (image.sharedPreloadLibraries.length > 0) {
    const preload: string[] = ensurePath(cluster, ['spec', 'postgresql', 'shared_preload_libraries'], 'array');
    for (const library of image.sharedPreloadLibraries.filter((l) => !preload.includes(l))) {
      cluster.addJsonPatch(JsonPatch.add('/spec/postgresql/shared_preload_libraries/-', library));
    }
  }
  const parameters = Object.entries(image.postgresqlParameters);
  if (parameters.length > 0) {
    const current: Record<string, string> = ensurePath(cluster, ['spec', 'postgresql', 'parameters'], 'object');
    for (const [name, value] of parameters) {
      if (current[name] === value) continue;
      check(current[name] === undefined, `postgresqlParameters.${name}`, `${image.name} needs ${name}=${value}, but Cluster ${cluster.name} sets "${current[name]}"`);
      cluster.addJsonPatch(JsonPatch.add(pointer(['spec', 'postgresql', 'parameters', name]), value));
    }
  }
}

function addDatabaseEntry(database: ApiObject, image: ExtensionImage, build: ExtensionBuildProps): void {
  const existing: any[] = ensurePath(database, ['spec', 'extensions'], 'array');
  if (existing.some((e) => e.name === image.sqlName)) return;
  database.addJsonPatch(JsonPatch.add('/spec/extensions/-', { name: image.sqlName, version: build.sqlVersion }));
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { toExtensionSpec } from '../model/catalog-entry';
import { DefinitionError, check } from '../model/definition-error';
import { ExtensionImage, ImageBuild } from '../model/extension-image';
import { toJson_ClusterSpecPostgresqlExtensions } from '../imports/cnpg-postgresql.cnpg.io';
import { sortKeysDeep } from '../model/ordering';
import { mergeParameterValue } from '../model/postgresql-parameters';

/** Props for a ClusterExtension. */
export interface ClusterExtensionProps {
  /** A CloudNativePG Cluster: any ApiObject of kind Cluster, whichever `cdk8s import` made it. */
  readonly cluster: ApiObject;
  /** The extension to add. */
  readonly extension: ExtensionImage;
  /** A CloudNativePG Database to create the extension in; parameters such as cron.database_name name it. @default - no Database is changed */
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
 * Chart: it amends the objects' rendered JSON and nothing else.
 */
export class ClusterExtension extends Construct {
  /** The build (distro, major, versions) the Cluster gets. */
  public readonly build: ImageBuild;

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
    const buildOf = (image: ExtensionImage): ImageBuild => {
      const build = image.build(distro, major);
      if (!build) throw new DefinitionError('distro', `${image.name} has no build for ${distro}/${major}`);
      return build;
    };
    this.build = buildOf(extension);
    required.forEach(buildOf);
    const provided = [...required, extension].flatMap((image) => image.components.map((c) => ({ image, sqlName: c.sqlName })));
    provided.forEach(({ image, sqlName }, i) => {
      const earlier = provided.slice(0, i).find((p) => p.sqlName === sqlName);
      check(earlier === undefined, 'extension', `${image.name} and ${earlier?.image.name} both provide extension "${sqlName}"; PostgreSQL would load only the one found first`);
    });

    const present: string[] = (clusterJson.spec?.postgresql?.extensions ?? []).map((e: { name: string }) => e.name);
    for (const image of required) {
      check(catalogRef !== undefined || present.includes(image.name), 'requires',
        `Cluster ${cluster.name} uses no image catalog: add ${image.name} with its own ClusterExtension and imageReference before ${extension.name}`);
      addClusterEntry(cluster, image, undefined, true);
    }
    addClusterEntry(cluster, extension, props.imageReference, catalogRef !== undefined);
    if (database) {
      const databaseName: string | undefined = database.toJson().spec?.name;
      check(databaseName !== undefined, 'database', `Database ${database.name} has no spec.name`);
      for (const image of [...required, extension]) addDatabaseNameParameters(cluster, image, databaseName);
      for (const { component, sqlVersion } of [...required, extension].flatMap((image) => buildOf(image).components)) {
        if (component.createExtension) addDatabaseEntry(database, component.sqlName, sqlVersion);
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

/** Changes to apply to each object's rendered JSON, in order. */
const amendments = new WeakMap<ApiObject, Array<(json: any) => void>>();

/**
 * Registers `change` to run on the object's rendered JSON. It works on the
 * output, in CloudNativePG's own field names, so it applies equally to classes
 * from any `cdk8s import` (whose JSON patches would see camelCase props) and
 * to plain ApiObjects.
 */
function amend(object: ApiObject, change: (json: any) => void): void {
  let changes = amendments.get(object);
  if (!changes) {
    const render = object.toJson.bind(object);
    const registered: Array<(json: any) => void> = [];
    object.toJson = () => {
      const json = render();
      registered.forEach((c) => c(json));
      return sortKeysDeep(json);
    };
    amendments.set(object, registered);
    changes = registered;
  }
  changes.push(change);
}

/** The object at `path` under `json`, created (as {} or [] for the last key) when missing. */
function at(json: any, path: string[], leaf: 'array' | 'object'): any {
  return path.reduce((node, key, i) => {
    node[key] ??= i === path.length - 1 && leaf === 'array' ? [] : {};
    return node[key];
  }, json);
}

function addClusterEntry(cluster: ApiObject, image: ExtensionImage, imageReference: string | undefined, fromCatalog: boolean): void {
  const entry = fromCatalog && !imageReference
    ? { name: image.name }
    : toJson_ClusterSpecPostgresqlExtensions(toExtensionSpec(image.extensionConfiguration(imageReference)))!;
  const current = cluster.toJson().spec?.postgresql ?? {};
  for (const [name, value] of Object.entries(image.postgresqlParameters)) {
    const existing = current.parameters?.[name];
    check(mergeParameterValue(name, existing, value) !== undefined, `postgresqlParameters.${name}`, `${image.name} needs ${name}=${value}, but Cluster ${cluster.name} sets "${existing}"`);
  }
  amend(cluster, (json) => {
    const extensions: any[] = at(json, ['spec', 'postgresql', 'extensions'], 'array');
    if (!extensions.some((e) => e.name === image.name)) extensions.push(entry);
    if (image.sharedPreloadLibraries.length > 0) {
      const preload: string[] = at(json, ['spec', 'postgresql', 'shared_preload_libraries'], 'array');
      preload.push(...image.sharedPreloadLibraries.filter((l) => !preload.includes(l)));
    }
    if (Object.keys(image.postgresqlParameters).length > 0) {
      const parameters = at(json, ['spec', 'postgresql', 'parameters'], 'object');
      for (const [name, value] of Object.entries(image.postgresqlParameters)) {
        const merged = mergeParameterValue(name, parameters[name], value);
        // The Cluster may have changed since the check above.
        if (merged === undefined) throw new DefinitionError(`postgresqlParameters.${name}`, `${image.name} needs ${name}=${value}, but Cluster ${cluster.name} sets "${parameters[name]}"`);
        parameters[name] = merged;
      }
    }
  });
}

/** Sets the image's database name parameters (pg_cron's cron.database_name) to the Database the extensions go to. */
function addDatabaseNameParameters(cluster: ApiObject, image: ExtensionImage, databaseName: string): void {
  if (image.databaseNameParameters.length === 0) return;
  const current = cluster.toJson().spec?.postgresql?.parameters ?? {};
  for (const name of image.databaseNameParameters) {
    check(mergeParameterValue(name, current[name], databaseName) !== undefined, `databaseNameParameters`,
      `${image.name} is created in database "${databaseName}", so ${name} must name it, but Cluster ${cluster.name} sets "${current[name]}"`);
  }
  amend(cluster, (json) => {
    const parameters = at(json, ['spec', 'postgresql', 'parameters'], 'object');
    for (const name of image.databaseNameParameters) parameters[name] = databaseName;
  });
}

function addDatabaseEntry(database: ApiObject, sqlName: string, sqlVersion: string): void {
  amend(database, (json) => {
    const extensions: any[] = at(json, ['spec', 'extensions'], 'array');
    if (!extensions.some((e) => e.name === sqlName)) extensions.push({ name: sqlName, version: sqlVersion });
  });
}

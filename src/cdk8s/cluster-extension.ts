import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { toJson_ClusterSpecPostgresqlExtensions } from '../imports/cnpg-postgresql.cnpg.io';
import { toExtensionSpec } from '../model/catalog-entry';
import { DefinitionError, check } from '../model/definition-error';
import { ExtensionImage, ImageBuild, upgradesOf } from '../model/extension-image';
import { findExtensionNameCollision } from '../model/extension-name';
import { sortKeysDeep } from '../model/ordering';
import { mergeParameters } from '../model/postgresql-parameters';
import { formatIssues, markManifestValidated, validateManifest } from '../validation/manifest-validation';

/** Props for a ClusterExtension. */
export interface ClusterExtensionProps {
  /** A CloudNativePG Cluster: any ApiObject of kind Cluster, whichever `cdk8s import` made it. */
  readonly cluster: ApiObject;
  /** The extension to add. */
  readonly extension: ExtensionImage;
  /** A CloudNativePG Database of the same Cluster and namespace to create the extension in; parameters such as cron.database_name name it. @default - no Database is changed */
  readonly database?: ApiObject;
  /** The ExtensionImages of the extensions `extension` requires; they are added first. @default [] */
  readonly requires?: ExtensionImage[];
  /** Debian distribution of the Cluster's operand image. @default - the "-<distro>" suffix of the catalog name, else the only distro built for the major */
  readonly distro?: string;
  /** PostgreSQL major of the Cluster, 18 or later. @default - the Cluster's imageCatalogRef.major */
  readonly major?: number;
  /** Image reference of the extension, not empty; required when the Cluster uses no image catalog. @default - resolved from the Cluster's image catalog */
  readonly imageReference?: string;
}

/**
 * A ClusterExtension that would write a wrong Cluster or Database. Its
 * message names the construct, the field and the rule.
 *
 * TypeScript only (see DefinitionError).
 *
 * @jsii ignore
 */
export class ClusterExtensionError extends DefinitionError {
  /** Creates an error for the ClusterExtension at `constructPath`, whose `field` breaks `rule`. */
  public constructor(public readonly constructPath: string, field: string, rule: string) {
    super(field, rule);
    this.message = `${constructPath}: ${field}: ${rule}`;
    this.name = 'ClusterExtensionError';
  }
}

const CNPG_API_VERSION = 'postgresql.cnpg.io/v1';
/** The first PostgreSQL major with `extension_control_path`, without which CloudNativePG cannot load an extension from an image. */
const MIN_MAJOR = 18;

/**
 * Adds an extension to a CloudNativePG Cluster (`.spec.postgresql.extensions`,
 * `shared_preload_libraries`, `parameters`) and, optionally, to a Database
 * (`.spec.extensions`, required extensions first). Works on any Cluster in any
 * Chart: it amends the objects' rendered JSON and nothing else.
 *
 * What is wrong when it is created throws a ClusterExtensionError. What can go
 * wrong later (the Cluster changed, a catalog added) fails synthesis: the
 * objects it amends are validated like `addManifestValidationToAll` does, each
 * issue blamed on the construct at fault.
 */
export class ClusterExtension extends Construct {
  /** The build (distro, major, versions) the Cluster gets. */
  public readonly imageBuild: ImageBuild;
  private readonly cluster: ApiObject;
  private readonly database?: ApiObject;
  private readonly builds: ImageBuild[];

  public constructor(scope: Construct, id: string, props: ClusterExtensionProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.database = props.database;
    const plan = blamed(this, () => planOf(props));
    this.imageBuild = plan.builds[plan.builds.length - 1];
    this.builds = plan.builds;
    apply(this, plan);
    membersOf(this.cluster).push({ construct: this, images: plan.images });
    this.node.addValidation({ validate: () => this.problems() });
  }

  /** What is wrong at synthesis, each line `<field>: <rule>`; the construct path is cdk8s's prefix. */
  private problems(): string[] {
    // Each object rendered once for all the checks: a rendering applies every ClusterExtension's changes.
    const cluster = changesOf(this.cluster, this);
    const database = this.database ? changesOf(this.database, this) : undefined;
    const own = [
      ...(this.database && database ? databaseProblems(this.cluster, cluster.written, this.database, database.written) : []),
      ...(database ? versionProblems(database.written, this.builds) : []),
      ...majorProblems(cluster.written, this.imageBuild.major),
      ...catalogProblems(this, cluster, this.imageBuild),
    ].map((p) => `${p.field}: ${p.rule}`);
    return [...own, ...cluster.problems, ...(database?.problems ?? [])];
  }
}

/** A field that breaks a rule. */
interface Problem {
  readonly field: string;
  readonly rule: string;
}

/** What a ClusterExtension adds, worked out and checked before anything is changed. */
interface Plan {
  readonly cluster: ApiObject;
  /** The required images, then the extension. */
  readonly images: ExtensionImage[];
  /** The build of each image, in the same order. */
  readonly builds: ImageBuild[];
  /** The Cluster entry of each image, in the same order. */
  readonly entries: ClusterEntry[];
  /** The Database and its `spec.name`, when one is given. */
  readonly database?: { readonly object: ApiObject; readonly name: string };
}

/** An entry of `spec.postgresql.extensions`, in CloudNativePG's field names. */
interface ClusterEntry {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** The part of `spec.imageCatalogRef` read here. */
interface CatalogRef {
  readonly kind?: string;
  readonly name?: string;
  readonly major?: number;
}

/** Runs `fn`, naming the construct in the DefinitionErrors it throws. */
function blamed<T>(construct: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DefinitionError && !(error instanceof ClusterExtensionError)) {
      throw new ClusterExtensionError(construct.node.path, error.field, error.rule);
    }
    throw error;
  }
}

/** Throws the first problem. */
function checkNone(problems: readonly Problem[]): void {
  const [first] = problems;
  if (first) throw new DefinitionError(first.field, first.rule);
}

/** Every check that can be made when the ClusterExtension is created, before anything changes. */
function planOf(props: ClusterExtensionProps): Plan {
  const { cluster, extension, database } = props;
  checkKind(cluster, 'Cluster', 'cluster');
  if (database) checkKind(database, 'Database', 'database');
  // Rendered once for every check: a rendering applies every earlier ClusterExtension's changes.
  const clusterJson = cluster.toJson();
  const catalogRef: CatalogRef | undefined = clusterJson.spec?.imageCatalogRef;
  const major = majorOf(cluster, props.major, catalogRef);
  checkImageReference(cluster, extension, props.imageReference, catalogRef);
  const images = [...requiredImages(extension, props.requires ?? []), extension];
  const distro = distroOf(cluster, extension, major, props.distro, catalogRef?.name);
  const builds = images.map((image) => buildOf(image, distro, major));
  checkProvidedOnce(cluster, images);
  // A required image comes by name: from the catalog, or from the entry its own ClusterExtension wrote first.
  const entries = images.map((image) => (image === extension
    ? entryOf(image, props.imageReference, catalogRef !== undefined)
    : { name: image.name }));
  checkEntries(cluster, clusterJson, entries, catalogRef !== undefined, extension.name);
  images.forEach((image) => checkParameters(cluster, clusterJson, image));
  if (!database) return { cluster, images, builds, entries };
  const databaseJson = database.toJson();
  checkNone(databaseProblems(cluster, clusterJson, database, databaseJson));
  checkNone(versionProblems(databaseJson, builds));
  const name: string = databaseJson.spec.name;
  images.forEach((image) => checkDatabaseNameParameters(cluster, clusterJson, image, name));
  return { cluster, images, builds, entries, database: { object: database, name } };
}

function checkKind(object: ApiObject, kind: string, field: string): void {
  check(object.apiVersion === CNPG_API_VERSION && object.kind === kind, field, `must be a ${CNPG_API_VERSION} ${kind}, got ${object.apiVersion} ${object.kind}`);
}

/** The Cluster's major: the one given must agree with its catalog's, and be one that can mount extension images. */
function majorOf(cluster: ApiObject, given: number | undefined, catalogRef: CatalogRef | undefined): number {
  const fromCatalog = catalogRef?.major;
  check(given === undefined || fromCatalog === undefined || given === fromCatalog, 'major',
    `is ${given}, but Cluster ${cluster.name} runs PostgreSQL ${fromCatalog} (spec.imageCatalogRef.major); the extension would be built for the wrong major`);
  const major = given ?? fromCatalog;
  check(major !== undefined, 'major', `Cluster ${cluster.name} has no imageCatalogRef; set major`);
  check(major >= MIN_MAJOR, given !== undefined ? 'major' : 'cluster.spec.imageCatalogRef.major',
    `Cluster ${cluster.name} runs PostgreSQL ${major}, but image volume extensions need PostgreSQL ${MIN_MAJOR} or later (extension_control_path); no distro or image reference can change that`);
  return major;
}

function checkImageReference(cluster: ApiObject, extension: ExtensionImage, reference: string | undefined, catalogRef: CatalogRef | undefined): void {
  check(reference === undefined || reference.trim() !== '', 'imageReference',
    `is empty, so CloudNativePG would have no image to mount for ${extension.name}; give its image, or leave imageReference out to take it from the Cluster's image catalog`);
  check(catalogRef !== undefined || reference !== undefined, 'imageReference',
    `Cluster ${cluster.name} uses no image catalog, so the extension image reference is required (CloudNativePG rule)`);
}

function requiredImages(extension: ExtensionImage, requires: readonly ExtensionImage[]): ExtensionImage[] {
  const required = requires.filter((r) => extension.requiredExtensions.includes(r.name));
  for (const name of extension.requiredExtensions) {
    check(required.some((r) => r.name === name), 'requires', `${extension.name} requires extension "${name}"; pass its ExtensionImage in requires`);
  }
  return required;
}

/** The distro given, or the one the catalog name or the builds imply; a given one must not contradict the catalog name. */
function distroOf(cluster: ApiObject, extension: ExtensionImage, major: number, given: string | undefined, catalogName: string | undefined): string {
  const known = [...new Set(extension.builds.map((b) => b.distro))];
  const named = known.find((d) => catalogName?.endsWith(`-${d}`));
  check(given === undefined || named === undefined || given === named, 'distro',
    `is "${given}", but Cluster ${cluster.name} takes its images from catalog ${catalogName}, which is for ${named}; an extension must match its operand's distro`);
  if (given !== undefined) return given;
  const distros = extension.builds.filter((b) => b.major === major).map((b) => b.distro);
  check(distros.length > 0, 'extension',
    `${extension.name} has no build for PostgreSQL ${major} (it has ${extension.builds.map((b) => `${b.distro}/${b.major}`).join(', ') || 'none'}); add one to its definition and versions lock`);
  if (named && distros.includes(named)) return named;
  check(distros.length === 1, 'distro', `${extension.name} is built for ${distros.join(', ')} on PostgreSQL ${major}, and ${catalogName ? `catalog name ${catalogName} ends in none of them` : 'the Cluster names no catalog'}; set distro to the Cluster's`);
  return distros[0];
}

function buildOf(image: ExtensionImage, distro: string, major: number): ImageBuild {
  const build = image.buildFor(distro, major);
  check(build !== undefined, 'distro', `${image.name} has no build for ${distro}/${major}`);
  return build;
}

/**
 * Each SQL extension comes from one image per Cluster, across every
 * ClusterExtension on it: PostgreSQL loads the first it finds in
 * extension_control_path, so a second copy would be mounted and never used.
 */
function checkProvidedOnce(cluster: ApiObject, images: readonly ExtensionImage[]): void {
  const sqlNames = (image: ExtensionImage, addedBy?: string) => image.components.map((c) => ({ image, sqlName: c.sqlName, addedBy }));
  const earlier = membersOf(cluster).flatMap((m) => m.images.flatMap((image) => sqlNames(image, m.construct.node.path)));
  const provided = [...earlier, ...images.flatMap((image) => sqlNames(image))];
  provided.slice(earlier.length).forEach(({ image, sqlName }, i) => {
    const other = provided.slice(0, earlier.length + i).find((p) => p.sqlName === sqlName && p.image.name !== image.name);
    const where = other?.addedBy ? ` (${other.image.name} is added by ClusterExtension ${other.addedBy})` : '';
    check(other === undefined, 'extension', `${image.name} and ${other?.image.name} both provide SQL extension "${sqlName}" to Cluster ${cluster.name}${where}; `
      + 'a Cluster may take each SQL extension from one image only, as PostgreSQL loads the first it finds in extension_control_path');
  });
}

/** The Cluster entry of an image: its name when a catalog supplies the rest, else the full ExtensionConfiguration. */
function entryOf(image: ExtensionImage, imageReference: string | undefined, fromCatalog: boolean): ClusterEntry {
  if (fromCatalog && !imageReference) return { name: image.name };
  return toJson_ClusterSpecPostgresqlExtensions(toExtensionSpec(image.extensionConfiguration(imageReference))) as ClusterEntry;
}

/** A name-only entry asks only that the extension be there; any other must be the entry the Cluster ends up with. */
function conflictsWith(entry: ClusterEntry, existing: ClusterEntry): boolean {
  return Object.keys(entry).length > 1 && JSON.stringify(sortKeysDeep(entry)) !== JSON.stringify(sortKeysDeep(existing));
}

/** New names must not clash with the Cluster's, and an entry already there must be the one this ClusterExtension would write. */
function checkEntries(cluster: ApiObject, clusterJson: any, entries: readonly ClusterEntry[], hasCatalog: boolean, extensionName: string): void {
  const present: ClusterEntry[] = entriesOf(clusterJson);
  const names = present.map((e) => e.name);
  const addedBy = (name: string) => setterOf(cluster, (json) => entriesOf(json).some((e) => e.name === name));
  for (const entry of entries) {
    const existing = present.find((e) => e.name === entry.name);
    if (existing) {
      // Who added an entry is worked out only for the message: it renders the Cluster after each step.
      if (conflictsWith(entry, existing)) {
        throw new DefinitionError('extension', `Cluster ${cluster.name} already has a different "${entry.name}" entry (from ${addedBy(entry.name)}); `
          + 'CloudNativePG keeps one entry per name, so this one would be lost');
      }
      continue;
    }
    check(hasCatalog || Object.keys(entry).length > 1, 'requires',
      `Cluster ${cluster.name} uses no image catalog: add ${entry.name} with its own ClusterExtension and imageReference before ${extensionName}`);
    const collision = findExtensionNameCollision([...names, entry.name]);
    if (collision) throw new DefinitionError('extension', `${collision.rule} (Cluster ${cluster.name} has "${names[collision.earlier]}" from ${addedBy(names[collision.earlier])})`);
    names.push(entry.name);
  }
}

function checkParameters(cluster: ApiObject, clusterJson: any, image: ExtensionImage): void {
  const [conflict] = mergeParameters(parametersOf(clusterJson), image.postgresqlParameters).conflicts;
  if (!conflict) return;
  const { name, current, added } = conflict;
  check(false, `postgresqlParameters.${name}`,
    `${image.name} needs ${name}=${added}, but ${setterOf(cluster, (json) => parametersOf(json)[name])} sets "${current}"`);
}

function checkDatabaseNameParameters(cluster: ApiObject, clusterJson: any, image: ExtensionImage, databaseName: string): void {
  const [conflict] = mergeParameters(parametersOf(clusterJson), databaseNameParameters(image, databaseName)).conflicts;
  if (!conflict) return;
  const { name, current } = conflict;
  check(false, 'databaseNameParameters',
    `${image.name} is created in database "${databaseName}", so ${name} must name it, but ${setterOf(cluster, (json) => parametersOf(json)[name])} sets "${current}"`);
}

/** The image's database name parameters (pg_cron's cron.database_name), each set to `databaseName`. */
function databaseNameParameters(image: ExtensionImage, databaseName: string): Record<string, string> {
  return Object.fromEntries(image.databaseNameParameters.map((name) => [name, databaseName]));
}

/**
 * A Database creates extensions in the Cluster its `spec.cluster.name` names,
 * in its own namespace: any other would get the parameters (cron.database_name)
 * and the image while the extension is created elsewhere. Namespaces are
 * compared only when both are set, as an unset one is the one applied to.
 */
function databaseProblems(cluster: ApiObject, clusterJson: any, database: ApiObject, json: any): Problem[] {
  const problems: Problem[] = [];
  const clusterName = json.spec?.cluster?.name;
  if (clusterName !== cluster.name) {
    problems.push({ field: 'database.spec.cluster.name', rule: `Database ${database.name} belongs to Cluster "${clusterName}", not to Cluster ${cluster.name}, which the extension is added to` });
  }
  const namespace = json.metadata?.namespace;
  const clusterNamespace = clusterJson.metadata?.namespace;
  if (namespace !== undefined && clusterNamespace !== undefined && namespace !== clusterNamespace) {
    problems.push({ field: 'database.metadata.namespace', rule: `Database ${database.name} is in namespace "${namespace}", but Cluster ${cluster.name} is in "${clusterNamespace}"; a Database reaches only a Cluster of its own namespace` });
  }
  if (json.spec?.name === undefined) problems.push({ field: 'database', rule: `Database ${database.name} has no spec.name` });
  return problems;
}

/** How many versions a message lists before it counts the rest. */
const LISTED_VERSIONS = 12;

/**
 * An extension the Database already lists, for an image this ClusterExtension
 * mounts, must be at the SQL version the image installs: CloudNativePG runs
 * `CREATE EXTENSION ... VERSION` or `ALTER EXTENSION ... UPDATE TO` that
 * version, and the image holds the scripts of its own version only, with
 * update scripts leading to it. Entries with `ensure: absent` are left alone.
 */
function versionProblems(database: any, builds: readonly ImageBuild[]): Problem[] {
  const listed: any[] = database.spec?.extensions ?? [];
  return builds.flatMap((build) => upgradesOf(build).flatMap((u) => listed.flatMap((entry, i) => {
    if (entry?.name !== u.sqlName || entry.ensure === 'absent' || entry.version === undefined || String(entry.version) === u.version) return [];
    const version = String(entry.version);
    const list = (versions: readonly string[]) => (versions.length > LISTED_VERSIONS
      ? `${versions.slice(0, LISTED_VERSIONS).join(', ')} and ${versions.length - LISTED_VERSIONS} more`
      : versions.join(', '));
    const route = u.from === undefined
      ? `whether a database at ${version} can be updated to it is unknown (${u.unresolved})`
      : u.from.includes(version)
        ? `a database at ${version} reaches it with ALTER EXTENSION ${u.sqlName} UPDATE: set version to "${u.version}"`
        : u.from.length
          ? `its update scripts reach ${u.version} only from ${list(u.from)}, so a database at ${version} cannot be updated with it`
          : `it ships no update script to ${u.version}, so a database at ${version} cannot be updated with it`;
    return [{
      field: `database.spec.extensions[${i}].version`,
      rule: `is "${version}", but the ${build.distro}/${build.major} image installs and reaches only SQL version ${u.version} of ${u.sqlName}; ${route}`,
    }];
  })));
}

/** The Cluster must still run the major the extension was built for. */
function majorProblems(cluster: any, major: number): Problem[] {
  const current = cluster.spec?.imageCatalogRef?.major;
  return current === undefined || current === major ? [] : [{
    field: 'cluster.spec.imageCatalogRef.major',
    rule: `is ${current}, but the extension was added for PostgreSQL ${major}; add it again for the new major`,
  }];
}

/**
 * When the catalog the Cluster names is in the same App (an OperandImageCatalog's,
 * or any ImageCatalog or ClusterImageCatalog object), it must carry, for the
 * Cluster's major, each extension this ClusterExtension enabled by name only;
 * CloudNativePG would otherwise find no image for it.
 */
function catalogProblems(construct: ClusterExtension, cluster: Changes, build: ImageBuild): Problem[] {
  const json = cluster.written;
  const ref: CatalogRef | undefined = json.spec?.imageCatalogRef;
  if (ref?.major === undefined) return [];
  const byName = entriesOf(json)
    .filter((e) => cluster.namesAdded.includes(e.name) && !(e.image as { reference?: string } | undefined)?.reference)
    .map((e) => e.name);
  return catalogsNamed(construct.node.root, ref, json.metadata?.namespace)
    .flatMap((catalog) => catalogLacks(catalog, ref.major!, byName, build.distro));
}

/** The catalog objects in the App with the kind and name `ref` gives; an ImageCatalog must also be in the Cluster's namespace. */
function catalogsNamed(root: IConstruct, ref: CatalogRef, namespace: string | undefined): ApiObject[] {
  return root.node.findAll().filter(ApiObject.isApiObject).filter((o) =>
    o.apiVersion === CNPG_API_VERSION && o.kind === ref.kind && o.name === ref.name
    && (o.kind !== 'ImageCatalog' || o.metadata.namespace === undefined || namespace === undefined || o.metadata.namespace === namespace));
}

function catalogLacks(catalog: ApiObject, major: number, names: readonly string[], distro: string): Problem[] {
  const json = catalog.toJson();
  const where = `${catalog.kind} ${catalog.name} (${catalog.node.path})`;
  const image = (json.spec?.images ?? []).find((i: { major?: number }) => i.major === major);
  const os: string | undefined = json.metadata?.labels?.['images.cnpg.io/os'];
  const problems: Problem[] = os !== undefined && os !== distro && names.length > 0
    ? [{ field: 'distro', rule: `is ${distro}, but catalog ${where} holds ${os} operand images; an extension must match its operand's distro` }]
    : [];
  const lacking = names.filter((name) => !(image?.extensions ?? []).some((e: { name?: string }) => e.name === name));
  return [...problems, ...lacking.map((name) => ({
    field: 'extension',
    rule: `catalog ${where} has no extension "${name}" for major ${major}${image ? '' : ' (it has no image for that major)'}, `
      + 'so CloudNativePG would find no image for it; add its CatalogEntry to the catalog, or give imageReference',
  }))];
}

/** A ClusterExtension on a Cluster, and the images it added. */
interface Member {
  readonly construct: ClusterExtension;
  readonly images: ExtensionImage[];
}

/** The ClusterExtensions of each Cluster, in the order they were added. */
const members = new WeakMap<ApiObject, Member[]>();

function membersOf(cluster: ApiObject): Member[] {
  let list = members.get(cluster);
  if (!list) {
    list = [];
    members.set(cluster, list);
  }
  return list;
}

/** What a ClusterExtension did to an object, worked out from one rendering. */
interface Changes {
  /** The object as written, after every ClusterExtension's changes. */
  readonly written: any;
  /** What its changes could not apply, and the manifest issues that appear with them, one line each. */
  readonly problems: string[];
  /** Names of the extension entries its changes added. */
  readonly namesAdded: string[];
}

/** What `owner` did to `object`: nothing, unless a ClusterExtension amends the object. */
function changesOf(object: ApiObject, owner: ClusterExtension): Changes {
  return AmendedObject.find(object)?.changesOf(owner) ?? { written: object.toJson(), problems: [], namesAdded: [] };
}

/** Who made a value of an object what it is: the object itself, or the ClusterExtension that last changed it. */
function setterOf(object: ApiObject, read: (json: any) => unknown): string {
  return AmendedObject.find(object)?.setterOf(read) ?? `${object.kind} ${object.name}`;
}

function entriesOf(json: any): ClusterEntry[] {
  return json.spec?.postgresql?.extensions ?? [];
}

function parametersOf(json: any): Record<string, string> {
  return json.spec?.postgresql?.parameters ?? {};
}

/**
 * A change to an object's rendered JSON. It reports what it cannot apply,
 * rather than throwing from `toJson()`, so that synthesis lists it with every
 * other problem.
 */
type Change = (json: any, report: (field: string, rule: string) => void) => void;

/** Registers what the ClusterExtension adds; every check passed already. */
function apply(construct: ClusterExtension, plan: Plan): void {
  const cluster = AmendedObject.of(plan.cluster);
  plan.images.forEach((image, i) => cluster.add(construct, addToCluster(image, plan.entries[i])));
  if (!plan.database) return;
  const { object, name } = plan.database;
  plan.images
    .filter((image) => image.databaseNameParameters.length > 0)
    .forEach((image) => cluster.add(construct, setDatabaseNameParameters(image, name)));
  const database = AmendedObject.of(object);
  for (const { component, sqlVersion } of plan.builds.flatMap((b) => b.components)) {
    if (component.createExtension) database.add(construct, addDatabaseEntry(component.sqlName, sqlVersion));
  }
}

/** The object at `path` under `json`, created (as {} or [] for the last key) when missing. */
function at(json: any, path: string[], leaf: 'array' | 'object'): any {
  return path.reduce((node, key, i) => {
    node[key] ??= i === path.length - 1 && leaf === 'array' ? [] : {};
    return node[key];
  }, json);
}

function addToCluster(image: ExtensionImage, entry: ClusterEntry): Change {
  return (json, report) => {
    const extensions: ClusterEntry[] = at(json, ['spec', 'postgresql', 'extensions'], 'array');
    const existing = extensions.find((e) => e.name === image.name);
    if (!existing) extensions.push(entry);
    // The Cluster may have changed since the ClusterExtension checked it.
    else if (conflictsWith(entry, existing)) report('spec.postgresql.extensions', `has a different "${image.name}" entry; CloudNativePG keeps one entry per name, so this one is lost`);
    if (image.sharedPreloadLibraries.length > 0) {
      const preload: string[] = at(json, ['spec', 'postgresql', 'shared_preload_libraries'], 'array');
      preload.push(...image.sharedPreloadLibraries.filter((l) => !preload.includes(l)));
    }
    if (Object.keys(image.postgresqlParameters).length === 0) return;
    const parameters = at(json, ['spec', 'postgresql', 'parameters'], 'object');
    const { merged, conflicts } = mergeParameters(parameters, image.postgresqlParameters);
    Object.assign(parameters, merged);
    for (const { name, current, added } of conflicts) {
      report(`spec.postgresql.parameters.${name}`, `${image.name} needs ${name}=${added}, but the Cluster sets "${current}"`);
    }
  };
}

/** Sets the image's database name parameters (pg_cron's cron.database_name) to the Database the extensions go to. */
function setDatabaseNameParameters(image: ExtensionImage, databaseName: string): Change {
  return (json, report) => {
    if (image.databaseNameParameters.length === 0) return;
    const parameters = at(json, ['spec', 'postgresql', 'parameters'], 'object');
    const { merged, conflicts } = mergeParameters(parameters, databaseNameParameters(image, databaseName));
    Object.assign(parameters, merged);
    for (const { name, current } of conflicts) {
      report(`spec.postgresql.parameters.${name}`, `${image.name} is created in database "${databaseName}", so ${name} must name it, but the Cluster sets "${current}"`);
    }
  };
}

function addDatabaseEntry(sqlName: string, sqlVersion: string): Change {
  return (json) => {
    const extensions: any[] = at(json, ['spec', 'extensions'], 'array');
    if (!extensions.some((e) => e.name === sqlName)) extensions.push({ name: sqlName, version: sqlVersion });
  };
}

/** One ClusterExtension's change to an object. */
interface Step {
  readonly owner: ClusterExtension;
  readonly change: Change;
}

/** A rendering of an amended object after some of its steps, and what those steps reported. */
interface Rendering {
  readonly json: any;
  readonly reports: ReadonlyArray<{ readonly owner: ClusterExtension; readonly line: string }>;
}

/** The amended form of each object. */
const amendedObjects = new WeakMap<ApiObject, AmendedObject>();

/**
 * An object ClusterExtensions change: its own rendering, then each
 * ClusterExtension's changes in the order they were added. It works on the
 * output, in CloudNativePG's own field names, so it applies equally to classes
 * from any `cdk8s import` (whose JSON patches would see camelCase props) and
 * to plain ApiObjects.
 *
 * It validates the object as written, as `addManifestValidationToAll` would,
 * and when that has issues, blames each on its cause: issues of the object's
 * own rendering on the object, an issue that appears with a
 * ClusterExtension's changes on that ClusterExtension. Each issue is reported
 * once, however many ClusterExtensions change the object.
 */
class AmendedObject {
  /** The amended form of `object`, made on first use. */
  public static of(object: ApiObject): AmendedObject {
    let amended = amendedObjects.get(object);
    if (!amended) {
      amended = new AmendedObject(object);
      amendedObjects.set(object, amended);
    }
    return amended;
  }

  /** The amended form of `object`, if a ClusterExtension changed it. */
  public static find(object: ApiObject): AmendedObject | undefined {
    return amendedObjects.get(object);
  }

  private readonly steps: Step[] = [];
  private readonly renderOwn: () => any;

  private constructor(private readonly object: ApiObject) {
    this.renderOwn = object.toJson.bind(object);
    // What a step could not apply is left as the object has it; validation reports it.
    object.toJson = () => this.render(this.steps.length).json;
    object.node.addValidation({ validate: () => this.ownIssues() });
    // Its issues are all reported here, each blamed on its cause; addManifestValidationToAll would repeat them.
    markManifestValidated(object);
  }

  /** Adds `owner`'s change after every earlier one. */
  public add(owner: ClusterExtension, change: Change): void {
    this.steps.push({ owner, change });
  }

  /** What `owner`'s changes did, from one rendering of the object. */
  public changesOf(owner: ClusterExtension): Changes {
    const { first, end } = this.span(owner);
    const [before, after, written] = this.renderings([first, end, this.steps.length]);
    const earlierNames = entriesOf(before.json).map((e) => e.name);
    const namesAdded = entriesOf(after.json).map((e) => e.name).filter((name) => !earlierNames.includes(name));
    const reported = after.reports.filter((r) => r.owner === owner).map((r) => r.line);
    // Who caused an issue matters only when the object as written has one.
    if (end === 0 || this.issuesOf(written.json).length === 0) return { written: written.json, problems: reported, namesAdded };
    const earlier = new Set(this.issuesOf(before.json));
    return { written: written.json, problems: [...reported, ...this.issuesOf(after.json).filter((line) => !earlier.has(line))], namesAdded };
  }

  /** The object or the ClusterExtension whose step last changed what `read` reads. */
  public setterOf(read: (json: any) => unknown): string {
    const valueAfter = (count: number) => JSON.stringify(read(this.render(count).json) ?? null);
    const final = valueAfter(this.steps.length);
    let count = this.steps.length;
    while (count > 0 && valueAfter(count - 1) === final) count--;
    return count === 0 ? `${this.object.kind} ${this.object.name}` : `ClusterExtension ${this.steps[count - 1].owner.node.path}`;
  }

  /** The manifest issues of the object's own rendering, when the object as written has any (a change may have resolved them). */
  private ownIssues(): string[] {
    const [own, written] = this.renderings([0, this.steps.length]);
    return this.issuesOf(written.json).length === 0 ? [] : this.issuesOf(own.json);
  }

  /** Where `owner`'s steps are: they are contiguous, as a ClusterExtension makes all of them when it is created. */
  private span(owner: ClusterExtension): { first: number; end: number } {
    const first = this.steps.findIndex((s) => s.owner === owner);
    return first < 0 ? { first: 0, end: 0 } : { first, end: this.steps.map((s) => s.owner).lastIndexOf(owner) + 1 };
  }

  /** The object's JSON after its first `count` steps, keys sorted as cdk8s renders them. */
  private render(count: number): Rendering {
    return this.renderings([count])[0];
  }

  /**
   * The renderings after the first `counts[i]` steps (ascending), from one
   * rendering of the object's own: each step is applied once, and a sorted
   * copy taken at each count.
   */
  private renderings(counts: readonly number[]): Rendering[] {
    const json = this.renderOwn();
    const reports: Array<{ owner: ClusterExtension; line: string }> = [];
    const prefix = `${this.object.kind}/${this.object.name}`;
    const result: Rendering[] = [];
    let applied = 0;
    for (const count of counts) {
      for (; applied < count; applied++) {
        const { owner, change } = this.steps[applied];
        change(json, (field, rule) => reports.push({ owner, line: `${prefix}: ${field}: ${rule}` }));
      }
      result.push({ json: sortKeysDeep(json), reports: [...reports] });
    }
    return result;
  }

  /** Manifest issues of a rendering, one line each: `<Kind/name>: <field>: <rule>` (validateManifest validates a rendering once). */
  private issuesOf(json: object): string[] {
    return formatIssues(validateManifest(json));
  }
}

import { App, Chart, Yaml } from 'cdk8s';
import { chainsawSuiteWithObjects } from './chainsaw-suite';
import { validateConstructs } from './construct-validation';
import { extensionExample } from './extension-example';
import { OutputCache, cachedFiles, libraryFingerprint } from './output-cache';
import { OperandImageCatalog } from '../cdk8s/operand-image-catalog';
import { CatalogEntry, DEFAULT_REGISTRY } from '../model/catalog-entry';
import { DefinitionError } from '../model/definition-error';
import { ExtensionDefinition, ExtensionImage, ImageBuild } from '../model/extension-image';
import { findExtensionNameCollision } from '../model/extension-name';
import { ImagesLock, pinnedReference } from '../model/images-lock';
import { OperandCatalog, OperandCatalogDocument, OperandImage } from '../model/operand-catalog';
import { compareCodePoints } from '../model/ordering';
import { TagPolicy } from '../model/tag-policy';
import { VersionsLock, VersionsLockEntry } from '../model/versions-lock';
import { BakeTarget, renderBakeFile } from '../render/bake-file';
import { BUILD_SCRIPT_FILE, renderBuildScript } from '../render/build-script';
import { CodeownersRule, distinctOwners, renderCodeowners } from '../render/codeowners';
import { bakeTargetName, extensionBakeFile, extensionBakeTarget, targetInputs } from '../render/extension-bake';
import { renderExtensionDockerfile } from '../render/extension-dockerfile';
import { renderExtensionReadme } from '../render/extension-readme';
import { renderKustomization } from '../render/kustomization';
import { crdDigest, formatIssues, validateManifest } from '../validation/manifest-validation';

/** An extension definition and the file it came from. */
export interface ExtensionDefinitionSource {
  /** Path of the definition file, as shown in errors (e.g. "extensions/pgvector.ts"). */
  readonly file: string;
  /** The definition. */
  readonly props: ExtensionDefinition;
}

/** Props for synthesizing a repository of extension images. */
export interface ExtensionRepositoryProps {
  /** The definitions, one per file. */
  readonly definitions: readonly ExtensionDefinitionSource[];
  /** The operand images extensions are built against. */
  readonly operands: OperandCatalog;
  /** The exact package versions of every build (`extensions/versions.lock.json`). */
  readonly versionsLock: VersionsLock;
  /** Source repository URL recorded in image labels. */
  readonly source: string;
  /** Registry and namespace of the images. @default DEFAULT_REGISTRY */
  readonly registry?: string;
  /** Tag convention. @default TagPolicy.DEFAULT */
  readonly tagPolicy?: TagPolicy;
  /** Distro examples and Dockerfile defaults use when an extension is built for it. @default "trixie" */
  readonly preferredDistro?: string;
  /** Directory of the output, relative to the repository root; bake contexts are relative to the root. @default "generated" */
  readonly outdir?: string;
  /** What `publish` pushed: catalogs pin each target whose inputs are unchanged by digest. @default - none: rolling tags */
  readonly imagesLock?: ImagesLock;
  /** Directory of the cache of validated per-extension outputs: synthesize() renders only the extensions whose inputs changed. @default - no cache: every extension is rendered and validated */
  readonly cacheDirectory?: string;
}

/** Generated files that hold complete CloudNativePG objects (Chainsaw asserts are partial on purpose). */
const CNPG_MANIFESTS = /^(catalogs\/(.*\/)?catalog-[^/]*\.yaml$|examples\/|tests\/[^/]+\/(cluster|database)\.yaml$)/;

/** Where the catalogs go, under the output directory, and where the operand catalogs they patch go under it. */
export const CATALOGS_DIR = 'catalogs';
const OPERANDS_DIR = 'operands';

/**
 * Names an extension cannot take, and why: the bake file's group, and the
 * folders of the output directory that every extension shares (an extension's
 * own files go to `<outdir>/<name>/`).
 */
const RESERVED_NAMES: ReadonlyMap<string, string> = new Map([
  ['default', 'bake group'],
  ['examples', 'shared output folder'],
  ['tests', 'shared output folder'],
  [CATALOGS_DIR, 'shared output folder'],
]);

/**
 * All extension images of a repository, validated together, and everything
 * they synthesize: Dockerfiles, the bake file, catalogs, examples and docs.
 */
export class ExtensionRepository {
  /** The extensions, sorted by name. */
  public readonly images: readonly ExtensionImage[];
  /** Catalog entries, one per build. */
  public readonly entries: readonly CatalogEntry[];
  /** The tag convention. */
  public readonly tagPolicy: TagPolicy;
  private readonly fileOf = new Map<ExtensionImage, string>();
  private readonly registry: string;
  private readonly outdir: string;

  /** Builds and validates every definition; throws a DefinitionError naming the file, field and rule. */
  public constructor(private readonly props: ExtensionRepositoryProps) {
    this.registry = props.registry ?? DEFAULT_REGISTRY;
    this.tagPolicy = props.tagPolicy ?? TagPolicy.DEFAULT;
    this.outdir = props.outdir ?? 'generated';
    const definitions = [...props.definitions].sort((a, b) => compareCodePoints(a.file, b.file));
    const images = definitions.map(({ file, props: definition }) => inFile(file, () => {
      const image = new ExtensionImage(definition);
      const stem = /([^/]+)\.[jt]s$/.exec(file)?.[1];
      if (stem !== undefined && stem !== image.name) throw new DefinitionError('name', `"${image.name}" must equal the file name "${stem}"`);
      const reserved = RESERVED_NAMES.get(image.name);
      if (reserved) throw new DefinitionError('name', `"${image.name}" is reserved (${reserved})`);
      this.validateOperands(image);
      image.addBuildsFromLock(props.versionsLock);
      this.fileOf.set(image, file);
      return image;
    }));
    const collision = findExtensionNameCollision(images.map((i) => i.name));
    if (collision) throw new DefinitionError('name', `${collision.rule} (the other is ${definitions[collision.earlier].file})`, definitions[collision.index].file);
    this.images = images.sort((a, b) => compareCodePoints(a.name, b.name));
    this.validateBakeNames();
    for (const image of this.images) inFile(this.file(image), () => this.validateCrossReferences(image));
    this.validateNoRequirementCycles();
    this.entries = this.images.flatMap((image) => inFile(this.file(image), () => image.builds.map((build) =>
      new CatalogEntry({
        extension: image,
        operand: this.operandFor(build),
        registry: this.registry,
        tagPolicy: this.tagPolicy,
        imageReference: this.publishedReference(image, build),
      }))));
  }

  /** The file an extension was defined in. */
  public file(image: ExtensionImage): string {
    return this.fileOf.get(image) ?? image.name;
  }

  /** The extension images `image` requires, resolved. */
  public requiredImages(image: ExtensionImage): ExtensionImage[] {
    return image.requiredExtensions.map((name) => this.images.find((i) => i.name === name)!);
  }

  /** Every image `image` needs, directly or through another, each once, an image after those it needs. */
  public allRequiredImages(image: ExtensionImage): ExtensionImage[] {
    return this.requiredImages(image).flatMap((r) => [...this.allRequiredImages(r), r])
      .filter((r, i, all) => all.indexOf(r) === i);
  }

  /** The build examples and Dockerfile defaults use: the newest major, on the preferred distro when built there. */
  public preferredBuild(image: ExtensionImage): ImageBuild {
    const newest = Math.max(...image.builds.map((b) => b.major));
    const candidates = image.builds.filter((b) => b.major === newest);
    return candidates.find((b) => b.distro === (this.props.preferredDistro ?? 'trixie')) ?? candidates[0];
  }

  /** The operand image of a build; every build's operand exists once the repository validated. */
  public operandFor(build: Pick<ImageBuild, 'distro' | 'major'>): OperandImage {
    return this.props.operands.image(build.distro, build.major)!;
  }

  /** The bake target of a build, as the bake file has it. */
  public bakeTarget(image: ExtensionImage, build: ImageBuild): BakeTarget {
    return extensionBakeTarget(image, build, this.operandFor(build), {
      registry: this.registry, source: this.props.source, tagPolicy: this.tagPolicy, contextRoot: this.outdir,
    });
  }

  /** `<repository>:<tag>@<digest>` when the images lock has the build's target with the same inputs, else undefined. */
  private publishedReference(image: ExtensionImage, build: ImageBuild): string | undefined {
    const target = this.bakeTarget(image, build);
    const locked = this.props.imagesLock?.entry(target.name);
    if (!locked) return undefined;
    // A definition, lock entry, operand or renderer changed since publishing: the locked image is not this build.
    const dockerfile = renderExtensionDockerfile(image, this.operandFor(this.preferredBuild(image)));
    return locked.inputs === targetInputs(target, dockerfile) ? pinnedReference(locked) : undefined;
  }

  /**
   * The text of `.github/CODEOWNERS`: a change to a definition or to what is
   * generated from it asks its owners for review (a component's definition
   * also asks the owners of the bundles that hold it). Files every extension
   * shares (`sharedFiles`, such as the lock files, whose entries CODEOWNERS
   * cannot tell apart, plus the bake file and the catalogs) ask every owner.
   */
  public codeowners(sharedFiles: readonly string[]): string {
    const rules: CodeownersRule[] = [{
      comment: 'Shared by every extension: any owner reviews.',
      paths: [...sharedFiles, `${this.outdir}/docker-bake.hcl`, `${this.outdir}/catalogs/`],
      owners: distinctOwners(this.images.flatMap((i) => i.owners)),
    }];
    for (const image of this.images) {
      const bundles = this.images.filter((b) => b !== image && b.isBundle && b.components.some((c) => c.name === image.name));
      rules.push({
        comment: `${image.name}${bundles.length ? ` (also in ${bundles.map((b) => b.name).join(', ')})` : ''}`,
        paths: [this.file(image), `${this.outdir}/${image.name}/`, `${this.outdir}/examples/${image.name}/`, `${this.outdir}/tests/${image.name}/`],
        owners: distinctOwners([...image.owners, ...bundles.flatMap((b) => b.owners)]),
      });
    }
    return renderCodeowners(rules, [
      'Generated by projen from the owners of each extension definition: edit the definitions, not this file.',
      'GitHub applies the last line that matches a file.',
    ]);
  }

  /** Every generated file: path relative to the output directory, and content. Deterministic. */
  public synthesize(): Map<string, string> {
    const files = new Map<string, string>();
    const { operands } = this.props;
    // Once, at the root of every bake target's context: the shell steps each Dockerfile runs.
    files.set(BUILD_SCRIPT_FILE, renderBuildScript());
    const cache = this.props.cacheDirectory === undefined ? undefined : OutputCache.open(this.props.cacheDirectory, this.sharedInputs());
    const lockEntries = groupBy(this.props.versionsLock.entries, (e) => e.extension);
    for (const image of this.images) {
      cachedFiles(cache, this.extensionInputs(image, lockEntries), () => {
        const own = this.extensionFiles(image);
        this.validateManifests(own.files, own.objects);
        return own.files;
      }).forEach((content, file) => files.set(file, content));
    }
    files.set('docker-bake.hcl', renderBakeFile(extensionBakeFile(this.images, operands, {
      registry: this.registry, source: this.props.source, tagPolicy: this.tagPolicy, contextRoot: this.outdir,
    })));
    // The catalogs hold an entry of every extension: their inputs are every definition and the whole lock.
    const catalogsInputs = { catalogs: this.images.map((image) => image.definition), lock: this.props.versionsLock.entries };
    cachedFiles(cache, catalogsInputs, () => {
      const catalogs = this.catalogFilesWithObjects();
      const catalogFiles = new Map([...catalogs.files].map(([file, content]) => [`${CATALOGS_DIR}/${file}`, content]));
      this.validateManifests(catalogFiles, new Map([...catalogs.objects].map(([file, documents]) => [`${CATALOGS_DIR}/${file}`, documents])));
      return catalogFiles;
    }).forEach((content, file) => files.set(file, content));
    cache?.prune();
    return new Map([...files.entries()].sort(([a], [b]) => compareCodePoints(a, b)));
  }

  /**
   * What every extension's files depend on besides its own definition: the
   * library, the CRDs, the options, the operand catalogs and the images lock.
   */
  private sharedInputs(): unknown {
    return {
      library: libraryFingerprint(),
      crds: crdDigest(),
      registry: this.registry,
      source: this.props.source,
      outdir: this.outdir,
      preferredDistro: this.props.preferredDistro ?? 'trixie',
      tagPolicy: { name: this.tagPolicy.name, immutable: this.tagPolicy.immutable.format, rolling: this.tagPolicy.rolling.map((f) => f.format) },
      operands: this.props.operands.documents,
      imagesLock: this.props.imagesLock?.render() ?? null,
    };
  }

  /** What an extension's own files depend on: its definition and those of the extensions it requires, as loaded, and their lock entries. */
  private extensionInputs(image: ExtensionImage, lockEntries: ReadonlyMap<string, readonly VersionsLockEntry[]>): unknown {
    const images = [...this.allRequiredImages(image), image];
    return {
      definitions: images.map((i) => i.definition),
      lock: images.map((i) => lockEntries.get(i.name) ?? []),
    };
  }

  /** The files of one extension (Dockerfile, README, example, Chainsaw suite), and the objects of those that hold CloudNativePG objects. */
  private extensionFiles(image: ExtensionImage): { files: Map<string, string>; objects: Map<string, readonly object[]> } {
    const files = new Map<string, string>();
    // The objects the CloudNativePG manifests are written from: validated as they are, not parsed back from YAML.
    const objects = new Map<string, readonly object[]>();
    const { operands } = this.props;
    const preferred = this.preferredBuild(image);
    files.set(`${image.name}/Dockerfile`, renderExtensionDockerfile(image, this.operandFor(preferred)));
    files.set(`${image.name}/README.md`, renderExtensionReadme({
      extension: image, entries: this.entries.filter((e) => e.extension === image), tagPolicy: this.tagPolicy, registry: this.registry,
    }));
    const catalogName = operands.documents.find((d) => d.distro === preferred.distro)!.name;
    const example = extensionExample({ extension: image, requires: this.allRequiredImages(image), build: preferred, catalogName });
    files.set(`examples/${image.name}/cluster.yaml`, example.cluster);
    files.set(`examples/${image.name}/database.yaml`, example.database);
    objects.set(`examples/${image.name}/cluster.yaml`, [example.objects.cluster]);
    objects.set(`examples/${image.name}/database.yaml`, [example.objects.database]);
    const entryOf = (i: ExtensionImage) =>
      this.entries.find((e) => e.extension === i && e.imageBuild.distro === preferred.distro && e.imageBuild.major === preferred.major)!;
    const suite = chainsawSuiteWithObjects({ entry: entryOf(image), requires: this.allRequiredImages(image).map(entryOf) });
    for (const [file, content] of suite.files) files.set(`tests/${image.name}/${file}`, content);
    for (const [file, object] of suite.objects) objects.set(`tests/${image.name}/${file}`, [object]);
    return { files, objects };
  }

  /**
   * The catalog artefacts, relative to `catalogs/`, laid out like the
   * community's: one extension catalog per operand distro (the operand
   * catalog with this repository's extensions added to its images), the
   * operand catalogs alone under `operands/`, and a `kustomization.yaml` that
   * applies the extension catalogs over the operand catalogs as patches.
   * Kustomize replaces a list a patch gives (a ClusterImageCatalog has no
   * merge keys), so each patch carries every image of its operand catalog.
   */
  public catalogFiles(): Map<string, string> {
    return this.catalogFilesWithObjects().files;
  }

  /** catalogFiles, with the objects of each catalog file (for validation). */
  private catalogFilesWithObjects(): { files: Map<string, string>; objects: Map<string, readonly object[]> } {
    const files = new Map<string, string>();
    const objects = new Map<string, readonly object[]>();
    const synth = (file: string, document: OperandCatalogDocument, entries: CatalogEntry[]) => {
      const app = new App();
      const chart = new Chart(app, document.distro);
      new OperandImageCatalog(chart, 'catalog', { catalog: document, entries });
      // What app.synthYaml() writes for an App of one chart, with the objects kept for validation.
      validateConstructs(app);
      const documents = chart.toJson();
      files.set(file, Yaml.stringify(...documents));
      objects.set(file, documents);
    };
    const names = this.props.operands.documents.map((d) => `catalog-minimal-${d.distro}.yaml`);
    this.props.operands.documents.forEach((document, i) => {
      synth(names[i], document, this.entries.filter((e) => e.operand.distro === document.distro));
      synth(`${OPERANDS_DIR}/${names[i]}`, document, []);
    });
    files.set(`${OPERANDS_DIR}/kustomization.yaml`, renderKustomization({
      comment: ['Generated by projen: the operand catalogs the extension catalogs patch, as vendored.'],
      resources: names,
    }));
    files.set('kustomization.yaml', renderKustomization({
      comment: [
        'Generated by projen: the operand catalogs with every extension of this repository added.',
        'kubectl apply -k <this directory>; each catalog-*.yaml.sigstore.json, when present, is its cosign bundle.',
      ],
      resources: [OPERANDS_DIR],
      patches: names,
    }));
    return { files, objects };
  }

  /**
   * Checks every CloudNativePG manifest written against the CRDs, their CEL
   * rules and the webhook's extension rules, from the objects each file was
   * written from (YAML holds JSON data as it is, so parsing it back would give them again).
   */
  private validateManifests(files: ReadonlyMap<string, string>, objects: ReadonlyMap<string, readonly object[]>): void {
    for (const file of files.keys()) {
      if (!CNPG_MANIFESTS.test(file)) continue;
      const documents = objects.get(file);
      // A manifest written without its objects would otherwise go unchecked.
      if (!documents) throw new Error(`internal: ${this.outdir}/${file} holds CloudNativePG objects, but they were not kept for validation`);
      const issues = formatIssues(documents.flatMap((document) => validateManifest(document).map((issue) => ({ ...issue, source: `${this.outdir}/${file}` }))));
      if (issues.length === 0) continue;
      const image = this.images.find((i) => file.split('/')[1] === i.name);
      throw new DefinitionError('(generated manifests)', `CloudNativePG would reject them:\n${issues.join('\n')}`, image ? this.file(image) : undefined);
    }
  }

  /** Every declared build needs an operand image. */
  private validateOperands(image: ExtensionImage): void {
    image.declaredBuilds.forEach((build) => {
      const field = `builds[distro=${build.distro}, major=${build.major}]`;
      if (!this.props.operands.distros.includes(build.distro)) {
        throw new DefinitionError(`${field}.distro`, `"${build.distro}" is not in the operand catalog (${this.props.operands.distros.join(', ')})`);
      }
      if (!this.props.operands.image(build.distro, build.major)) {
        throw new DefinitionError(`${field}.major`, `PostgreSQL ${build.major} is not in the ${build.distro} operand catalog (${this.props.operands.majors(build.distro).join(', ')})`);
      }
    });
  }

  private validateCrossReferences(image: ExtensionImage): void {
    image.components.forEach((component, c) => component.requiredExtensions.forEach((name, i) => {
      if (!image.requiredExtensions.includes(name)) return; // another component of the bundle
      const field = `${image.isBundle ? `components[${c}].` : ''}requiredExtensions[${i}]`;
      const required = this.images.find((other) => other.name === name);
      if (!required) throw new DefinitionError(field, `"${name}" is not defined in extensions/`);
      for (const build of image.builds) {
        if (!required.buildFor(build.distro, build.major)) {
          throw new DefinitionError(field, `"${name}" has no build for ${build.distro}/${build.major}, which ${image.name} needs`);
        }
      }
    }));
    const sameImageName = this.images.find((other) => other !== image && other.imageName === image.imageName);
    if (sameImageName) throw new DefinitionError('imageName', `"${image.imageName}" is also the image name of ${sameImageName.name} (${this.file(sameImageName)})`);
  }

  /**
   * Bake groups (one per extension, named after it) and targets
   * (`<name>-<major>-<distro>`, bakeTargetName) share the bake file's names:
   * an extension named "pgvector-18-trixie" would be a group named like
   * pgvector's trixie/18 target.
   */
  private validateBakeNames(): void {
    const owners = new Map<string, { image: ExtensionImage; what: string }>();
    for (const image of this.images) {
      const names = [
        { name: image.name, what: `the bake group of ${image.name}` },
        ...image.declaredBuilds.map((b) => ({
          name: bakeTargetName(image, { ...b, version: '', components: [] }),
          what: `the bake target of ${image.name} ${b.distro}/${b.major}`,
        })),
      ];
      for (const { name, what } of names) {
        const other = owners.get(name);
        if (other && other.image !== image) {
          throw new DefinitionError('name', `"${name}" is ${what} and ${other.what} (${this.file(other.image)}); bake group and target names must differ`, this.file(image));
        }
        owners.set(name, { image, what });
      }
    }
  }

  private validateNoRequirementCycles(): void {
    const done = new Set<ExtensionImage>();
    const visit = (image: ExtensionImage, path: ExtensionImage[]): void => {
      if (path.includes(image)) {
        const cycle = [...path.slice(path.indexOf(image)), image].map((i) => i.name).join(' -> ');
        throw new DefinitionError('requiredExtensions', `required extensions form a cycle: ${cycle}`, this.file(image));
      }
      if (done.has(image)) return;
      this.requiredImages(image).forEach((r) => visit(r, [...path, image]));
      done.add(image);
    };
    this.images.forEach((image) => visit(image, []));
  }
}

function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DefinitionError && error.file === undefined) throw error.inFile(file);
    throw error;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

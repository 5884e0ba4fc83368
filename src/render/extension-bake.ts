import { createHash } from 'crypto';
import { BakeFile, BakeTarget, BakeVariable } from './bake-file';
import { renderBuildScript } from './build-script';
import { DOCKERFILE_ARGS, packageVersionArg } from './extension-dockerfile';
import { HclExpression, HclTemplatePart, code, str, template } from './hcl';
import { tagValuesOf } from '../model/catalog-entry';
import { ExtensionImage, ImageBuild, upgradesOf } from '../model/extension-image';
import { OperandCatalog, OperandImage } from '../model/operand-catalog';
import { compareCodePoints } from '../model/ordering';
import { TagPolicy } from '../model/tag-policy';

/** Names of the variables every generated bake file declares. */
export const BAKE_VARIABLES = {
  registry: 'REGISTRY',
  environment: 'ENVIRONMENT',
  timestamp: 'TIMESTAMP',
  revision: 'REVISION',
  source: 'SOURCE',
} as const;

/** Names of the attributes the bake file computes from its variables. */
export const BAKE_ATTRIBUTES = {
  buildTimestamp: 'build_timestamp',
  created: 'created',
  imageSuffix: 'image_suffix',
} as const;

/** Settings of a whole bake file. */
export interface ExtensionBakeOptions {
  /** Default registry, e.g. "ghcr.io/acme". */
  readonly registry: string;
  /** Default source repository URL for the OCI labels. */
  readonly source: string;
  /** How images are tagged. */
  readonly tagPolicy: TagPolicy;
  /**
   * The output directory, relative to where bake runs: every target's build
   * context, holding cnpg-build.sh and each extension's `<name>/Dockerfile`.
   */
  readonly contextRoot: string;
}

/** The bake target name of one build. */
export function bakeTargetName(image: ExtensionImage, build: ImageBuild): string {
  return `${image.name}-${build.major}-${build.distro}`;
}

/** The label with the SQL version of a component: one per component in a bundle. */
export function sqlVersionLabel(image: ExtensionImage, componentName: string): string {
  return image.isBundle ? `io.cloudnativepg.image.sql.version.${componentName}` : 'io.cloudnativepg.image.sql.version';
}

/**
 * The label with the SQL versions from which `ALTER EXTENSION ... UPDATE`
 * reaches a component's version with the image's update scripts, space-separated
 * (read from the packages by update-versions); one per component in a bundle.
 * Left out where the versions lock could not read them.
 */
export function upgradableFromLabel(image: ExtensionImage, componentName: string): string {
  return image.isBundle ? `io.github.cnpg-extensions-cdk.sql.upgradable-from.${componentName}` : 'io.github.cnpg-extensions-cdk.sql.upgradable-from';
}

/** The label that lists the exact Debian packages a build installs, from the versions lock. */
export const PACKAGES_LABEL = 'io.github.cnpg-extensions-cdk.debian.packages';

/** The exact Debian packages a build installs, as sorted `name=version` pins. */
export function packagePins(build: ImageBuild): string[] {
  return build.components.flatMap((c) => c.component.packages(build.major).map((p) => `${p}=${c.packageVersion}`)).sort(compareCodePoints);
}

/** The OCI and CloudNativePG labels of one build, as templates over the bake variables. */
export function imageLabels(image: ExtensionImage, build: ImageBuild, operand: OperandImage): Array<[string, HclExpression]> {
  return [
    ['org.opencontainers.image.created', template({ ref: BAKE_ATTRIBUTES.created })],
    ['org.opencontainers.image.version', str(build.version)],
    ['org.opencontainers.image.revision', template({ ref: BAKE_VARIABLES.revision })],
    ['org.opencontainers.image.source', template({ ref: BAKE_VARIABLES.source })],
    ['org.opencontainers.image.url', str(image.homepage)],
    ['org.opencontainers.image.title', str(image.imageName)],
    ['org.opencontainers.image.description', str(image.description)],
    ['org.opencontainers.image.licenses', str(image.licenses.join(' AND '))],
    ['org.opencontainers.image.base.name', str(operand.reference)],
    ['org.opencontainers.image.base.digest', str(operand.digest)],
    ['io.cloudnativepg.image.base.name', str(operand.reference)],
    ['io.cloudnativepg.image.base.pgmajor', str(String(build.major))],
    ['io.cloudnativepg.image.base.os', str(build.distro)],
    ...build.components.map(({ component, sqlVersion }): [string, HclExpression] => [sqlVersionLabel(image, component.name), str(sqlVersion)]),
    ...upgradesOf(build).filter((u) => u.from !== undefined)
      .map((u): [string, HclExpression] => [upgradableFromLabel(image, u.component), str(u.from!.join(' '))]),
    [PACKAGES_LABEL, str(packagePins(build).join(' '))],
  ];
}

/**
 * SHA-256 of what a target's image is made from: its Dockerfile, the
 * cnpg-build.sh it runs (as this library renders it; the drift check keeps the
 * file on disk equal), build arguments (operand digest, package versions),
 * platforms, labels and annotations, but not its tags. Equal inputs mean
 * there is nothing to rebuild.
 */
export function targetInputs(target: BakeTarget, dockerfile: string): string {
  const { args, platforms, labels, annotations } = target;
  // A Dockerfile is shared by an image's targets; the defaults of its ARGs are overridden by every target's args.
  const instructions = dockerfile.replace(/^ARG ([A-Za-z_][A-Za-z0-9_]*)=.*$/gm, 'ARG $1');
  const script = renderBuildScript();
  return createHash('sha256').update(JSON.stringify({ instructions, script, args, platforms, labels, annotations })).digest('hex');
}

/** The bake target of one (extension, distro, major) build. */
export function extensionBakeTarget(image: ExtensionImage, build: ImageBuild, operand: OperandImage, options: ExtensionBakeOptions): BakeTarget {
  const repository: HclTemplatePart[] = [{ ref: BAKE_VARIABLES.registry }, `/${image.imageName}`, { ref: BAKE_ATTRIBUTES.imageSuffix }, ':'];
  const values = tagValuesOf(build, operand);
  const tags = [options.tagPolicy.immutable, ...options.tagPolicy.rolling].map((format) =>
    template(...repository, ...format.renderAroundTimestamp<HclTemplatePart>(values, { ref: BAKE_ATTRIBUTES.buildTimestamp })));
  const labels = imageLabels(image, build, operand);
  return {
    name: bakeTargetName(image, build),
    comment: `${build.components.map((c) => `${c.component.name} ${c.packageVersion} (SQL ${c.sqlVersion})`).join(', ')} on PostgreSQL ${operand.pgVersion}, ${build.distro}`,
    // One context for all, so that every Dockerfile can COPY the one cnpg-build.sh; BuildKit sends only what is copied.
    context: options.contextRoot,
    dockerfile: `${image.name}/Dockerfile`,
    platforms: image.platforms,
    args: {
      [DOCKERFILE_ARGS.base]: operand.reference,
      [DOCKERFILE_ARGS.pgMajor]: String(build.major),
      ...Object.fromEntries(build.components.map((c) => [packageVersionArg(c.component), c.packageVersion])),
    },
    tags,
    labels,
    annotations: labels.map(([key, value]) => annotation(key, value)),
    attest: ['type=provenance,mode=max', 'type=sbom'],
  };
}

function annotation(key: string, value: HclExpression): HclExpression {
  if (value.kind !== 'template') throw new Error(`annotation ${key} must be a template`);
  return template(`index,manifest:${key}=`, ...value.parts);
}

/** The bake variables, with their defaults. */
export function bakeVariables(options: ExtensionBakeOptions): BakeVariable[] {
  return [
    { name: BAKE_VARIABLES.registry, defaultValue: options.registry, description: 'Registry and namespace the images are pushed to.' },
    { name: BAKE_VARIABLES.environment, defaultValue: 'testing', description: 'testing: image names get a "-testing" suffix; production: final names.' },
    { name: BAKE_VARIABLES.timestamp, defaultValue: '', description: 'Build time as YYYYMMDDhhmm in UTC; empty means the clock when bake runs.' },
    { name: BAKE_VARIABLES.revision, defaultValue: '', description: 'Source revision (git commit) recorded in the OCI labels.' },
    { name: BAKE_VARIABLES.source, defaultValue: options.source, description: 'Source repository URL recorded in the OCI labels.' },
  ];
}

/** The bake file of all extensions: one target per build, a group per extension, and "default". */
export function extensionBakeFile(unsorted: readonly ExtensionImage[], operands: OperandCatalog, options: ExtensionBakeOptions): BakeFile {
  const images = [...unsorted].sort((a, b) => compareCodePoints(a.name, b.name));
  const targets: BakeTarget[] = [];
  for (const image of images) {
    for (const build of image.builds) {
      const operand = operands.image(build.distro, build.major);
      if (!operand) throw new Error(`${image.name}: no operand image for ${build.distro}/${build.major}`);
      targets.push(extensionBakeTarget(image, build, operand, options));
    }
  }
  const ts = BAKE_ATTRIBUTES.buildTimestamp;
  const built = images.filter((i) => i.builds.length > 0);
  // A build the versions lock could not resolve has no package version to build: no target, and a visible note.
  const unresolved = images.flatMap((i) => i.unresolvedBuilds.map((u) => `  ${i.name} ${u.distro}/${u.major}: ${u.reason}`));
  return {
    header: [
      'Generated by cnpg-extensions-cdk from extensions/*.ts; do not edit.',
      `Build everything: docker buildx bake -f ${options.contextRoot}/docker-bake.hcl --push`,
      `One extension:    docker buildx bake -f ${options.contextRoot}/docker-bake.hcl pgvector`,
      ...(unresolved.length ? ['Unresolved in extensions/versions.lock.json, so not built:', ...unresolved] : []),
    ],
    variables: bakeVariables(options),
    attributes: [
      [ts, code(`${BAKE_VARIABLES.timestamp} != "" ? ${BAKE_VARIABLES.timestamp} : formatdate("YYYYMMDDhhmm", timestamp())`)],
      [BAKE_ATTRIBUTES.created, code(`"\${substr(${ts}, 0, 4)}-\${substr(${ts}, 4, 2)}-\${substr(${ts}, 6, 2)}T\${substr(${ts}, 8, 2)}:\${substr(${ts}, 10, 2)}:00Z"`)],
      [BAKE_ATTRIBUTES.imageSuffix, code(`${BAKE_VARIABLES.environment} == "production" ? "" : "-testing"`)],
    ],
    groups: [
      { name: 'default', targets: built.map((i) => i.name) },
      ...built.map((i) => ({ name: i.name, targets: i.builds.map((b) => bakeTargetName(i, b)) })),
    ],
    targets,
  };
}

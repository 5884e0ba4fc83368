import { check } from './definition-error';
import { ExtensionConfiguration } from './extension-configuration';
import { ExtensionImage, ExtensionUpgrades, ImageBuild, upgradesOf } from './extension-image';
import { freezeFields } from './frozen';
import { OperandImage } from './operand-catalog';
import { TagBuildValues, TagPolicy } from './tag-policy';
import { ClusterImageCatalogSpecImagesExtensions } from '../imports/cnpg-postgresql.cnpg.io';

/** The values of a build's tags, except the timestamp. */
export function tagValuesOf(build: ImageBuild, operand: OperandImage): TagBuildValues {
  return { pgVersion: operand.pgVersion, pgMajor: build.major, extVersion: build.version, distro: build.distro };
}

/** The registry generated catalogs and examples reference unless told otherwise. */
export const DEFAULT_REGISTRY = 'ghcr.io/cnpg-extensions-cdk';

/** Props for a CatalogEntry. */
export interface CatalogEntryProps {
  /** The extension image family. */
  readonly extension: ExtensionImage;
  /** The operand image (distro and major) of the catalog entry this extension joins. */
  readonly operand: OperandImage;
  /** Registry and namespace of the extension images. @default DEFAULT_REGISTRY */
  readonly registry?: string;
  /** Tag convention; the entry references its first rolling tag. @default TagPolicy.DEFAULT */
  readonly tagPolicy?: TagPolicy;
  /** Image reference to use instead of the computed one (e.g. pinned by digest). @default - registry/imageName:rolling tag */
  readonly imageReference?: string;
}

const REGISTRY = /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/;
const REFERENCE = /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * The `extensions` entry of an ImageCatalog or ClusterImageCatalog for one
 * extension on one distro and PostgreSQL major.
 */
export class CatalogEntry {
  /** The extension image family. */
  public readonly extension: ExtensionImage;
  /** The build this entry points at. */
  public readonly imageBuild: ImageBuild;
  /** The operand image this entry belongs with. */
  public readonly operand: OperandImage;
  /** The image reference written into the catalog. */
  public readonly imageReference: string;
  /**
   * For each SQL extension the image creates: the version it installs and the
   * versions `ALTER EXTENSION ... UPDATE` reaches it from with the image's
   * update scripts (read from the packages by update-versions), or why those are not known.
   */
  public readonly upgradableFrom: ExtensionUpgrades[];

  public constructor(props: CatalogEntryProps) {
    const { extension, operand } = props;
    const build = extension.buildFor(operand.distro, operand.major);
    check(build !== undefined, `${extension.name}.versions`, `has no build for ${operand.distro}/${operand.major}`);
    this.extension = extension;
    this.imageBuild = build;
    this.operand = operand;
    this.upgradableFrom = upgradesOf(build);
    freezeFields(this, ['upgradableFrom']);
    const registry = props.registry ?? DEFAULT_REGISTRY;
    check(REGISTRY.test(registry), 'registry', `"${registry}" is not a registry/namespace such as ghcr.io/acme`);
    const tag = (props.tagPolicy ?? TagPolicy.DEFAULT).catalogTag(tagValuesOf(build, operand));
    this.imageReference = props.imageReference ?? `${registry}/${extension.imageName}:${tag}`;
    check(REFERENCE.test(this.imageReference), 'imageReference', `"${this.imageReference}" is not an image reference`);
  }

  /** The ExtensionConfiguration of this entry. */
  public get configuration(): ExtensionConfiguration {
    return this.extension.extensionConfiguration(this.imageReference);
  }

  /**
   * The entry in the shape of the imported CloudNativePG catalog API.
   *
   * TypeScript only: the imported CloudNativePG types are not part of the
   * jsii API; other languages use `configuration`.
   *
   * @jsii ignore
   */
  public toCatalogExtension(): ClusterImageCatalogSpecImagesExtensions {
    return toExtensionSpec(this.configuration);
  }
}

/** An ExtensionConfiguration in the shape of CloudNativePG's API (catalogs and Clusters share it). */
export function toExtensionSpec(config: ExtensionConfiguration): ClusterImageCatalogSpecImagesExtensions {
  const copy = <T>(list: readonly T[] | undefined) => (list ? [...list] : undefined);
  return {
    name: config.name,
    image: config.imageReference ? { reference: config.imageReference } : undefined,
    extensionControlPath: copy(config.extensionControlPath),
    dynamicLibraryPath: copy(config.dynamicLibraryPath),
    ldLibraryPath: copy(config.ldLibraryPath),
    binPath: copy(config.binPath),
    env: config.env?.map(({ name, value }) => ({ name, value })),
  };
}

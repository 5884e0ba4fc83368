import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterImageCatalog, ClusterImageCatalogSpecImages, ImageCatalog } from '../imports/cnpg-postgresql.cnpg.io';
import { CatalogEntry } from '../model/catalog-entry';
import { check } from '../model/definition-error';
import { extensionVolumeName, findExtensionNameCollision } from '../model/extension-name';
import { OperandCatalogDocument } from '../model/operand-catalog';
import { compareCodePoints } from '../model/ordering';

/** Props for an OperandImageCatalog. */
export interface OperandImageCatalogProps {
  /** The minimal operand catalog to extend. */
  readonly catalog: OperandCatalogDocument;
  /** Extension entries to add. @default [] */
  readonly entries?: CatalogEntry[];
  /** Emit a namespaced ImageCatalog instead of a ClusterImageCatalog. @default false */
  readonly namespaced?: boolean;
  /** Name of the catalog object. @default - the operand catalog's name */
  readonly name?: string;
}

/**
 * An operand ClusterImageCatalog (or ImageCatalog) whose images carry the
 * `extensions` entries built for their distro and major.
 */
export class OperandImageCatalog extends Construct {
  /** The catalog API object: a ClusterImageCatalog, or an ImageCatalog when namespaced. */
  public readonly apiObject: ApiObject;
  private readonly catalog: OperandCatalogDocument;
  private readonly entries: CatalogEntry[] = [];
  /** The names of the entries of each major, by volume name: each entry is checked against them at once. */
  private readonly namesByVolume = new Map<number, Map<string, string>>();

  public constructor(scope: Construct, id: string, props: OperandImageCatalogProps) {
    super(scope, id);
    this.catalog = props.catalog;
    const Kind = props.namespaced ? ImageCatalog : ClusterImageCatalog;
    this.apiObject = new Kind(this, 'Resource', {
      metadata: { name: props.name ?? props.catalog.name, labels: { ...props.catalog.labels } },
      spec: { images: Lazy.any({ produce: () => this.images() }) as unknown as ClusterImageCatalogSpecImages[] },
    });
    for (const entry of props.entries ?? []) this.addEntry(entry);
  }

  /** Adds an extension entry to the image of its distro and major. */
  public addEntry(entry: CatalogEntry): void {
    const field = `${entry.extension.name}`;
    check(entry.operand.distro === this.catalog.distro, field, `is built for ${entry.operand.distro}, but catalog ${this.catalog.name} is for ${this.catalog.distro}`);
    check(this.catalog.images.some((i) => i.major === entry.operand.major), field, `catalog ${this.catalog.name} has no PostgreSQL ${entry.operand.major}`);
    let names = this.namesByVolume.get(entry.operand.major);
    if (!names) {
      names = new Map();
      this.namesByVolume.set(entry.operand.major, names);
    }
    // The names already there do not collide, so the first collision can only be with the one of the same volume name.
    const volume = extensionVolumeName(entry.extension.name);
    const earlier = names.get(volume);
    const collision = earlier === undefined ? undefined : findExtensionNameCollision([earlier, entry.extension.name]);
    check(collision === undefined, `${this.catalog.name}.spec.images[major=${entry.operand.major}].extensions.name`, collision?.rule ?? '');
    names.set(volume, entry.extension.name);
    this.entries.push(entry);
  }

  private images(): ClusterImageCatalogSpecImages[] {
    return this.catalog.images.map((image) => {
      const extensions = this.entries
        .filter((e) => e.operand.major === image.major)
        .sort((a, b) => compareCodePoints(a.extension.name, b.extension.name))
        .map((e) => e.toCatalogExtension());
      return { major: image.major, image: image.reference, extensions: extensions.length > 0 ? extensions : undefined };
    });
  }
}

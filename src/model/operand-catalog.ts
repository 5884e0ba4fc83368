import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';
import { parseAllDocuments } from 'yaml';
import { freezeFields } from './frozen';
import { compareCodePoints } from './ordering';

/** A CloudNativePG operand image for one distro and PostgreSQL major. */
export interface OperandImage {
  /** Debian distribution, e.g. "trixie". */
  readonly distro: string;
  /** PostgreSQL major version. */
  readonly major: number;
  /** Full PostgreSQL version, read from the image tag, e.g. "18.6". */
  readonly pgVersion: string;
  /** Reference pinned by digest, as written in the catalog. */
  readonly reference: string;
  /** The digest, "sha256:...". */
  readonly digest: string;
}

/** The YAML text of catalogs, and where it came from. */
export interface OperandCatalogText {
  /** Where the text came from (a file name), for errors. */
  readonly source: string;
  /** One or more ClusterImageCatalog documents. */
  readonly text: string;
}

/** The metadata of one minimal ClusterImageCatalog, kept to re-emit it with extensions. */
export interface OperandCatalogDocument {
  /** The catalog's name, e.g. "postgresql-minimal-trixie". */
  readonly name: string;
  /** The distro it covers. */
  readonly distro: string;
  /** Its labels, as published. */
  readonly labels: Record<string, string>;
  /** Its images, by ascending major. */
  readonly images: OperandImage[];
}

const REFERENCE = /^(?<repository>[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)+):(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})@(?<digest>sha256:[a-f0-9]{64})$/;
const PG_VERSION_IN_TAG = /^(\d+(?:\.\d+)?)(?:-|$)/;

/**
 * Raised for a catalog file that is not a usable minimal operand catalog.
 *
 * TypeScript only (see DefinitionError).
 *
 * @jsii ignore
 */
export class OperandCatalogError extends Error {
  public constructor(source: string, field: string, rule: string) {
    super(`${source}: ${field}: ${rule}`);
    this.name = 'OperandCatalogError';
  }
}

/**
 * The CloudNativePG minimal operand images extensions are built against,
 * read from the community's ClusterImageCatalogs.
 */
export class OperandCatalog {
  /** Reads every `*.yaml` catalog in `dir`, in name order. */
  public static fromDirectory(dir: string): OperandCatalog {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
    return OperandCatalog.fromTexts(files.map((f) => ({ source: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') })));
  }

  /** Parses catalogs from YAML texts; `source` names each in errors. */
  public static fromTexts(texts: OperandCatalogText[]): OperandCatalog {
    const documents: OperandCatalogDocument[] = [];
    for (const { source, text } of texts) {
      for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) throw new OperandCatalogError(source, '(yaml)', doc.errors[0].message);
        documents.push(parseCatalogDocument(doc.toJS(), source));
      }
    }
    return new OperandCatalog(documents);
  }

  /** The catalogs, by distro name. */
  public readonly documents: OperandCatalogDocument[];

  public constructor(documents: OperandCatalogDocument[]) {
    const seen = new Set<string>();
    for (const doc of documents) {
      if (seen.has(doc.distro)) throw new OperandCatalogError(doc.name, 'metadata.labels', `a second catalog for distro "${doc.distro}"`);
      seen.add(doc.distro);
    }
    this.documents = [...documents].sort((a, b) => compareCodePoints(a.distro, b.distro));
    freezeFields(this, ['documents']);
  }

  /** The distros covered, sorted. */
  public get distros(): string[] {
    return this.documents.map((d) => d.distro);
  }

  /** The operand image for `distro` and `major`, or undefined. */
  public image(distro: string, major: number): OperandImage | undefined {
    return this.documents.find((d) => d.distro === distro)?.images.find((i) => i.major === major);
  }

  /** The majors available for `distro`, ascending. */
  public majors(distro: string): number[] {
    return (this.documents.find((d) => d.distro === distro)?.images ?? []).map((i) => i.major);
  }
}

function parseCatalogDocument(doc: any, source: string): OperandCatalogDocument {
  const fail = (field: string, rule: string): never => {
    throw new OperandCatalogError(source, field, rule);
  };
  if (doc?.apiVersion !== 'postgresql.cnpg.io/v1' || doc?.kind !== 'ClusterImageCatalog') {
    fail('kind', 'must be a postgresql.cnpg.io/v1 ClusterImageCatalog');
  }
  const name: string = doc.metadata?.name ?? fail('metadata.name', 'is required');
  const labels: Record<string, string> = doc.metadata?.labels ?? {};
  const distro = labels['images.cnpg.io/os'] ?? /-([a-z]+)$/.exec(name)?.[1] ?? fail('metadata.labels', 'images.cnpg.io/os is required to know the distro');
  if (!/^[a-z][a-z0-9-]*$/.test(distro)) fail('metadata.labels["images.cnpg.io/os"]', `"${distro}" is not a distro name`);
  const rawImages: any[] = Array.isArray(doc.spec?.images) ? doc.spec.images : fail('spec.images', 'must be a list');
  const images = rawImages.map((entry, i): OperandImage => {
    const field = `spec.images[${i}]`;
    const major = Number.isInteger(entry?.major) ? entry.major : fail(`${field}.major`, 'must be an integer');
    const match = REFERENCE.exec(String(entry?.image ?? ''));
    if (!match?.groups) return fail(`${field}.image`, `"${entry?.image}" must be repository:tag@sha256:digest`);
    const pgVersion = PG_VERSION_IN_TAG.exec(match.groups.tag)?.[1] ?? fail(`${field}.image`, `tag "${match.groups.tag}" must start with the PostgreSQL version`);
    if (Number(pgVersion.split('.')[0]) !== major) fail(`${field}.image`, `tag version ${pgVersion} does not belong to major ${major}`);
    return { distro, major, pgVersion, reference: entry.image, digest: match.groups.digest };
  });
  return { name, distro, labels, images: images.sort((a, b) => a.major - b.major) };
}

/**
 * The majors whose PostgreSQL version `next` would lower compared with
 * `current`, as "18: 18.6 -> 18.5": a refresh must not move every extension
 * image back to an older minor by accident.
 */
export function findOperandDowngrades(current: OperandCatalogDocument, next: OperandCatalogDocument): string[] {
  // Tags carry "18.6" or "18"; semver compares them once coerced to 18.6.0 and 18.0.0.
  const version = (image: OperandImage) => semver.coerce(image.pgVersion)!;
  return next.images.flatMap((image) => {
    const before = current.images.find((i) => i.major === image.major);
    return before && semver.lt(version(image), version(before)) ? [`${image.major}: ${before.pgVersion} -> ${image.pgVersion}`] : [];
  });
}

import * as fs from 'fs';
import { DefinitionError, check } from './definition-error';
import { freezeFields } from './frozen';
import { compareCodePoints } from './ordering';

/** One published image: a bake target built, tested, promoted by digest and signed. */
export interface ImagesLockEntry {
  /** Bake target name, e.g. "pgvector-18-trixie". */
  readonly target: string;
  /** Final repository, e.g. "ghcr.io/acme/pgvector". */
  readonly repository: string;
  /** The immutable tag the image was promoted with, e.g. "18.6-0.8.6-202611301200-trixie". */
  readonly tag: string;
  /** The manifest (or index) digest, "sha256:...". */
  readonly digest: string;
  /** Platforms the image holds. */
  readonly platforms: string[];
  /** SHA-256 of what the build depends on (Dockerfile, build arguments, labels): a change means a rebuild. */
  readonly inputs: string;
  /** The exact Debian packages it was built from, as `name=version` pins from the versions lock. */
  readonly packages: string[];
}

/** The file name of the images lock, next to the definitions. */
export const IMAGES_LOCK_FILE = 'images.lock.json';

const FIELDS = ['target', 'repository', 'tag', 'digest', 'platforms', 'inputs', 'packages'];
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/;

/**
 * What `publish` built and pushed: one entry per bake target. Only publish
 * writes it; synthesis pins catalog references to `<repository>:<tag>@<digest>`.
 */
export class ImagesLock {
  /** Reads the lock at `file`, or an empty lock when there is none; `shown` names it in errors. */
  public static read(file: string, shown: string = IMAGES_LOCK_FILE): ImagesLock {
    if (!fs.existsSync(file)) return new ImagesLock([]);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new DefinitionError('(json)', `is not JSON: ${(error as Error).message}`, shown);
    }
    try {
      check(typeof json === 'object' && json !== null && Array.isArray((json as { entries?: unknown }).entries), 'entries', 'must be a list of published images');
      return new ImagesLock((json as { entries: unknown[] }).entries.map((e, i) => validateEntry(e, `entries[${i}]`)));
    } catch (error) {
      if (error instanceof DefinitionError) throw error.inFile(shown);
      throw error;
    }
  }

  /** The entries, by target. */
  public readonly entries: ImagesLockEntry[];

  public constructor(entries: ImagesLockEntry[]) {
    this.entries = [...entries].sort((a, b) => compareCodePoints(a.target, b.target));
    this.entries.forEach((e, i) => check(i === 0 || this.entries[i - 1].target !== e.target, 'entries', `${e.target} appears twice`));
    freezeFields(this, ['entries']);
  }

  /** The entry of a bake target, or undefined. */
  public entry(target: string): ImagesLockEntry | undefined {
    return this.entries.find((e) => e.target === target);
  }

  /** A lock with `entries` added or replacing those of the same target. */
  public withEntries(entries: ImagesLockEntry[]): ImagesLock {
    return new ImagesLock([...this.entries.filter((old) => !entries.some((e) => e.target === old.target)), ...entries]);
  }

  /** The lock file's text. */
  public render(): string {
    const entries = this.entries.map((e) => Object.fromEntries(FIELDS.map((f) => [f, (e as unknown as Record<string, unknown>)[f]])));
    return `${JSON.stringify({ comment: 'Written by `npx projen publish`; never edit by hand. One entry per bake target.', entries }, null, 2)}\n`;
  }
}

/** `<repository>:<tag>@<digest>`: the reference catalogs pin. */
export function pinnedReference(entry: ImagesLockEntry): string {
  return `${entry.repository}:${entry.tag}@${entry.digest}`;
}

function validateEntry(value: unknown, field: string): ImagesLockEntry {
  check(typeof value === 'object' && value !== null && !Array.isArray(value), field, 'must be an object');
  const e = value as Record<string, unknown>;
  const stray = Object.keys(e).find((k) => !FIELDS.includes(k));
  check(stray === undefined, `${field}.${stray}`, `is not a field (${FIELDS.join(', ')})`);
  check(typeof e.target === 'string' && /^[a-z0-9][a-z0-9_-]*$/.test(e.target), `${field}.target`, 'must be a bake target name');
  check(typeof e.repository === 'string' && REPOSITORY.test(e.repository), `${field}.repository`, 'must be a repository such as ghcr.io/acme/pgvector');
  check(typeof e.tag === 'string' && TAG.test(e.tag), `${field}.tag`, 'must be an image tag');
  check(typeof e.digest === 'string' && DIGEST.test(e.digest), `${field}.digest`, 'must be sha256:<64 hex digits>');
  check(typeof e.inputs === 'string' && /^[a-f0-9]{64}$/.test(e.inputs), `${field}.inputs`, 'must be a SHA-256');
  check(Array.isArray(e.platforms) && e.platforms.length > 0 && e.platforms.every((p) => typeof p === 'string' && /^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(p)), `${field}.platforms`, 'must list platforms such as linux/amd64');
  check(Array.isArray(e.packages) && e.packages.every((p) => typeof p === 'string' && /^[a-z0-9][a-z0-9.+-]+=[A-Za-z0-9.+~:-]+$/.test(p)), `${field}.packages`, 'must list name=version pins');
  return e as unknown as ImagesLockEntry;
}

/**
 * buildah, the way every part of the end-to-end test calls it.
 */
import * as path from 'path';
import { cacheDir, run, RunOptions } from './tools';

/**
 * Global flags for every buildah call: the project's own image store under the
 * cache, so the host's default store is never touched, with the overlay
 * driver (a working container from the base image takes 0.1 s, against
 * 5-15 s for a full vfs copy).
 */
export function buildahArgs(): string[] {
  const store = path.join(cacheDir(), 'containers');
  return ['--storage-driver', 'overlay', '--root', path.join(store, 'storage'), '--runroot', path.join(store, 'run')];
}

/**
 * `buildah run` and `buildah bud` flags: there is no runc or crun on these
 * machines, so the default OCI isolation fails with "exec: no command".
 */
export function isolationArgs(): string[] {
  return ['--isolation', 'chroot'];
}

/** Runs `buildah <global flags> ...args` and returns its standard output. */
export function buildah(args: readonly string[], opts: RunOptions = {}): string {
  return run('buildah', [...buildahArgs(), ...args], opts);
}

/**
 * Creates a working container from `image` (`scratch` or an image already in
 * the store; never pulls), hands its name to `use`, and removes the container
 * afterwards, also when `use` throws.
 */
export function withContainer<T>(image: string, use: (container: string) => T): T {
  const container = createContainer(image);
  try {
    return use(container);
  } finally {
    buildah(['rm', container]);
  }
}

/** Creates a working container from `image` in the store and returns its name. */
export function createContainer(image: string): string {
  return buildah(['from', '--pull=never', '--quiet', image]).trim();
}

/** An image in the store. */
export interface StoredImage {
  /** The image's full ID. */
  readonly id: string;
  /** The image's labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The image named `ref`, or undefined when the store has no such image. */
export function findImage(ref: string): StoredImage | undefined {
  // Listing first, because `buildah inspect` of a missing image fails like any other error.
  const images: Array<{ names?: string[] | null }> = JSON.parse(buildah(['images', '--json']));
  if (!images.some((image) => image.names?.includes(ref))) return undefined;
  const inspected = JSON.parse(buildah(['inspect', '--type', 'image', ref]));
  return { id: inspected.FromImageID, labels: inspected.OCIv1?.config?.Labels ?? {} };
}

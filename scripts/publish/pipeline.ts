/**
 * The release loop of one extension image, daemonless: build, push to the
 * `-testing` repository, test the pushed digest in PostgreSQL 18, promote that
 * same digest with every tag of the TagPolicy (crane, no rebuild), sign it and
 * verify the signature (cosign), and record it in the images lock.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BakeTarget, ExtensionImage, ImagesLock, ImagesLockEntry, packagePins, resolveBakeTarget, targetInputs,
} from '../../src/projen';
import { E2eEnvironment, buildExtension, checkContents, loadIntoPostgres, standInEntry, standInTarget } from '../e2e/extension-pipeline';
import { buildah } from '../e2e/lib/buildah';
import { run, toolPath } from '../e2e/lib/tools';
import { Report } from '../e2e/report';

/** How images are signed. */
export interface Signing {
  /** cosign private key file; its password comes from COSIGN_PASSWORD. */
  readonly keyFile: string;
  /** The matching public key file, for `cosign verify`. */
  readonly publicKeyFile: string;
}

/** What one publish run works with. */
export interface PublishContext {
  /** The stand-in environment: operand, tag policy, source, versions lock; `registry` is HOST[:PORT]/NAMESPACE. */
  readonly env: E2eEnvironment;
  /** Directory of the generated Dockerfiles. */
  readonly generatedDir: string;
  /** The images lock in place. */
  readonly imagesLock: ImagesLock;
  /** Signing key. */
  readonly signing: Signing;
  /** Step results. */
  readonly report: Report;
}

/** What happened to one target. */
export type PublishOutcome = { readonly kind: 'unchanged'; readonly entry: ImagesLockEntry } | { readonly kind: 'published'; readonly entry: ImagesLockEntry };

/** Whether a registry host is this machine's own (plain HTTP, no TLS). */
export function isLocalRegistry(registry: string): boolean {
  return /^(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(registry);
}

/** Fails with a clear message unless the registry answers its /v2/ endpoint. */
export async function checkRegistryReachable(registry: string): Promise<void> {
  const host = registry.split('/')[0];
  const url = `${isLocalRegistry(registry) ? 'http' : 'https'}://${host}/v2/`;
  try {
    await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`registry ${host} is unreachable (${url}: ${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
}

/** Fails with a clear message unless the signing key and its password work. */
export function checkSigningKey(signing: Signing): void {
  for (const file of [signing.keyFile, signing.publicKeyFile]) {
    if (!fs.existsSync(file)) throw new Error(`signing key ${file} does not exist; pass --key FILE (a cosign key pair; COSIGN_PASSWORD holds its password)`);
  }
  if (process.env.COSIGN_PASSWORD === undefined) throw new Error('COSIGN_PASSWORD is not set; cosign needs the password of the signing key');
}

/**
 * Publishes one extension image for the stand-in operand, or reports it
 * unchanged when the images lock holds the same inputs and the registry still
 * serves that digest under a valid signature.
 */
export async function publishImage(ctx: PublishContext, image: ExtensionImage): Promise<PublishOutcome> {
  const { env, report } = ctx;
  const target = standInTarget(env, image, ctx.generatedDir);
  // The Dockerfile that is built, as it is on disk.
  const dockerfile = fs.readFileSync(path.join(ctx.generatedDir, image.name, 'Dockerfile'), 'utf8');
  const inputs = targetInputs(target, dockerfile);
  const final = finalReferences(env, target);
  const locked = ctx.imagesLock.entry(target.name);
  if (locked && locked.inputs === inputs) {
    // The immutable tag it was published under (the build time is part of it).
    const published = `${locked.repository}:${locked.tag}`;
    await report.step(image.name, 'unchanged', () => {
      const served = crane(env.registry, ['digest', published]).trim();
      if (served !== locked.digest) throw new Error(`${published} is ${served}, but the images lock says ${locked.digest}: the tag was re-pushed behind the lock's back`);
      verifySignature(ctx, `${locked.repository}@${locked.digest}`);
    }, () => `${published}@${locked.digest}, signature verified; nothing to build`);
    return { kind: 'unchanged', entry: locked };
  }

  const { localRef } = await buildExtension(report, env, image, ctx.generatedDir, { localRepository: 'localhost/publish' });
  try {
    const testing = resolveBakeTarget(target, env.bakeValues).tags[0];
    const digest = await report.step(image.name, 'push to testing', () => {
      buildah(['push', ...tlsArgs(env.registry), localRef, `docker://${testing}`]);
      return crane(env.registry, ['digest', testing]).trim();
    }, (d) => `${testing}@${d}`);
    await testPushedDigest(ctx, image, `${testing.replace(/:[^:/]+$/, '')}@${digest}`);
    await report.step(image.name, 'promote', () => {
      const existing = tryCrane(env.registry, ['digest', final.immutable]);
      if (existing !== undefined && existing !== digest) {
        throw new Error(`${final.immutable} already holds ${existing}; an immutable tag never moves (the new build is ${digest})`);
      }
      for (const tag of [final.immutable, ...final.rolling]) crane(env.registry, ['copy', `${testing.replace(/:[^:/]+$/, '')}@${digest}`, tag]);
      const promoted = crane(env.registry, ['digest', final.immutable]).trim();
      if (promoted !== digest) throw new Error(`${final.immutable} is ${promoted} after the copy, not ${digest}`);
    }, () => `${digest} as ${[final.immutable, ...final.rolling].map((t) => t.split(':').pop()).join(', ')}, without a rebuild`);
    await report.step(image.name, 'sign', () => {
      cosign(['sign', '--key', ctx.signing.keyFile, '--use-signing-config=false', '--tlog-upload=false', ...insecure(env.registry, 'cosign'), '--yes', `${final.repository}@${digest}`]);
    }, () => `${final.repository}@${digest} with ${path.basename(ctx.signing.keyFile)}`);
    await report.step(image.name, 'verify signature', () => verifySignature(ctx, `${final.repository}@${digest}`), () => 'cosign verify passed');
    const build = image.build(env.operand.distro, env.operand.major)!;
    return {
      kind: 'published',
      entry: {
        target: target.name, repository: final.repository, tag: final.immutable.split(':').pop()!, digest,
        // buildah builds for this machine's platform only; the lock records what the image holds.
        platforms: [`linux/${process.arch === 'x64' ? 'amd64' : process.arch}`],
        inputs, packages: packagePins(build),
      },
    };
  } finally {
    buildah(['rmi', localRef]);
  }
}

/** Pulls the pushed digest, checks its contents and locked packages, and loads it into PostgreSQL 18. */
async function testPushedDigest(ctx: PublishContext, image: ExtensionImage, reference: string): Promise<void> {
  const { env, report } = ctx;
  await report.step(image.name, 'pull pushed digest', () => buildah(['pull', ...tlsArgs(env.registry), '--quiet', `docker://${reference}`]), () => reference);
  const mounted = await checkContents(report, env, image, reference);
  try {
    const entry = standInEntry(image, env, reference);
    await loadIntoPostgres(report, env, [{ image, entry, references: [reference] }], new Map([[image.name, mounted]]));
  } finally {
    mounted.unmount();
    buildah(['rmi', reference]);
  }
}

/** The final repository and its tags: the bake target's tags without the `-testing` suffix. */
export function finalReferences(env: E2eEnvironment, target: BakeTarget): { repository: string; immutable: string; rolling: string[] } {
  const tags = resolveBakeTarget(target, { ...env.bakeValues, image_suffix: '' }).tags;
  return { repository: tags[0].replace(/:[^:/]+$/, ''), immutable: tags[0], rolling: tags.slice(1) };
}

/** Checks the image's signature with the public key. */
export function verifySignature(ctx: PublishContext, reference: string): void {
  cosign(['verify', '--key', ctx.signing.publicKeyFile, '--insecure-ignore-tlog=true', ...insecure(ctx.env.registry, 'cosign'), reference]);
}

function cosign(args: string[]): string {
  return run(toolPath('cosign'), args, { env: { COSIGN_PASSWORD: process.env.COSIGN_PASSWORD ?? '' } });
}

function crane(registry: string, args: string[]): string {
  return run(toolPath('crane'), [...args, ...insecure(registry, 'crane')]);
}

/** The digest crane reads, or undefined when the reference does not exist. */
function tryCrane(registry: string, args: string[]): string | undefined {
  try {
    return crane(registry, args).trim();
  } catch (error) {
    if (/MANIFEST_UNKNOWN|NAME_UNKNOWN|not found|404/i.test((error as Error).message)) return undefined;
    throw error;
  }
}

function insecure(registry: string, tool: 'crane' | 'cosign'): string[] {
  if (!isLocalRegistry(registry)) return [];
  return tool === 'crane' ? ['--insecure'] : ['--allow-insecure-registry', '--allow-http-registry'];
}

function tlsArgs(registry: string): string[] {
  return isLocalRegistry(registry) ? ['--tls-verify=false'] : [];
}

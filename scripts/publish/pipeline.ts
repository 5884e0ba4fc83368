/**
 * The release loop of one extension image, daemonless: build, push to the
 * `-testing` repository, test the pushed digest in PostgreSQL 18, promote that
 * same digest with every tag of the TagPolicy (crane, no rebuild), sign it and
 * verify the signature (cosign), and record it in the images lock.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BakeTarget, ExtensionImage, ImagesLock, ImagesLockEntry, packagePins, resolveBakeTarget, signatureBundleName, targetInputs,
} from '../../src/projen';
import { E2eEnvironment, buildExtension, checkContents, loadIntoPostgres, standInEntry, standInTarget } from '../e2e/extension-pipeline';
import { Report } from '../e2e/report';
import { buildah } from '../lib/buildah';
import { run, toolPath } from '../lib/tools';

/** Signing with a key pair, anywhere. */
export interface KeySigning {
  /** cosign private key file; its password comes from COSIGN_PASSWORD. */
  readonly keyFile: string;
  /** The matching public key file, for `cosign verify`. */
  readonly publicKeyFile: string;
}

/**
 * Keyless signing (Fulcio certificate, Rekor entry) with the OIDC token of the
 * GitHub Actions workflow that runs publish: only there.
 */
export interface KeylessSigning {
  /** Marks keyless signing. */
  readonly keyless: true;
  /** What a signing certificate's identity (the workflow's URL and ref) must match. */
  readonly identityRegexp: string;
  /** The OIDC issuer the certificate must name. */
  readonly oidcIssuer: string;
}

/** How images and catalogs are signed. */
export type Signing = KeySigning | KeylessSigning;

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * Keyless signing as the GitHub Actions workflow running now: the identity
 * is exactly this workflow file at this ref (`GITHUB_WORKFLOW_REF`). Refused,
 * naming what is missing, outside a GitHub workflow whose job may request an
 * OIDC token (`permissions: id-token: write`).
 */
export function githubKeylessSigning(env: NodeJS.ProcessEnv = process.env): KeylessSigning {
  const refusal = 'keyless signing needs the OIDC token of a GitHub Actions job with "permissions: id-token: write"; outside GitHub pass --key FILE (a cosign key pair)';
  if (env.GITHUB_ACTIONS !== 'true') throw new Error(`${refusal}: GITHUB_ACTIONS is not "true"`);
  const missing = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'GITHUB_SERVER_URL', 'GITHUB_WORKFLOW_REF'].filter((v) => !env[v]);
  if (missing.length) throw new Error(`${refusal}: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
  const identity = `${env.GITHUB_SERVER_URL}/${env.GITHUB_WORKFLOW_REF}`;
  return { keyless: true, identityRegexp: `^${identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, oidcIssuer: GITHUB_OIDC_ISSUER };
}

/** Whether `signing` is keyless. */
export function isKeyless(signing: Signing): signing is KeylessSigning {
  return 'keyless' in signing && signing.keyless === true;
}

/** cosign's arguments to sign (`sign`, `sign-blob`) as `signing` says. */
export function signArgs(signing: Signing): string[] {
  // Keyless: cosign finds GitHub's OIDC token itself, gets a Fulcio certificate and records the signature in Rekor.
  return isKeyless(signing) ? [] : ['--key', signing.keyFile, '--use-signing-config=false', '--tlog-upload=false'];
}

/** cosign's arguments to verify (`verify`, `verify-blob`) as `signing` says. */
export function verifyArgs(signing: Signing): string[] {
  return isKeyless(signing)
    ? ['--certificate-identity-regexp', signing.identityRegexp, '--certificate-oidc-issuer', signing.oidcIssuer]
    : ['--key', signing.publicKeyFile, '--insecure-ignore-tlog=true'];
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

/** Fails with a clear message unless the signing key and its password work (keyless: unless this is a GitHub job with an OIDC token). */
export function checkSigningKey(signing: Signing): void {
  if (isKeyless(signing)) {
    githubKeylessSigning();
    return;
  }
  for (const file of [signing.keyFile, signing.publicKeyFile]) {
    if (!fs.existsSync(file)) throw new Error(`signing key ${file} does not exist; pass --key FILE (a cosign key pair; COSIGN_PASSWORD holds its password)`);
  }
  if (process.env.COSIGN_PASSWORD === undefined) throw new Error('COSIGN_PASSWORD is not set; cosign needs the password of the signing key');
}

/** An image `docker buildx bake --push` already pushed to its `-testing` repository. */
export interface BakedImage {
  /** Its bake target. */
  readonly target: BakeTarget;
  /** The index digest bake's metadata file gives. */
  readonly digest: string;
  /** Every tag it was pushed with, `-testing` repository and all (bake's `image.name`). */
  readonly tags: readonly string[];
}

/**
 * Publishes one extension image, or reports it unchanged when the images lock
 * holds the same inputs and the registry still serves that digest under a
 * valid signature. Without `baked`, it builds the stand-in build with buildah
 * and pushes it to `-testing`; with it, it starts from what bake pushed there.
 */
export async function publishImage(ctx: PublishContext, image: ExtensionImage, baked?: BakedImage): Promise<PublishOutcome> {
  const { env, report } = ctx;
  const target = baked?.target ?? standInTarget(env, image, ctx.generatedDir);
  // The Dockerfile that is built, as it is on disk.
  const dockerfile = fs.readFileSync(path.join(ctx.generatedDir, image.name, 'Dockerfile'), 'utf8');
  const inputs = targetInputs(target, dockerfile);
  const final = baked ? promotedReferences(baked.tags) : finalReferences(env, target);
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

  const localRef = baked ? undefined : (await buildExtension(report, env, image, ctx.generatedDir, { localRepository: 'localhost/publish' })).localRef;
  try {
    const testing = baked ? baked.tags[0] : resolveBakeTarget(target, env.bakeValues).tags[0];
    const digest = await report.step(image.name, baked ? 'pushed by bake' : 'push to testing', () => {
      if (localRef) buildah(['push', ...tlsArgs(env.registry), localRef, `docker://${testing}`]);
      const served = crane(env.registry, ['digest', testing]).trim();
      if (baked && served !== baked.digest) throw new Error(`${testing} is ${served}, but bake pushed ${baked.digest}`);
      return served;
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
      cosign(['sign', ...signArgs(ctx.signing), ...insecure(env.registry, 'cosign'), '--yes', `${final.repository}@${digest}`]);
    }, () => `${final.repository}@${digest} ${isKeyless(ctx.signing) ? `keyless, as ${ctx.signing.identityRegexp}` : `with ${path.basename(ctx.signing.keyFile)}`}`);
    await report.step(image.name, 'verify signature', () => verifySignature(ctx, `${final.repository}@${digest}`), () => 'cosign verify passed');
    const build = image.buildFor(env.operand.distro, env.operand.major)!;
    return {
      kind: 'published',
      entry: {
        target: target.name,
        repository: final.repository,
        tag: final.immutable.split(':').pop()!,
        digest,
        // What the promoted index holds: both platforms from bake; buildah builds only this machine's.
        platforms: platformsOf(env.registry, `${final.repository}@${digest}`),
        inputs,
        packages: packagePins(build),
      },
    };
  } finally {
    if (localRef) buildah(['rmi', localRef]);
  }
}

/** The final repository and tags of images bake pushed: the same tags in the repository without `-testing`. */
export function promotedReferences(testingTags: readonly string[]): { repository: string; immutable: string; rolling: string[] } {
  const finalTags = testingTags.map((tag) => {
    const m = /^(.+)-testing(:[^:/]+)$/.exec(tag);
    if (!m) throw new Error(`${tag} is not in a -testing repository; publish promotes only from there`);
    return `${m[1]}${m[2]}`;
  });
  const repositories = new Set(finalTags.map((t) => t.replace(/:[^:/]+$/, '')));
  if (repositories.size !== 1) throw new Error(`bake pushed one image to several repositories: ${[...repositories].join(', ')}`);
  return { repository: [...repositories][0], immutable: finalTags[0], rolling: finalTags.slice(1) };
}

/** The platforms an image or index holds (`os/arch[/variant]`), attestation manifests left out. */
function platformsOf(registry: string, reference: string): string[] {
  const manifest = JSON.parse(crane(registry, ['manifest', reference]));
  if (!Array.isArray(manifest.manifests)) {
    const config = JSON.parse(crane(registry, ['config', reference]));
    return [[config.os, config.architecture, config.variant].filter(Boolean).join('/')];
  }
  return (manifest.manifests as { platform?: { os: string; architecture: string; variant?: string } }[])
    .map((m) => m.platform).filter((p): p is { os: string; architecture: string; variant?: string } => p !== undefined && p.os !== 'unknown')
    .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')).sort();
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
  cosign(['verify', ...verifyArgs(ctx.signing), ...insecure(ctx.env.registry, 'cosign'), reference]);
}

/**
 * Signs `file` with `cosign sign-blob`, writing the sigstore bundle beside it
 * (`<file>.sigstore.json`), and verifies it; returns the bundle's path.
 */
export function signBlob(signing: Signing, file: string): string {
  const bundle = signatureBundleName(file);
  cosign(['sign-blob', ...signArgs(signing), '--bundle', bundle, '--yes', file]);
  verifyBlob(signing, file, bundle);
  return bundle;
}

/** Checks `file` against its sigstore bundle; throws (cosign's "invalid signature") when they disagree. */
export function verifyBlob(signing: Signing, file: string, bundle = signatureBundleName(file)): void {
  cosign(['verify-blob', ...verifyArgs(signing), '--bundle', bundle, file]);
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

/**
 * Publishes extension images, daemonless:
 *   npx projen publish [--registry HOST[:PORT]/NAMESPACE] (--key FILE | --keyless) [--images-lock FILE] [--from-bake METADATA] [name...]
 * For each image: build, push to <image>-testing, test the pushed digest in
 * PostgreSQL 18, promote the same digest with every tag, sign and verify it
 * (cosign: with a key pair, COSIGN_PASSWORD holding its password, or keyless
 * in a GitHub Actions job with an OIDC token), and record it in the images
 * lock. Unchanged images (same inputs, digest still served and signed) are
 * not rebuilt. When the lock is the repository's, the catalogs are then
 * rendered from it into generated/catalogs and each catalog file is signed
 * with `cosign sign-blob`, its sigstore bundle beside it. Without --registry
 * it starts a throwaway registry on 127.0.0.1 and writes the lock beside it,
 * never into the repository.
 *
 * Built here, the images are the builds for the e2e's stand-in operand
 * (Debian sid + postgresql-18), with exactly the versions the lock holds for
 * "sid": this machine reaches no CloudNativePG operand image. With
 * --from-bake, the images are the real targets `docker buildx bake --push
 * --metadata-file METADATA` pushed to their -testing repositories (both
 * platforms); they are tested (on this machine's platform) in their operand
 * image, which must be reachable, as it is on GitHub.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { Signing, checkRegistryReachable, checkSigningKey, githubKeylessSigning, publishImage, signBlob, verifyBlob } from './pipeline';
import { formatTagTimestamp } from '../../src/model/tag-policy';
import {
  BAKE_ATTRIBUTES, BAKE_VARIABLES, CATALOGS_DIR, ExtensionRepository, IMAGES_LOCK_FILE, ImagesLock, ImagesLockEntry, OperandCatalog,
  VERSIONS_LOCK_FILE, VersionsLock, currentSignatureBundles, loadExtensionDefinitions, signatureBundleName, writeGeneratedTree,
} from '../../src/projen';
import { E2eEnvironment } from '../e2e/extension-pipeline';
import { Report } from '../e2e/report';
import { describeStandIn, ensureBaseImage } from '../lib/base-image';
import { buildah } from '../lib/buildah';
import { startRegistry } from '../lib/registry';
import { ensureTools } from '../lib/tools';

export const ROOT = path.join(__dirname, '..', '..');
const SOURCE = 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk';
const USAGE = 'usage: npx projen publish [--registry HOST[:PORT]/NAMESPACE] (--key FILE | --keyless) [--images-lock FILE] [--from-bake METADATA] [name...]';

/** What a publish run did. */
export interface PublishSummary {
  /** Images built and pushed. */
  readonly built: number;
  /** Digests promoted. */
  readonly promoted: number;
  /** Digests signed. */
  readonly signed: number;
  /** Images left as they were. */
  readonly unchanged: number;
  /** The images lock after the run (written only when every image succeeded). */
  readonly lock: ImagesLock;
}

/** Catalog files publish writes and signs once the images lock is written. */
export interface PublishedCatalogs {
  /** The directory; publish makes it hold exactly `files` and the bundles of `sign`. */
  readonly dir: string;
  /** Every file of the directory (relative path to content). */
  readonly files: ReadonlyMap<string, string>;
  /** The files to sign, each getting `<file>.sigstore.json` beside it. */
  readonly sign: readonly string[];
}

/** Options of one publish run. */
export interface PublishRunOptions {
  /** HOST[:PORT]/NAMESPACE of the registry. */
  readonly registry: string;
  /** The signing key pair. */
  readonly signing: Signing;
  /** The images lock file, read and (on success) rewritten. */
  readonly imagesLockFile: string;
  /** Extension names; all when empty. */
  readonly names: readonly string[];
  /** Step results go here. */
  readonly report: Report;
  /** The build time in tags and labels. @default - now */
  readonly timestamp?: Date;
  /** What bake pushed to the -testing repositories (its --metadata-file); publish builds nothing then. @default - build the stand-in builds */
  readonly bakeMetadata?: BakeMetadata;
  /** The catalogs to render from the new images lock, write and sign. @default - none */
  readonly catalogs?: (lock: ImagesLock) => PublishedCatalogs;
}

/** `docker buildx bake --metadata-file` output: per target, the digest pushed and the names it was pushed as. */
export type BakeMetadata = Readonly<Record<string, { readonly 'containerimage.digest'?: string; readonly 'image.name'?: string } | unknown>>;

/** The targets of bake's metadata, each with the index digest and tags it pushed; throws naming a target without them. */
export function bakedTargets(metadata: BakeMetadata): Map<string, { digest: string; tags: string[] }> {
  const result = new Map<string, { digest: string; tags: string[] }>();
  for (const [target, value] of Object.entries(metadata)) {
    if (target.startsWith('buildx.')) continue; // buildx's own records (build warnings), not targets
    const result_ = value as { 'containerimage.digest'?: unknown; 'image.name'?: unknown };
    const digest = result_?.['containerimage.digest'];
    const names = result_?.['image.name'];
    if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest) || typeof names !== 'string' || names === '') {
      throw new Error(`bake metadata: target ${target} has no pushed digest and image names (containerimage.digest, image.name); was it built with --push?`);
    }
    result.set(target, { digest, tags: names.split(',') });
  }
  return result;
}

/**
 * Publishes the selected images. Checks the key and the registry first; on any
 * failure the images lock is left exactly as it was.
 */
export async function publish(options: PublishRunOptions): Promise<PublishSummary> {
  const { report } = options;
  checkSigningKey(options.signing);
  await checkRegistryReachable(options.registry);
  ensureTools();
  const versionsLock = VersionsLock.read(path.join(ROOT, 'extensions', VERSIONS_LOCK_FILE), `extensions/${VERSIONS_LOCK_FILE}`);
  const repository = new ExtensionRepository({
    definitions: loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT),
    operands: OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs')),
    versionsLock,
    source: SOURCE,
  });
  const unknown = options.names.filter((n) => !repository.images.some((i) => i.name === n));
  if (unknown.length) throw new Error(`unknown extension(s): ${unknown.join(', ')}`);
  const selected = repository.images.filter((i) => options.names.length === 0 || options.names.includes(i.name));
  const baked = options.bakeMetadata ? bakedTargets(options.bakeMetadata) : undefined;
  const operand = baked ? undefined : describeStandIn(ensureBaseImage());
  const now = options.timestamp ?? new Date();
  const env: E2eEnvironment = {
    operand: operand!,
    registry: options.registry,
    tagPolicy: repository.tagPolicy,
    source: SOURCE,
    versionsLock,
    bakeValues: {
      [BAKE_VARIABLES.registry]: options.registry,
      [BAKE_ATTRIBUTES.imageSuffix]: '-testing',
      [BAKE_ATTRIBUTES.buildTimestamp]: formatTagTimestamp(now),
      [BAKE_ATTRIBUTES.created]: `${now.toISOString().slice(0, 16)}:00Z`,
      [BAKE_VARIABLES.revision]: 'unknown',
      [BAKE_VARIABLES.source]: SOURCE,
    },
  };
  const before = ImagesLock.read(options.imagesLockFile);
  const ctx = { env, generatedDir: path.join(ROOT, 'generated'), imagesLock: before, signing: options.signing, report };
  const entries: ImagesLockEntry[] = [];
  let built = 0;
  let unchanged = 0;
  const failures: string[] = [];
  // Each unit: an image and, from bake, the target it pushed (the stand-in build otherwise).
  const units = baked
    ? [...baked].map(([name, pushed]) => {
      const found = repository.images
        .flatMap((image) => image.builds.map((build) => ({ image, build, target: repository.bakeTarget(image, build) })))
        .find((u) => u.target.name === name);
      if (!found) throw new Error(`bake metadata: ${name} is not a bake target of this repository`);
      return { ...found, pushed };
    }).filter((u) => options.names.length === 0 || options.names.includes(u.image.name))
    : selected.map((image) => ({ image, build: undefined, target: undefined, pushed: undefined }));
  for (const unit of units) {
    const { image } = unit;
    try {
      const required = repository.requiredImages(image).map((r) => r.name);
      // Testing the pushed digest would need the required images mounted beside it.
      if (required.length) throw new Error(`${image.name} requires ${required.join(', ')}; publishing images with required extensions is not supported yet`);
      let unitCtx = ctx;
      if (unit.pushed) {
        // Tested in its own operand image, pulled (by digest) for this machine's platform.
        const realOperand = repository.operandFor(unit.build);
        await report.step(image.name, 'pull operand', () => buildah(['pull', '--quiet', `docker://${realOperand.reference.replace(/:[^:/@]+@/, '@')}`]), () => realOperand.reference);
        unitCtx = { ...ctx, env: { ...env, operand: realOperand } };
      }
      const outcome = await publishImage(unitCtx, image, unit.pushed && { target: unit.target, digest: unit.pushed.digest, tags: unit.pushed.tags });
      entries.push(outcome.entry);
      if (outcome.kind === 'published') built++;
      else unchanged++;
    } catch (error) {
      failures.push((error as Error).message.replace(/\s*\n\s*/g, ' ').slice(0, 600));
    }
  }
  if (failures.length) throw new Error(`publish failed; ${path.basename(options.imagesLockFile)} is unchanged:\n  ${failures.join('\n  ')}`);
  const lock = before.withEntries(entries);
  // Signed before anything is written: a signing failure leaves the lock and the catalogs as they were.
  const catalogs = options.catalogs?.(lock);
  const bundles = catalogs ? await signCatalogs(catalogs, options.signing, report) : new Map<string, string>();
  const text = lock.render();
  if (!fs.existsSync(options.imagesLockFile) || fs.readFileSync(options.imagesLockFile, 'utf8') !== text) {
    fs.writeFileSync(`${options.imagesLockFile}.${process.pid}`, text);
    fs.renameSync(`${options.imagesLockFile}.${process.pid}`, options.imagesLockFile);
  }
  if (catalogs) writeGeneratedTree(catalogs.dir, new Map([...catalogs.files, ...bundles]));
  return { built, promoted: built, signed: built, unchanged, lock };
}

/**
 * Signs each catalog file to be written (a copy aside, in the same relative
 * place) and returns every bundle by relative path: the new ones, and those
 * already beside a catalog that is unchanged and still verifies (no new
 * signature, so a run that changes nothing changes no file).
 */
async function signCatalogs(catalogs: PublishedCatalogs, signing: Signing, report: Report): Promise<Map<string, string>> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-publish-catalogs-'));
  try {
    const bundles = new Map<string, string>();
    const current = new Set(currentSignatureBundles(catalogs.dir, catalogs.files));
    for (const rel of catalogs.sign) {
      const content = catalogs.files.get(rel);
      if (content === undefined) throw new Error(`catalog ${rel} is not among the files to write`);
      const bundle = signatureBundleName(rel);
      const staged = path.join(stage, rel);
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      fs.writeFileSync(staged, content);
      await report.step('catalogs', `sign ${rel}`, () => {
        if (current.has(bundle)) {
          fs.copyFileSync(path.join(catalogs.dir, bundle), signatureBundleName(staged));
          try {
            verifyBlob(signing, staged);
            return 'unchanged';
          } catch {
            // signed by another key or identity: sign again
          }
        }
        signBlob(signing, staged);
        return 'signed';
      }, (o) => (o === 'unchanged' ? `${bundle} still signs it` : `${bundle} written and verified`));
      bundles.set(bundle, fs.readFileSync(signatureBundleName(staged), 'utf8'));
    }
    return bundles;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** `publish: N built, N promoted, N signed, N unchanged`. */
export function summaryLine(s: PublishSummary): string {
  return `publish: ${s.built} built, ${s.promoted} promoted, ${s.signed} signed, ${s.unchanged} unchanged`;
}

/** The public key beside a cosign private key: `cosign.key` -> `cosign.pub`. */
export function publicKeyOf(keyFile: string): string {
  return keyFile.replace(/\.key$/, '') + '.pub';
}

/** The repository's own catalogs, rendered from `lock` as synthesis renders them: generated/catalogs, every extension catalog signed. */
export function repositoryCatalogs(lock: ImagesLock): PublishedCatalogs {
  const repository = new ExtensionRepository({
    definitions: loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT),
    operands: OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs')),
    versionsLock: VersionsLock.read(path.join(ROOT, 'extensions', VERSIONS_LOCK_FILE), `extensions/${VERSIONS_LOCK_FILE}`),
    imagesLock: lock,
    source: SOURCE,
  });
  const files = repository.catalogFiles();
  return { dir: path.join(ROOT, 'generated', CATALOGS_DIR), files, sign: [...files.keys()].filter((f) => /^catalog-[^/]+\.yaml$/.test(f)) };
}

/** The options `npx projen publish` takes. */
export const PUBLISH_OPTIONS = {
  'registry': { type: 'string' }, 'key': { type: 'string' }, 'keyless': { type: 'boolean' }, 'images-lock': { type: 'string' }, 'from-bake': { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: PUBLISH_OPTIONS });
  if (values.key && values.keyless) throw new Error(`--key and --keyless exclude each other\n${USAGE}`);
  if (!values.key && !values.keyless) throw new Error(`--key FILE (a cosign key pair, cosign generate-key-pair) or --keyless (in a GitHub Actions job with id-token: write) is required\n${USAGE}`);
  // Refused at once outside GitHub, before anything runs.
  const keyFile = values.keyless ? undefined : path.resolve(values.key!);
  const signing: Signing = keyFile === undefined ? githubKeylessSigning() : { keyFile, publicKeyFile: publicKeyOf(keyFile) };
  if (values['from-bake'] && !values.registry) throw new Error(`--from-bake needs the --registry bake pushed to\n${USAGE}`);
  const bakeMetadata = values['from-bake'] ? JSON.parse(fs.readFileSync(values['from-bake'], 'utf8')) as BakeMetadata : undefined;
  const report = new Report();
  const throwaway = values.registry ? undefined : await startRegistry();
  try {
    const registry = values.registry ?? `${throwaway!.address}/publish`;
    const repositoryLock = path.join(ROOT, 'extensions', IMAGES_LOCK_FILE);
    const imagesLockFile = values['images-lock']
      ? path.resolve(values['images-lock'])
      : throwaway ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-publish-')), IMAGES_LOCK_FILE) : repositoryLock;
    // The repository's catalogs follow the repository's lock only.
    const catalogs = imagesLockFile === repositoryLock ? repositoryCatalogs : undefined;
    const summary = await publish({ registry, signing, imagesLockFile, names: positionals, report, bakeMetadata, catalogs });
    for (const r of report.results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.subject.padEnd(20)} ${r.step.padEnd(22)} ${r.detail}`);
    console.log(`images lock: ${imagesLockFile}${throwaway ? ' (a throwaway registry: the repository\'s lock is untouched)' : ''}`);
    if (catalogs) console.log(`catalogs: generated/${CATALOGS_DIR}, each catalog file signed (<file>.sigstore.json)`);
    console.log(bakeMetadata
      ? 'platforms: as bake pushed them (the lock records each index\'s); the tests ran on this machine\'s platform only'
      : 'platforms: linux/amd64 only; buildah on this machine builds for its own platform (bake files keep both)');
    console.log(summaryLine(summary));
    return 0;
  } finally {
    await throwaway?.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  });
}

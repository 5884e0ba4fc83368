/**
 * Publishes extension images, daemonless:
 *   npx projen publish [--registry HOST[:PORT]/NAMESPACE] [--key FILE] [--images-lock FILE] [name...]
 * For each image: build, push to <image>-testing, test the pushed digest in
 * PostgreSQL 18, promote the same digest with every tag, sign and verify it
 * (cosign, key pair; COSIGN_PASSWORD holds the key's password), and record it
 * in the images lock. Unchanged images (same inputs, digest still served and
 * signed) are not rebuilt. Without --registry it starts a throwaway registry
 * on 127.0.0.1 and writes the lock beside it, never into the repository.
 *
 * This machine reaches no CloudNativePG operand image, so it publishes the
 * builds for the e2e's stand-in operand (Debian sid + postgresql-18), with
 * exactly the versions the lock holds for "sid".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import {
  BAKE_ATTRIBUTES, BAKE_VARIABLES, ExtensionRepository, IMAGES_LOCK_FILE, ImagesLock, ImagesLockEntry, OperandCatalog,
  VERSIONS_LOCK_FILE, VersionsLock, loadExtensionDefinitions,
} from '../../src/projen';
import { formatTagTimestamp } from '../../src/model/tag-policy';
import { E2eEnvironment } from '../e2e/extension-pipeline';
import { describeStandIn, ensureBaseImage } from '../e2e/lib/base-image';
import { startRegistry } from '../e2e/lib/registry';
import { ensureTools } from '../e2e/lib/tools';
import { Report } from '../e2e/report';
import { Signing, checkRegistryReachable, checkSigningKey, publishImage } from './pipeline';

export const ROOT = path.join(__dirname, '..', '..');
const SOURCE = 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk';
const USAGE = 'usage: npx projen publish [--registry HOST[:PORT]/NAMESPACE] [--key FILE] [--images-lock FILE] [name...]';

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
    versionsLock, source: SOURCE,
  });
  const unknown = options.names.filter((n) => !repository.images.some((i) => i.name === n));
  if (unknown.length) throw new Error(`unknown extension(s): ${unknown.join(', ')}`);
  const selected = repository.images.filter((i) => options.names.length === 0 || options.names.includes(i.name));
  const operand = describeStandIn(ensureBaseImage());
  const now = options.timestamp ?? new Date();
  const env: E2eEnvironment = {
    operand, registry: options.registry, tagPolicy: repository.tagPolicy, source: SOURCE, versionsLock,
    bakeValues: {
      [BAKE_VARIABLES.registry]: options.registry, [BAKE_ATTRIBUTES.imageSuffix]: '-testing',
      [BAKE_ATTRIBUTES.buildTimestamp]: formatTagTimestamp(now), [BAKE_ATTRIBUTES.created]: `${now.toISOString().slice(0, 16)}:00Z`,
      [BAKE_VARIABLES.revision]: 'unknown', [BAKE_VARIABLES.source]: SOURCE,
    },
  };
  const before = ImagesLock.read(options.imagesLockFile);
  const ctx = { env, generatedDir: path.join(ROOT, 'generated'), imagesLock: before, signing: options.signing, report };
  const entries: ImagesLockEntry[] = [];
  let built = 0;
  let unchanged = 0;
  const failures: string[] = [];
  for (const image of selected) {
    try {
      const required = repository.requiredImages(image).map((r) => r.name);
      // Testing the pushed digest would need the required images mounted beside it.
      if (required.length) throw new Error(`${image.name} requires ${required.join(', ')}; publishing images with required extensions is not supported yet`);
      const outcome = await publishImage(ctx, image);
      entries.push(outcome.entry);
      if (outcome.kind === 'published') built++;
      else unchanged++;
    } catch (error) {
      failures.push((error as Error).message.replace(/\s*\n\s*/g, ' ').slice(0, 600));
    }
  }
  if (failures.length) throw new Error(`publish failed; ${path.basename(options.imagesLockFile)} is unchanged:\n  ${failures.join('\n  ')}`);
  const lock = before.with(entries);
  const text = lock.render();
  if (!fs.existsSync(options.imagesLockFile) || fs.readFileSync(options.imagesLockFile, 'utf8') !== text) {
    fs.writeFileSync(`${options.imagesLockFile}.${process.pid}`, text);
    fs.renameSync(`${options.imagesLockFile}.${process.pid}`, options.imagesLockFile);
  }
  return { built, promoted: built, signed: built, unchanged, lock };
}

/** `publish: N built, N promoted, N signed, N unchanged`. */
export function summaryLine(s: PublishSummary): string {
  return `publish: ${s.built} built, ${s.promoted} promoted, ${s.signed} signed, ${s.unchanged} unchanged`;
}

/** The public key beside a cosign private key: `cosign.key` -> `cosign.pub`. */
export function publicKeyOf(keyFile: string): string {
  return keyFile.replace(/\.key$/, '') + '.pub';
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { 'registry': { type: 'string' }, 'key': { type: 'string' }, 'images-lock': { type: 'string' } },
  });
  if (!values.key) throw new Error(`--key FILE is required: a cosign key pair (cosign generate-key-pair); keyless signing needs GitHub's OIDC token\n${USAGE}`);
  const report = new Report();
  const throwaway = values.registry ? undefined : await startRegistry();
  try {
    const registry = values.registry ?? `${throwaway!.address}/publish`;
    const imagesLockFile = values['images-lock']
      ? path.resolve(values['images-lock'])
      : throwaway ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-publish-')), IMAGES_LOCK_FILE) : path.join(ROOT, 'extensions', IMAGES_LOCK_FILE);
    const summary = await publish({ registry, signing: { keyFile: path.resolve(values.key), publicKeyFile: publicKeyOf(path.resolve(values.key)) }, imagesLockFile, names: positionals, report });
    for (const r of report.results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.subject.padEnd(20)} ${r.step.padEnd(22)} ${r.detail}`);
    console.log(`images lock: ${imagesLockFile}${throwaway ? ' (a throwaway registry: the repository\'s lock is untouched)' : ''}`);
    console.log('platforms: linux/amd64 only; buildah on this machine builds for its own platform (bake files keep both)');
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

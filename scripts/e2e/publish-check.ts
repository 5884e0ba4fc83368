/**
 * The release loop, end to end against a real registry on 127.0.0.1 with a
 * throwaway cosign key pair: publish some extensions twice, check what the
 * images lock, the registry and the signatures say, load the extension into
 * PostgreSQL 18 through the pinned catalog reference and the catalog publish
 * signed, build the repository's catalog kustomization with kubectl, and make
 * the loop's faults fail clearly without touching the lock or the catalogs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { App, Chart } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { E2eEnvironment, checkContents, loadIntoPostgres, standInTarget } from './extension-pipeline';
import { Report } from './report';
import {
  CATALOGS_DIR, CatalogEntry, ExtensionImage, ExtensionRepository, ImagesLock, OperandCatalog, OperandImageCatalog, VERSIONS_LOCK_FILE, VersionsLock,
  loadExtensionDefinitions, pinnedReference, signatureBundleName, validateManifests,
} from '../../src/projen';
import { formatIssues } from '../../src/validation/manifest-validation';
import { buildah } from '../lib/buildah';
import { startRegistry } from '../lib/registry';
import { run, toolPath } from '../lib/tools';
import { KeySigning, Signing } from '../publish/pipeline';
import { PublishedCatalogs, ROOT, publicKeyOf, publish, summaryLine } from '../publish/run';

const PASSWORD = 'e2e-throwaway';

/** Runs the release loop for `names` and records every check in `report`. */
export async function runPublishCheck(report: Report, env: E2eEnvironment, names: readonly string[]): Promise<void> {
  const registry = await startRegistry();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-publish-check-'));
  const savedPassword = process.env.COSIGN_PASSWORD;
  process.env.COSIGN_PASSWORD = PASSWORD;
  try {
    const signing = await report.step('publish', 'throwaway key pair', () => {
      run(toolPath('cosign'), ['generate-key-pair'], { cwd: work, env: { COSIGN_PASSWORD: PASSWORD } });
      return { keyFile: path.join(work, 'cosign.key'), publicKeyFile: publicKeyOf(path.join(work, 'cosign.key')) };
    }, (s) => path.basename(s.publicKeyFile));
    const namespace = `${registry.address}/publish`;
    const lockFile = path.join(work, 'images.lock.json');
    const catalogDir = path.join(work, 'catalogs');
    const catalogs = (lock: ImagesLock) => standInCatalogs(env, lock, names, catalogDir);
    const once = (sub: Report, options: Partial<{ registry: string; signing: Signing; timestamp: Date }> = {}) =>
      publish({ registry: namespace, signing, imagesLockFile: lockFile, names, report: sub, catalogs, ...options });

    const first = await report.step('publish', 'first run', async () => {
      const sub = new Report();
      const summary = await once(sub).catch((error) => {
        throw new Error(`${(error as Error).message}\n${sub.results.filter((r) => !r.ok).map((r) => `${r.subject} ${r.step}: ${r.detail}`).join('\n')}`);
      });
      report.results.push(...sub.results.map((r) => ({ ...r, subject: `publish ${r.subject}` })));
      if (summary.built !== names.length) throw new Error(`${summaryLine(summary)}; expected ${names.length} built`);
      return summary;
    }, summaryLine);

    await report.step('publish', 'lock = registry', () => first.lock.entries.map((e) => {
      const served = run(toolPath('crane'), ['digest', `${e.repository}:${e.tag}`, '--insecure']).trim();
      if (served !== e.digest) throw new Error(`${e.repository}:${e.tag} is ${served}, the lock says ${e.digest}`);
      run(toolPath('cosign'), ['verify', '--key', signing.publicKeyFile, '--insecure-ignore-tlog=true', '--allow-insecure-registry', '--allow-http-registry', `${e.repository}@${e.digest}`]);
      return e.target;
    }), (targets) => `${targets.join(', ')}: every locked digest is served and its signature verifies`);

    const catalogFile = path.join(catalogDir, STAND_IN_CATALOG);
    await report.step('publish', 'pinned catalog', () => {
      const refs = fs.readFileSync(catalogFile, 'utf8').match(/reference: \S+/g) ?? [];
      if (refs.length !== names.length || !refs.every((r) => /:[^:@/]+@sha256:[a-f0-9]{64}$/.test(r))) throw new Error(`expected ${names.length} <tag>@sha256: references, got ${refs.join(', ')}`);
      return refs.length;
    }, (n) => `publish wrote ${STAND_IN_CATALOG} from the lock: ${n} references, all <tag>@sha256:`);
    await report.step('publish', 'catalog signed', () => {
      const bundle = signatureBundleName(catalogFile);
      const verify = (file: string) => run(toolPath('cosign'), ['verify-blob', '--key', signing.publicKeyFile, '--insecure-ignore-tlog=true', '--bundle', bundle, file]);
      verify(catalogFile);
      const tampered = path.join(work, 'tampered.yaml');
      fs.writeFileSync(tampered, `${fs.readFileSync(catalogFile, 'utf8')}# tampered\n`);
      try {
        verify(tampered);
      } catch {
        return path.basename(bundle);
      }
      throw new Error('a tampered catalog verified');
    }, (bundle) => `publish wrote ${bundle}: cosign verify-blob passes on the catalog and fails on a tampered copy`);
    await report.step('publish', 'catalog kustomization', () => buildCatalogKustomization(), (n) => `kubectl kustomize generated/catalogs gives exactly the ${n} extension catalogs (operand catalogs patched)`);
    const catalogsAfterFirst = snapshot(catalogDir);

    for (const name of names) await loadThroughPinnedReference(report, env, first.lock, name);

    await report.step('publish', 'second run', async () => {
      const summary = await once(new Report());
      if (summary.built !== 0 || summary.unchanged !== names.length) throw new Error(`${summaryLine(summary)}; expected 0 built`);
      if (snapshot(catalogDir) !== catalogsAfterFirst) throw new Error('the catalogs or their bundles changed');
      return summary;
    }, (s) => `${summaryLine(s)}; catalogs and bundles byte for byte as before`);

    await faults(report, first.lock, lockFile, catalogDir, once, signing);
  } finally {
    if (savedPassword === undefined) delete process.env.COSIGN_PASSWORD;
    else process.env.COSIGN_PASSWORD = savedPassword;
    await registry.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const STAND_IN_CATALOG = 'catalog-standin-sid.yaml';

/** The stand-in's catalog, for publish to write and sign: every published extension pinned by digest, validated against the CRDs. */
function standInCatalogs(env: E2eEnvironment, lock: ImagesLock, names: readonly string[], dir: string): PublishedCatalogs {
  const app = new App();
  const catalog = new OperandImageCatalog(new Chart(app, 'standin'), 'catalog', {
    catalog: { name: 'postgresql-standin-sid', distro: env.operand.distro, labels: {}, images: [env.operand] },
  });
  for (const image of imagesNamed(env, names)) {
    const entry = lock.entries.find((e) => e.target === standInTarget(env, image, path.join(ROOT, 'generated')).name);
    if (!entry) throw new Error(`${image.name} is not in the images lock`);
    catalog.addEntry(new CatalogEntry({ extension: image, operand: env.operand, imageReference: pinnedReference(entry) }));
  }
  const yaml = app.synthYaml();
  const issues = formatIssues(validateManifests(yaml, STAND_IN_CATALOG));
  if (issues.length) throw new Error(issues.join('\n'));
  return { dir, files: new Map([[STAND_IN_CATALOG, yaml]]), sign: [STAND_IN_CATALOG] };
}

/**
 * Builds the repository's generated/catalogs with kubectl's kustomize and
 * checks that it gives exactly the extension catalogs: the operand catalogs,
 * patched. Returns how many catalogs it gave.
 */
function buildCatalogKustomization(): number {
  const dir = path.join(ROOT, 'generated', CATALOGS_DIR);
  const built = parseAllDocuments(run(toolPath('kubectl'), ['kustomize', dir])).map((d) => d.toJS());
  const expected = fs.readdirSync(dir).filter((f) => /^catalog-[^/]+\.yaml$/.test(f)).map((f) => parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  if (built.length !== expected.length) throw new Error(`kustomize gave ${built.length} objects, not the ${expected.length} catalogs`);
  for (const catalog of expected) {
    const same = built.find((b) => b.kind === catalog.kind && b.metadata?.name === catalog.metadata.name);
    if (!isDeepStrictEqual(same, catalog)) throw new Error(`kustomize's ${catalog.metadata.name} differs from the extension catalog`);
  }
  return built.length;
}

/** Every file of `dir` and its bytes, as one string to compare. */
function snapshot(dir: string): string {
  return fs.readdirSync(dir).sort().map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n---\n');
}

/** Pulls exactly the catalog's pinned reference and uses the extension from it in PostgreSQL 18. */
async function loadThroughPinnedReference(report: Report, env: E2eEnvironment, lock: ImagesLock, name: string): Promise<void> {
  const [image] = imagesNamed(env, [name]);
  const entry = lock.entries.find((e) => e.target === standInTarget(env, image, path.join(ROOT, 'generated')).name)!;
  const pinned = pinnedReference(entry);
  // Container runtimes pull a tag@digest reference by its digest; buildah's parser takes no tag beside it.
  const byDigest = `${entry.repository}@${entry.digest}`;
  await report.step(`publish ${name}`, 'pull pinned reference', () => {
    const tagged = run(toolPath('crane'), ['digest', `${entry.repository}:${entry.tag}`, '--insecure']).trim();
    if (tagged !== entry.digest) throw new Error(`the reference's tag resolves to ${tagged}, not its digest ${entry.digest}`);
    buildah(['pull', '--tls-verify=false', '--quiet', `docker://${byDigest}`]);
  }, () => `${pinned} (by its digest; its tag resolves to the same)`);
  const mounted = await checkContents(report, env, image, byDigest);
  try {
    const catalogEntry = new CatalogEntry({ extension: image, operand: env.operand, imageReference: pinned });
    await loadIntoPostgres(report, env, [{ image, entry: catalogEntry, references: [pinned] }], new Map([[name, mounted]]));
  } finally {
    mounted.unmount();
    buildah(['rmi', byDigest]);
  }
}

type Once = (sub: Report, options?: Partial<{ registry: string; signing: Signing; timestamp: Date }>) => Promise<unknown>;

/** Each fault must fail with its cause and leave the images lock and the catalogs byte for byte as they were. */
async function faults(report: Report, lock: ImagesLock, lockFile: string, catalogDir: string, once: Once, signing: KeySigning): Promise<void> {
  const before = fs.readFileSync(lockFile, 'utf8');
  const catalogs = snapshot(catalogDir);
  const expectFailure = async (step: string, cause: RegExp, act: () => Promise<unknown>) => report.step('publish fault', step, async () => {
    let message: string | undefined;
    try {
      await act();
    } catch (error) {
      message = (error as Error).message;
    }
    if (message === undefined) throw new Error('did not fail');
    if (!cause.test(message)) throw new Error(`failed, but not with ${cause}: ${message}`);
    if (fs.readFileSync(lockFile, 'utf8') !== before) throw new Error('the images lock changed');
    if (snapshot(catalogDir) !== catalogs) throw new Error('the catalogs changed');
    return message.split('\n').find((l) => cause.test(l))?.trim() ?? message;
  }, (line) => `failed as expected, lock and catalogs unchanged: ${line}`);

  await expectFailure('missing key', /signing key .* does not exist/, () => once(new Report(), { signing: { ...signing, keyFile: `${signing.keyFile}.missing` } }));
  await expectFailure('unreachable registry', /registry 127\.0\.0\.1:2 is unreachable \(.*ECONNREFUSED/, () => once(new Report(), { registry: '127.0.0.1:2/publish' }));

  // Someone re-pushes a locked tag with other content behind the lock's back.
  const victim = lock.entries[0];
  const layer = path.join(path.dirname(lockFile), 'rogue.tar');
  run('tar', ['-cf', layer, '-C', path.dirname(lockFile), 'images.lock.json']);
  run(toolPath('crane'), ['append', '-f', layer, '-t', `${victim.repository}:${victim.tag}`, '--insecure']);
  await expectFailure('tag re-pushed behind the lock', /re-pushed behind the lock's back/, () => once(new Report()));
  await report.step('publish fault', 'unsigned digest refused', () => {
    const rogue = run(toolPath('crane'), ['digest', `${victim.repository}:${victim.tag}`, '--insecure']).trim();
    try {
      run(toolPath('cosign'), ['verify', '--key', signing.publicKeyFile, '--insecure-ignore-tlog=true', '--allow-insecure-registry', '--allow-http-registry', `${victim.repository}@${rogue}`]);
    } catch {
      return rogue;
    }
    throw new Error(`cosign verified ${rogue}, which nobody signed`);
  }, (rogue) => `cosign verify rejects the re-pushed ${rogue}`);

  // A promote target that already holds another digest: the same inputs, but the lock entry gone.
  fs.writeFileSync(lockFile, new ImagesLock(lock.entries.filter((e) => e !== victim)).render());
  const withoutVictim = fs.readFileSync(lockFile, 'utf8');
  await report.step('publish fault', 'promote target holds another digest', async () => {
    let message = '';
    try {
      await once(new Report(), { timestamp: timestampOf(victim.tag) });
    } catch (error) {
      message = (error as Error).message;
    }
    if (!/already holds sha256:[a-f0-9]{64}; an immutable tag never moves/.test(message)) throw new Error(`expected a refusal to move ${victim.tag}, got: ${message || 'success'}`);
    if (fs.readFileSync(lockFile, 'utf8') !== withoutVictim) throw new Error('the images lock changed');
    return message.split('\n').find((l) => /already holds/.test(l))!.trim();
  }, (line) => `failed as expected, lock unchanged: ${line}`);
}

/** The build time an immutable tag carries ("18.6-0.8.7-202611301914-sid" -> that minute). */
function timestampOf(tag: string): Date {
  const m = /-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})-/.exec(tag);
  if (!m) throw new Error(`no timestamp in tag ${tag}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
}

function imagesNamed(env: E2eEnvironment, names: readonly string[]): ExtensionImage[] {
  const repository = new ExtensionRepository({
    definitions: loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT),
    operands: OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs')),
    versionsLock: VersionsLock.read(path.join(ROOT, 'extensions', VERSIONS_LOCK_FILE)),
    source: env.source,
  });
  return names.map((n) => repository.images.find((i) => i.name === n)!);
}

/**
 * The daemonless end-to-end test:
 *   npx projen e2e                 every extension
 *   npx projen e2e pgvector postgis  some of them
 *   npx projen e2e --faults pgvector  also the fault scenarios
 *   npx projen e2e --except pg-crash  all but some
 *   npx projen e2e --publish pgvector,postgis  also the release loop for those
 *   npx projen e2e --upgrade postgis postgis   also a real update (older package -> locked one) for those
 *   npx projen e2e --contents-baseline DIR pgvector  file lists must equal an earlier run's
 * Builds each generated Dockerfile with buildah against a stand-in operand
 * image, pushes the TagPolicy's tags to a local registry, inspects them with
 * skopeo, loads the image into PostgreSQL 18 as CloudNativePG would, checks
 * the bake file with docker-buildx, and writes test-reports/e2e.json.
 */
import * as path from 'path';
import { checkBakeFile } from './bake-check';
import { BuiltExtension, E2eEnvironment, buildExtension, checkContents, loadIntoPostgres, pushAndInspect, recordContents, standInEntry } from './extension-pipeline';
import { runFaultScenarios } from './faults';
import { runPublishCheck } from './publish-check';
import { Report, StepError } from './report';
import { runUpgradeChecks } from './upgrade-check';
import { ExtensionImage, OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock } from '../../src';
import { formatTagTimestamp } from '../../src/model/tag-policy';
import { BAKE_ATTRIBUTES, BAKE_VARIABLES, ExtensionRepository, loadExtensionDefinitions } from '../../src/projen';
import { describeStandIn, ensureBaseImage } from '../lib/base-image';
import { buildah } from '../lib/buildah';
import { MountedImage } from '../lib/postgres-session';
import { startRegistry } from '../lib/registry';
import { ensureTools, run } from '../lib/tools';

const ROOT = path.join(__dirname, '..', '..');
const GENERATED = path.join(ROOT, 'generated');
/** Each image's file list, for --contents-baseline of a later run. */
const CONTENTS_DIR = path.join(ROOT, 'test-reports', 'e2e-contents');
const SOURCE = 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk';
const REGISTRY = 'ghcr.io/cnpg-extensions-cdk';

async function main(argv: string[]): Promise<number> {
  const faults = argv.includes('--faults');
  // --contents-baseline DIR compares each image's file list with an earlier run's test-reports/e2e-contents.
  const contentsBaseline = argv.flatMap((a, i) => (argv[i - 1] === '--contents-baseline' ? [path.resolve(a)] : []))[0];
  // --except NAME leaves an extension out of a full run.
  const excepted = argv.flatMap((a, i) => (argv[i - 1] === '--except' ? [a] : []));
  // --publish A,B runs the release loop (publish twice, pinned catalog, signatures, faults) for those extensions.
  const published = argv.flatMap((a, i) => (argv[i - 1] === '--publish' ? a.split(',') : []));
  // --upgrade A,B builds A and B from an older real package and the locked one, and updates the extension in place.
  const upgraded = argv.flatMap((a, i) => (argv[i - 1] === '--upgrade' ? a.split(',') : []));
  const names = argv.filter((a, i) => !a.startsWith('--') && !['--except', '--publish', '--upgrade', '--contents-baseline'].includes(argv[i - 1]));
  const operands = OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs'));
  const versionsLock = VersionsLock.read(path.join(ROOT, 'extensions', VERSIONS_LOCK_FILE), `extensions/${VERSIONS_LOCK_FILE}`);
  const repository = new ExtensionRepository({ definitions: loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT), operands, versionsLock, source: SOURCE, registry: REGISTRY });
  const unknown = [...names, ...excepted, ...published, ...upgraded].filter((n) => !repository.images.some((i) => i.name === n));
  if (unknown.length) throw new Error(`unknown extension(s): ${unknown.join(', ')}; defined: ${repository.images.map((i) => i.name).join(', ')}`);
  const named = names.length ? repository.images.filter((i) => names.includes(i.name)) : [...repository.images];
  const selected = named.filter((i) => !excepted.includes(i.name));

  const report = new Report();
  await report.step('setup', 'tools', () => ensureTools());
  const baseImage = await report.step('setup', 'stand-in operand image', () => ensureBaseImage(), (ref) => ref);
  const operand = await report.step('setup', 'stand-in version', () => describeStandIn(baseImage), (o) => `PostgreSQL ${o.pgVersion}, ${o.digest}`);
  await checkBakeFile(report, ROOT, repository, operands, SOURCE, REGISTRY).catch(() => undefined);

  const containersBefore = workingContainers();
  const registry = await startRegistry();
  const now = new Date();
  const timestamp = formatTagTimestamp(now);
  const env: E2eEnvironment = {
    operand,
    registry: registry.address,
    tagPolicy: repository.tagPolicy,
    source: SOURCE,
    versionsLock,
    bakeValues: {
      [BAKE_VARIABLES.registry]: `${registry.address}/e2e`,
      [BAKE_ATTRIBUTES.imageSuffix]: '-testing',
      [BAKE_ATTRIBUTES.buildTimestamp]: timestamp,
      [BAKE_ATTRIBUTES.created]: `${now.toISOString().slice(0, 16)}:00Z`,
      [BAKE_VARIABLES.revision]: gitRevision(),
      [BAKE_VARIABLES.source]: SOURCE,
    },
  };
  const built = new Map<string, BuiltExtension>();
  const mounts = new Map<string, MountedImage>();
  const localRefs: string[] = [];
  try {
    /** Builds, pushes, inspects and mounts an extension once per run; required extensions first. */
    const prepare = async (image: ExtensionImage): Promise<BuiltExtension> => {
      const done = built.get(image.name);
      if (done) return done;
      for (const required of repository.requiredImages(image)) await prepare(required);
      const { target, localRef } = await buildExtension(report, env, image, GENERATED);
      localRefs.push(localRef);
      const references = await pushAndInspect(report, env, image, target, localRef);
      const mounted = await checkContents(report, env, image, localRef);
      mounts.set(image.name, mounted);
      await recordContents(report, image, mounted, { outputDir: CONTENTS_DIR, baselineDir: contentsBaseline });
      const entry = standInEntry(image, env, references[0]);
      const result = { image, entry, references };
      built.set(image.name, result);
      return result;
    };
    for (const image of selected) {
      try {
        const chain = [...repository.allRequiredImages(image), image];
        const prepared: BuiltExtension[] = [];
        for (const i of chain) prepared.push(await prepare(i));
        await loadIntoPostgres(report, env, prepared, mounts);
      } catch (error) {
        // Recorded by the failing step; the other extensions still run.
      }
    }
    if (upgraded.length) await runUpgradeChecks(report, env, ROOT, upgraded);
    if (faults) await runFaultScenarios(report, env, repository, GENERATED);
    if (published.length) {
      await runPublishCheck(report, env, published).catch((error) => {
        // Failed steps are recorded already; anything else (say, no registry) is one failed check.
        if (!(error instanceof StepError)) report.record({ subject: 'publish', step: 'setup', ok: false, detail: (error as Error).message, seconds: 0 });
      });
    }
  } finally {
    for (const m of mounts.values()) m.unmount();
    for (const ref of localRefs) buildah(['rmi', ref]);
    await registry.stop();
  }
  await report.step('cleanup', 'nothing left behind', () => {
    const left = workingContainers().filter((c) => !containersBefore.includes(c));
    if (left.length) throw new Error(`working containers left: ${left.join(', ')}`);
  }, () => 'no working container, mount or registry left');
  report.write(path.join(ROOT, 'test-reports', 'e2e.json'));
  return report.counts.failed === 0 ? 0 : 1;
}

/** IDs of buildah's working containers in the e2e store. */
function workingContainers(): string[] {
  return (JSON.parse(buildah(['containers', '--json'])) as Array<{ id: string }> | null ?? []).map((c) => c.id);
}

function gitRevision(): string {
  try {
    return run('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).trim();
  } catch {
    return 'unknown';
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(`e2e: ${error.message}`);
  process.exit(2);
});

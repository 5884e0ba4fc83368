/**
 * Fault scenarios: definitions that must fail the e2e at a known step, with a
 * message that names the extension, the step and the cause.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { E2eEnvironment, buildExtension, checkContents, loadIntoPostgres, pushAndInspect, standInEntry } from './extension-pipeline';
import { Report, StepError } from './report';
import { ExtensionImage, ExtensionImageProps } from '../../src';
import { ExtensionRepository, renderExtensionDockerfile } from '../../src/projen';
import { buildah } from '../lib/buildah';
import { MountedImage } from '../lib/postgres-session';

interface FaultScenario {
  /** What is wrong. */
  readonly name: string;
  /** The extension the fault is made from. */
  readonly base: string;
  /** How the definition deviates. */
  readonly change: Partial<ExtensionImageProps>;
  /** A package version to pass instead of the locked one. */
  readonly packageVersion?: string;
  /** The step that must fail. */
  readonly step: string;
  /** What its cause must say. */
  readonly cause: RegExp;
}

const SCENARIOS: FaultScenario[] = [
  { name: 'package version the apt source lacks', base: 'pgvector', change: {}, packageVersion: '0.0.1-0', step: 'build', cause: /Version '0\.0\.1-0' for 'postgresql-18-pgvector' was not found/ },
  { name: 'glob that matches nothing', base: 'pgvector', change: { files: { lib: ['vector-missing*.so'], extension: ['vector.control', 'vector--*.sql'] } }, step: 'build', cause: /nothing matches \/usr\/lib\/postgresql\/18\/lib\/vector-missing\*\.so/ },
  { name: 'missing control file', base: 'pgvector', change: { files: { lib: ['vector.so'], extension: ['vector--*.sql'] } }, step: 'build', cause: /has no vector\.control/ },
  { name: 'library the operand image lacks', base: 'postgis', change: { systemLibraries: false, ldLibraryPath: undefined }, step: 'build', cause: /postgis needs libraries the operand image lacks: .*libgeos_c\.so.*set systemLibraries: true/ },
];

/** Runs every scenario; each is one result: passed when it failed where and how it should. */
export async function runFaultScenarios(report: Report, env: E2eEnvironment, repository: ExtensionRepository, generatedDir: string): Promise<void> {
  for (const scenario of SCENARIOS) {
    const start = Date.now();
    const subject = `fault: ${scenario.name}`;
    const outcome = await runScenario(scenario, env, repository, generatedDir);
    const ok = outcome !== undefined && outcome.step === scenario.step && scenario.cause.test(outcome.causeText);
    report.record({
      subject: 'fault',
      step: scenario.name,
      ok,
      seconds: (Date.now() - start) / 1000,
      detail: outcome ? `${ok ? 'failed as expected' : `expected step "${scenario.step}" matching ${scenario.cause}`}: ${summary(outcome, scenario.cause)}` : `${subject} did not fail`,
    });
  }
}

async function runScenario(
  scenario: FaultScenario, env: E2eEnvironment, repository: ExtensionRepository, generatedDir: string,
): Promise<StepError | undefined> {
  const original = repository.images.find((i) => i.name === scenario.base);
  if (!original) return new StepError(scenario.base, 'setup', `no extension ${scenario.base} is defined`);
  const imageName = `fault-${scenario.name.replace(/[^a-z0-9]+/g, '-')}`;
  const image = new ExtensionImage({ ...(original.definition as ExtensionImageProps), imageName, ...scenario.change });
  image.addBuildsFromLock(env.versionsLock);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-fault-'));
  const inner = new Report();
  let mounted: MountedImage | undefined;
  let localRef: string | undefined;
  try {
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, renderExtensionDockerfile(image, repository.operandFor(repository.preferredBuild(original))));
    const built = await buildExtension(inner, env, image, generatedDir, { dockerfile, packageVersion: scenario.packageVersion });
    localRef = built.localRef;
    const references = await pushAndInspect(inner, env, image, built.target, built.localRef);
    mounted = await checkContents(inner, env, image, built.localRef);
    const entry = standInEntry(image, env, references[0]);
    await loadIntoPostgres(inner, env, [{ image, entry, references }], new Map([[image.name, mounted]]));
    return undefined;
  } catch (error) {
    return error instanceof StepError ? error : new StepError(image.name, 'setup', (error as Error).message);
  } finally {
    mounted?.unmount();
    if (localRef) buildah(['rmi', localRef]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** "<extension>: <step>: <the line that states the cause>", or the whole message when no line does. */
function summary(error: StepError, cause: RegExp): string {
  const line = error.causeText.split('\n').find((l) => cause.test(l));
  return line ? `${error.subject}: ${error.step}: ${line.trim()}` : error.message;
}

/**
 * Scaffolds definitions from PostgreSQL extensions' Debian packages:
 *   npx projen new-extension postgresql-18-hypopg [--name <cnpg-name>] [--owner @user|@org/team]... [--extensions-dir <dir>]
 *   npx projen new-extension postgresql-18-hll postgresql-18-q3c ...   (a batch; no --name)
 * Downloads each package from Debian sid (the e2e test's private apt setup),
 * infers extensions/<name>.ts from its files, control file, copyright and
 * libraries, writes it (never over an existing file), runs update-versions
 * once for the whole batch (it writes no version itself), checks each as
 * synthesis would, and prints what it could not infer. A package that fails
 * leaves nothing behind; the others of the batch are kept.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { ExtensionImageProps, OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock } from '../src';
import { ExtensionDefinitionSource, ExtensionRepository, loadExtensionDefinitions, validateOwners } from '../src/projen';
import { renderDefinitionSource } from './scaffold/definition-source';
import { InferredDefinition, inferDefinition } from './scaffold/infer-definition';
import { fetchPackage } from './scaffold/package-facts';
import { extensionNameOf } from './scaffold/package-name';
import { updateVersions } from '../src/repository/update-versions';


const ROOT = path.join(__dirname, '..');
const OPERAND_CATALOGS = path.join(ROOT, 'vendor', 'cloudnative-pg', 'operand-catalogs');
/** The PostgreSQL major version of the packages scaffolded from. */
const PG_MAJOR = 18;
/** Who maintains a new definition unless --owner says otherwise: this repository's own maintainers team. */
const DEFAULT_OWNERS: readonly string[] = ['@cnpg-extensions-cdk/maintainers'];
const USAGE = 'usage: npx projen new-extension <debian-package>... [--name <cnpg-name>] [--owner @user|@org/team]... [--extensions-dir <dir>]';

/** One package of the batch, once its definition is written. */
interface Scaffolded {
  readonly packageLabel: string;
  readonly file: string;
  readonly target: string;
  readonly inferred: InferredDefinition;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'name': { type: 'string' }, 'owner': { type: 'string', multiple: true }, 'extensions-dir': { type: 'string' } },
  });
  if (positionals.length === 0) throw new Error(USAGE);
  if (values.name !== undefined && positionals.length > 1) throw new Error(`--name names one package's extension; ${USAGE}`);
  const extensionsDir = path.resolve(values['extensions-dir'] ?? path.join(ROOT, 'extensions'));
  // Checked before anything is downloaded; ExtensionImage checks them again.
  const owners = validateOwners(values.owner ?? [...DEFAULT_OWNERS], '--owner');
  const operands = OperandCatalog.fromDirectory(OPERAND_CATALOGS);
  const definitions = loadExtensionDefinitions(extensionsDir, ROOT);
  const lockFile = path.join(extensionsDir, VERSIONS_LOCK_FILE);
  const lockBefore = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : undefined;
  const failures: string[] = [];

  const written: Scaffolded[] = [];
  for (const packageName of positionals) {
    try {
      // Earlier packages of the batch count as defined, so that a later one's `requires` finds them.
      const known = [...definitions, ...written.map((w) => ({ file: w.file, props: w.inferred.props }))];
      written.push(scaffold(packageName, values.name, owners, extensionsDir, operands, known));
    } catch (error) {
      failures.push(`${packageName}: ${(error as Error).message}`);
    }
  }
  const removeAll = (items: readonly Scaffolded[]) => items.forEach((item) => fs.rmSync(item.target, { force: true }));

  let kept = written;
  // After dropping some of the batch: the lock as it was, plus the kept extensions' entries.
  const relock = async () => {
    restoreLock(lockFile, lockBefore);
    if (kept.length && (await resolveVersions(kept.map((s) => s.inferred.props.name), operands, extensionsDir)).size) {
      throw new Error('update-versions failed on the second pass, for extensions it locked on the first; see above');
    }
  };
  try {
    const dropped = kept.length ? await resolveVersions(kept.map((s) => s.inferred.props.name), operands, extensionsDir) : new Map<string, string>();
    const unlocked = kept.filter((item) => dropped.has(item.inferred.props.name));
    unlocked.forEach((item) => failures.push(`${item.packageLabel}: ${dropped.get(item.inferred.props.name)}`));
    removeAll(unlocked);
    kept = kept.filter((item) => !unlocked.includes(item));
    // A dropped extension may have locked some distros before failing on others: lock the rest afresh.
    if (unlocked.length) await relock();
    // Checked one by one, so that one bad definition names itself and leaves the others.
    const lock = kept.length ? VersionsLock.read(lockFile) : undefined;
    const rejected = kept.filter((item) => {
      try {
        checkAsSynthesis(definitions, { file: item.file, props: item.inferred.props }, operands, lock!);
        return false;
      } catch (error) {
        failures.push(`${item.packageLabel}: ${(error as Error).message}`);
        return true;
      }
    });
    if (rejected.length) {
      removeAll(rejected);
      kept = kept.filter((item) => !rejected.includes(item));
      await relock();
    }
  } catch (error) {
    removeAll(kept);
    restoreLock(lockFile, lockBefore);
    throw error;
  }
  for (const item of kept) console.log(reportOf(item.file, item.packageLabel, item.inferred));
  for (const failure of failures) console.error(`error: ${failure}`);
  if (positionals.length > 1) console.log(`new-extension: ${kept.length} written, ${failures.length} failed`);
  return failures.length ? 1 : 0;
}

/** Infers one package's definition and writes it; throws, writing nothing, when that fails. */
function scaffold(packageName: string, name: string | undefined, owners: readonly string[], extensionsDir: string, operands: OperandCatalog,
  definitions: readonly ExtensionDefinitionSource[]): Scaffolded {
  const extensionName = extensionNameOf(packageName, PG_MAJOR, name);
  const target = path.join(extensionsDir, `${extensionName}.ts`);
  const file = path.relative(ROOT, target).split(path.sep).join('/');
  if (fs.existsSync(target)) throw new Error(`${file} exists; new-extension never overwrites a definition`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-extension-'));
  try {
    const facts = fetchPackage(packageName, workDir);
    const inferred = inferDefinition(facts, {
      name: extensionName, major: PG_MAJOR, distros: operands.distros.filter((d) => operands.image(d, PG_MAJOR) !== undefined), definitions, owners,
    });
    const packageLabel = `${packageName} ${facts.fields.get('version')}`;
    fs.writeFileSync(target, renderDefinitionSource(inferred.props, `${extensionName}: scaffolded by new-extension from ${packageLabel}.`), { flag: 'wx' });
    return { packageLabel, file, target, inferred };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function restoreLock(lockFile: string, before: string | undefined): void {
  if (before === undefined) fs.rmSync(lockFile, { force: true });
  else fs.writeFileSync(lockFile, before);
}

/**
 * Locks the new extensions' versions: the stand-in from Debian's index, the
 * operand distros from PGDG's; where PGDG is out of reach (as on machines that
 * reach only Debian), predicted from Debian unstable and marked "derived".
 * An extension whose versions cannot be resolved is dropped from the batch and
 * returned with the reason; the rest are locked.
 */
async function resolveVersions(names: readonly string[], operands: OperandCatalog, extensionsDir: string): Promise<Map<string, string>> {
  const dropped = new Map<string, string>();
  const distros = operands.distros.flatMap((d) => ['--distro', d]);
  const steps: { args: string[]; what: string; fallback?: string[] }[] = [
    { args: ['--distro', 'sid'], what: 'for the stand-in' },
    { args: distros, what: 'for the operand distros', fallback: [...distros, '--derive'] },
  ];
  for (const step of steps) {
    let args = step.args;
    for (;;) {
      const remaining = names.filter((n) => !dropped.has(n));
      if (remaining.length === 0) return dropped;
      let failed: ReadonlyMap<string, readonly string[]> = new Map();
      const io = {
        root: ROOT,
        extensionsDir,
        onFailed: (errors: ReadonlyMap<string, readonly string[]>) => { failed = errors; },
        log: (line: string) => console.log(`  ${line}`),
      };
      if (await updateVersions([...args, ...remaining], io) === 0) break;
      if (step.fallback && args !== step.fallback) {
        console.log(`  PGDG's index could not be read; predicting its versions from Debian unstable (marked "derived" in ${VERSIONS_LOCK_FILE})`);
        args = step.fallback;
        continue;
      }
      const ours = remaining.filter((n) => failed.has(n));
      // Every entry failing means the index itself is out of reach: nothing to drop, the batch fails.
      if (ours.length === 0 || ours.length === remaining.length && remaining.length > 1) {
        throw new Error(`update-versions ${remaining.join(' ')} failed ${step.what}; see above`);
      }
      for (const name of ours) dropped.set(name, `update-versions ${step.what}: ${failed.get(name)!.join('; ')}`);
    }
  }
  return dropped;
}

/** Throws the DefinitionError synthesis would raise for `added` next to the existing definitions. */
function checkAsSynthesis(
  definitions: readonly ExtensionDefinitionSource[], added: { file: string; props: ExtensionImageProps },
  operands: OperandCatalog, versionsLock: VersionsLock,
): void {
  // The constructor validates every definition and their cross-references; the source URL only labels synthesized images.
  new ExtensionRepository({ definitions: [...definitions, added], operands, versionsLock, source: '' });
}

function reportOf(file: string, packageLabel: string, inferred: InferredDefinition): string {
  const indented = (lines: readonly string[]) => lines.map((line) => `  ${line}`);
  return [
    `wrote ${file} from ${packageLabel}`,
    'inferred:',
    ...indented(inferred.inferred),
    'could not infer, or check before publishing:',
    ...indented(inferred.unresolved),
    'next:',
    ...indented(['npx projen', `npx projen e2e ${inferred.props.name}`]),
  ].join('\n');
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});

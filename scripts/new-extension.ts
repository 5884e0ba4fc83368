/**
 * Scaffolds a definition from a PostgreSQL extension's Debian package:
 *   npx projen new-extension postgresql-18-hypopg [--name <cnpg-name>] [--extensions-dir <dir>]
 * Downloads the package from Debian sid (the e2e test's private apt setup),
 * infers extensions/<name>.ts from its files, control file, copyright and
 * libraries, writes it (never over an existing file), runs update-versions
 * for it (it writes no version itself), checks it as synthesis would, and
 * prints what it could not infer. On any failure the tree is left as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { ExtensionImageProps, OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock } from '../src';
import { ExtensionDefinitionSource, ExtensionRepository, loadExtensionDefinitions } from '../src/projen';
import { renderDefinitionSource } from './scaffold/definition-source';
import { InferredDefinition, inferDefinition } from './scaffold/infer-definition';
import { fetchPackage } from './scaffold/package-facts';
import { extensionNameOf } from './scaffold/package-name';
import { updateVersions } from './update-versions';

const ROOT = path.join(__dirname, '..');
const OPERAND_CATALOGS = path.join(ROOT, 'vendor', 'cloudnative-pg', 'operand-catalogs');
/** The PostgreSQL major version of the packages scaffolded from. */
const PG_MAJOR = 18;
const USAGE = 'usage: npx projen new-extension <debian-package> [--name <cnpg-name>] [--extensions-dir <dir>]';

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'name': { type: 'string' }, 'extensions-dir': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  const packageName = positionals[0];
  const extensionsDir = path.resolve(values['extensions-dir'] ?? path.join(ROOT, 'extensions'));
  const name = extensionNameOf(packageName, PG_MAJOR, values.name);
  const target = path.join(extensionsDir, `${name}.ts`);
  const shownTarget = path.relative(process.cwd(), target);
  if (fs.existsSync(target)) throw new Error(`${shownTarget} exists; new-extension never overwrites a definition`);

  const operands = OperandCatalog.fromDirectory(OPERAND_CATALOGS);
  const definitions = loadExtensionDefinitions(extensionsDir, ROOT);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-extension-'));
  try {
    const facts = fetchPackage(packageName, workDir);
    const inferred = inferDefinition(facts, {
      name, major: PG_MAJOR, distros: operands.distros.filter((d) => operands.image(d, PG_MAJOR) !== undefined), definitions,
    });
    const version = facts.fields.get('version');
    const source = renderDefinitionSource(inferred.props, `${name}: scaffolded by new-extension from ${packageName} ${version}.`);
    const lockFile = path.join(extensionsDir, VERSIONS_LOCK_FILE);
    const lockBefore = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : undefined;
    fs.writeFileSync(target, source, { flag: 'wx' });
    try {
      await resolveVersions(name, operands, extensionsDir);
      checkAsSynthesis(definitions, { file: path.relative(ROOT, target), props: inferred.props }, operands, VersionsLock.read(lockFile));
    } catch (error) {
      fs.rmSync(target);
      if (lockBefore === undefined) fs.rmSync(lockFile, { force: true });
      else fs.writeFileSync(lockFile, lockBefore);
      throw error;
    }
    console.log(reportOf(shownTarget, `${packageName} ${version}`, inferred));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Locks the new extension's versions: the stand-in from Debian's index, the
 * operand distros from PGDG's; where PGDG is out of reach (as on machines that
 * reach only Debian), predicted from Debian unstable and marked "derived".
 */
async function resolveVersions(name: string, operands: OperandCatalog, extensionsDir: string): Promise<void> {
  const io = { root: ROOT, extensionsDir, log: (line: string) => console.log(`  ${line}`) };
  const standIns = ['--distro', 'sid'];
  if (await updateVersions([...standIns, name], io) !== 0) throw new Error(`update-versions ${name} failed for the stand-in; see above`);
  const distros = operands.distros.flatMap((d) => ['--distro', d]);
  if (await updateVersions([...distros, name], io) === 0) return;
  console.log(`  PGDG's index could not be read; predicting its versions from Debian unstable (marked "derived" in ${VERSIONS_LOCK_FILE})`);
  if (await updateVersions([...distros, '--derive', name], io) !== 0) throw new Error(`update-versions ${name} failed; see above`);
}

/** Throws the DefinitionError synthesis would raise for `added` next to the existing definitions. */
function checkAsSynthesis(definitions: readonly ExtensionDefinitionSource[], added: { file: string; props: ExtensionImageProps }, operands: OperandCatalog, versionsLock: VersionsLock): void {
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

main(process.argv.slice(2)).catch((error) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});

/**
 * Scaffolds a definition from a PostgreSQL extension's Debian package:
 *   npx projen new-extension postgresql-18-hypopg [--name <cnpg-name>] [--extensions-dir <dir>]
 * Downloads the package from Debian sid (the e2e test's private apt setup),
 * infers extensions/<name>.ts from its files, control file, copyright and
 * libraries, checks it as synthesis would, writes it (never over an existing
 * file) and prints what it could not infer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { ExtensionDefinitionSource, ExtensionImageProps, ExtensionRepository, OperandCatalog, loadExtensionDefinitions } from '../src';
import { renderDefinitionSource } from './scaffold/definition-source';
import { InferredDefinition, inferDefinition } from './scaffold/infer-definition';
import { fetchPackage } from './scaffold/package-facts';
import { extensionNameOf } from './scaffold/package-name';

const ROOT = path.join(__dirname, '..');
const OPERAND_CATALOGS = path.join(ROOT, 'vendor', 'cloudnative-pg', 'operand-catalogs');
/** The PostgreSQL major version of the packages scaffolded from. */
const PG_MAJOR = 18;
const USAGE = 'usage: npx projen new-extension <debian-package> [--name <cnpg-name>] [--extensions-dir <dir>]';

function main(argv: string[]): void {
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
    checkAsSynthesis(definitions, { file: path.relative(ROOT, target), props: inferred.props }, operands);
    const version = facts.fields.get('version');
    const source = renderDefinitionSource(inferred.props, `${name}: scaffolded by new-extension from ${packageName} ${version}.`);
    fs.writeFileSync(target, source, { flag: 'wx' });
    console.log(reportOf(shownTarget, `${packageName} ${version}`, inferred));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Throws the DefinitionError synthesis would raise for `added` next to the existing definitions. */
function checkAsSynthesis(definitions: readonly ExtensionDefinitionSource[], added: { file: string; props: ExtensionImageProps }, operands: OperandCatalog): void {
  // The constructor validates every definition and their cross-references; the source URL only labels synthesized images.
  new ExtensionRepository({ definitions: [...definitions, added], operands, source: '' });
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

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}

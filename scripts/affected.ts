/**
 * The bake targets that must be rebuilt:
 *   npx projen affected                 targets whose inputs differ from the images lock (or are not in it)
 *   npx projen affected --since REF     targets whose inputs differ from those at git REF
 *   npx projen affected --json          the same as a JSON list, for a workflow's build matrix
 *   npx projen affected --extensions    the extensions those targets belong to, one per line (for the e2e)
 * A target's inputs are what its image is made from: the rendered Dockerfile
 * (so the definition and the library code that renders it), the build
 * arguments (operand digest, locked package versions) and the labels; never
 * file paths alone.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import {
  ExtensionRepository, IMAGES_LOCK_FILE, ImagesLock, OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock, loadExtensionDefinitions,
  renderExtensionDockerfile, targetInputs,
} from '../src/projen';

const ROOT = path.join(__dirname, '..');

/** Every bake target of the repository at `root`, with the SHA-256 of its inputs (and, in `extensionOf`, its extension). */
export function targetInputsOf(root: string, extensionOf = new Map<string, string>()): Map<string, string> {
  const repository = new ExtensionRepository({
    definitions: loadExtensionDefinitions(path.join(root, 'extensions'), root),
    operands: OperandCatalog.fromDirectory(path.join(root, 'vendor/cloudnative-pg/operand-catalogs')),
    versionsLock: VersionsLock.read(path.join(root, 'extensions', VERSIONS_LOCK_FILE)),
    source: 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk',
  });
  const inputs = new Map<string, string>();
  for (const image of repository.images) {
    const dockerfile = renderExtensionDockerfile(image, repository.operandFor(repository.preferredBuild(image)));
    for (const build of image.builds) {
      const target = repository.bakeTarget(image, build);
      inputs.set(target.name, targetInputs(target, dockerfile));
      extensionOf.set(target.name, image.name);
    }
  }
  return inputs;
}

/** The targets of `now` whose inputs `before` lacks or holds differently, sorted. */
export function affectedTargets(now: ReadonlyMap<string, string>, before: (target: string) => string | undefined): string[] {
  return [...now].filter(([target, inputs]) => before(target) !== inputs).map(([target]) => target).sort();
}

/** The inputs at git `ref`: its tree checked out aside, with this checkout's node_modules, in a child process. */
function inputsAt(ref: string): Map<string, string> {
  const commit = spawnSync('git', ['-C', ROOT, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { encoding: 'utf8' });
  if (commit.status !== 0) throw new Error(`--since: "${ref}" is not a commit of this repository (git rev-parse --verify)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-affected-'));
  try {
    execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, commit.stdout.trim()], { stdio: 'pipe' });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    // The script of that tree, so that its own library code renders its own Dockerfiles.
    const script = path.join(dir, 'scripts/affected.ts');
    if (!fs.existsSync(script)) throw new Error(`${ref} predates scripts/affected.ts; compare with a later commit, or against the images lock (no --since)`);
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [script, '--print-inputs', '--root', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return new Map(Object.entries(JSON.parse(out)));
  } finally {
    // Not an error of its own when the checkout failed: the error that stopped it is the one to report.
    spawnSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', dir], { stdio: 'pipe' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      'since': { type: 'string' }, 'json': { type: 'boolean' }, 'extensions': { type: 'boolean' }, 'print-inputs': { type: 'boolean' }, 'root': { type: 'string' },
    },
  });
  const root = values.root ?? ROOT;
  const extensionOf = new Map<string, string>();
  const now = targetInputsOf(root, extensionOf);
  if (values['print-inputs']) {
    process.stdout.write(JSON.stringify(Object.fromEntries(now)));
    return;
  }
  let before: (target: string) => string | undefined;
  if (values.since) {
    const then = inputsAt(values.since);
    before = (target) => then.get(target);
  } else {
    const lock = ImagesLock.read(path.join(root, 'extensions', IMAGES_LOCK_FILE));
    before = (target) => lock.entry(target)?.inputs;
  }
  const affected = affectedTargets(now, before);
  if (values.extensions) console.log([...new Set(affected.map((t) => extensionOf.get(t)!))].join('\n'));
  else if (values.json) console.log(JSON.stringify(affected));
  else console.log(affected.length ? affected.join('\n') : `no target to rebuild (${now.size} unchanged)`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  }
}

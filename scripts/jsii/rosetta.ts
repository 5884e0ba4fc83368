import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, toolBin } from './stage';

/** A tablet snippet, as far as this project reads it. */
export interface TabletSnippet {
  readonly location: { readonly api: { readonly api: string }; readonly field?: { readonly field: string; readonly line?: number } };
  readonly didCompile?: boolean;
  readonly translations: Record<string, { readonly source: string }>;
}

/**
 * Where rosetta compiles the examples (`<parent>/examples`): the staged
 * package and its peers as a user's app has them, and
 * `./imports/postgresql.cnpg.io` as the user's own `cdk8s import` of the
 * CloudNativePG CRDs writes it (here: the same import of the vendored CRDs
 * that src/imports holds).
 */
function examplesDirectory(parent: string, stage: string): string {
  const dir = path.join(parent, 'examples');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(stage, path.join(dir, 'node_modules', 'cnpg-extensions-cdk'));
  for (const peer of ['cdk8s', 'constructs']) fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', peer)), path.join(dir, 'node_modules', peer));
  fs.mkdirSync(path.join(dir, 'imports'));
  fs.copyFileSync(path.join(ROOT, 'src/imports/cnpg-postgresql.cnpg.io.ts'), path.join(dir, 'imports/postgresql.cnpg.io.ts'));
  return dir;
}

/**
 * Runs `jsii-rosetta extract --strict` over the staged assembly in `stage`
 * (a directory of its own inside a scratch directory): every example its
 * README holds must compile, or this throws with rosetta's diagnostics.
 * Writes `<stage>/.jsii.tabl.json` (jsii-pacmak reads it for the READMEs of
 * other languages) and returns its snippets.
 */
export function extractExamples(stage: string): TabletSnippet[] {
  const examples = examplesDirectory(path.dirname(stage), stage);
  const run = spawnSync(process.execPath, [toolBin('jsii-rosetta'), 'extract', '--strict', '--directory', examples, stage], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`jsii-rosetta extract --strict failed (exit ${run.status}): a README example does not compile:\n${run.stdout}\n${run.stderr}`);
  return Object.values((JSON.parse(fs.readFileSync(path.join(stage, '.jsii.tabl.json'), 'utf8')) as { snippets: Record<string, TabletSnippet> }).snippets);
}

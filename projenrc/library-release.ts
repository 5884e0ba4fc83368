import { github, ReleasableCommits, release, typescript } from 'projen';
import { PINNED_ACTIONS } from './workflows';

/** The library's release workflow; projen's default name, `release`, is the image release's. */
export const LIBRARY_RELEASE_WORKFLOW = 'release-library';

/**
 * The task (scripts/jsii/, another part of issue #11) that builds the jsii
 * packages with jsii-pacmak: `npx projen package-jsii --targets python,java,go,dotnet`
 * writes dist/<language>, the folders publib publishes from.
 */
export const JSII_PACKAGING_TASK = 'package-jsii';

/** Where each publish job checks the repository out, beside the downloaded dist/. */
const REPOSITORY_DIR = '.repo';

/** The major version line releases stay on: the bump fails rather than leave it. */
const MAJOR_VERSION = 0;
/** The version of the first release on that line; with no tag yet projen would release `<major>.0.0`, for 0 the placeholder package.json holds. */
const FIRST_VERSION = MAJOR_VERSION === 0 ? '0.1.0' : `${MAJOR_VERSION}.0.0`;

/**
 * projen's release for the npm package, as project options: conventional
 * commits since the last tag decide the bump, `feat:` and `fix:` commits
 * start a release, versions stay on the MAJOR_VERSION line.
 */
export const LIBRARY_RELEASE_OPTIONS = {
  release: true,
  releaseToNpm: true,
  releaseWorkflowName: LIBRARY_RELEASE_WORKFLOW,
  majorVersion: MAJOR_VERSION,
  // Other commits (docs, chore, the image release's pull requests) wait for the next feature or fix.
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  // Tasks run in projen's own shell, which has no `if` and no `test -n`, so node decides.
  nextVersionCommand: `node -e "if (!process.env.LATEST_TAG) console.log('${FIRST_VERSION}')"`,
  // The changelog's compare links and npm's provenance check read it.
  repository: 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk.git',
  // commit-and-tag-version 13 requires Node >= 22; 12.7 requires >= 18 and `npm ci` installs it here on Node 20.
  bumpPackage: 'commit-and-tag-version@~12.7.3',
  // publib, which the publish jobs run with npx; pinned rather than projen's "latest".
  jsiiReleaseVersion: '0.2.1061',
  workflowNodeVersion: '20',
} satisfies Partial<typescript.TypeScriptProjectOptions>;

/**
 * The jsii languages published from the library release workflow: the
 * toolchain each job sets up (the versions projen's JsiiBuild sets up) and
 * the projen Publisher method that adds the job.
 */
const JSII_TARGETS = {
  python: { tools: { python: { version: '3.x' } }, publish: 'publishToPyPi' },
  java: { tools: { java: { version: '11' } }, publish: 'publishToMaven' },
  go: { tools: { go: { version: '^1.18.0' } }, publish: 'publishToGo' },
  dotnet: { tools: { dotnet: { version: '6.x' } }, publish: 'publishToNuget' },
} as const satisfies Record<string, { tools: github.workflows.Tools; publish: keyof release.Publisher }>;
export type JsiiTarget = keyof typeof JSII_TARGETS;
export const JSII_PUBLISH_TARGETS = Object.keys(JSII_TARGETS) as JsiiTarget[];

/**
 * The steps before publib in a jsii language's publish job, as projen's
 * JsiiBuild does them: the release commit is checked out beside the
 * downloaded dist/, the npm tarball of the release (its package.json carries
 * the released version) is unpacked over it, the jsii packaging task builds
 * the one language, and its dist/ replaces the downloaded one. No secret is
 * in scope here: the publish job gives its secrets to publib's step only.
 */
export function jsiiPackagingSteps(target: JsiiTarget): github.workflows.JobStep[] {
  return [
    { name: 'Check out the release commit', uses: PINNED_ACTIONS.checkout, with: { 'path': REPOSITORY_DIR, 'persist-credentials': false } },
    { name: 'Install dependencies', run: `cd ${REPOSITORY_DIR} && npm ci` },
    { name: 'Unpack the released npm package over the checkout', run: `tar --strip-components=1 -xzvf dist/js/*.tgz -C ${REPOSITORY_DIR}` },
    { name: 'Move the downloaded artifacts out of the way', run: `mv dist ${REPOSITORY_DIR}-downloaded-dist` },
    { name: `Build the ${target} package with jsii-pacmak`, run: `cd ${REPOSITORY_DIR} && npx projen ${JSII_PACKAGING_TASK} --targets ${target}` },
    { name: `Collect dist/${target}`, run: `test -d ${REPOSITORY_DIR}/dist/${target} && mv ${REPOSITORY_DIR}/dist dist` },
  ];
}

/**
 * Completes the library release workflow projen synthesizes from
 * LIBRARY_RELEASE_OPTIONS: the PyPI, Maven Central, Go and NuGet jobs next to
 * npm and the GitHub release, read-only by default with contents: write only
 * for the job that creates the GitHub release and its tag.
 */
export function addLibraryPublishing(project: typescript.TypeScriptProject): void {
  const publisher = project.release!.publisher;
  for (const target of JSII_PUBLISH_TARGETS) {
    publisher[JSII_TARGETS[target].publish]({ prePublishSteps: jsiiPackagingSteps(target), publishTools: JSII_TARGETS[target].tools });
  }

  const workflow = project.github!.tryFindWorkflow(LIBRARY_RELEASE_WORKFLOW)!;
  workflow.file?.addOverride('permissions', { contents: 'read' });
  // projen grants the build job contents: write, yet it only reads: bump, build and test run locally,
  // and `gh release create` in the github job makes the tag.
  workflow.file?.addOverride('jobs.release.permissions.contents', 'read');
}

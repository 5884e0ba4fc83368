import { github } from 'projen';

/**
 * Third-party actions, pinned to full commit SHAs (read from the actions'
 * repositories: the commits their release tags point at).
 */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', // v7.0.1
  setupNode: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020', // v7.0.0
  uploadArtifact: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', // v7.0.0
  downloadArtifact: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', // v8.0.1
  // The toolchains of the library release's jsii publish jobs. setup-java: v5.7.0, the newest tag the
  // repository snapshot read here had (projen 0.103 names v6.0.0 by tag).
  setupPython: 'actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97', // v7.0.0
  setupJava: 'actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961', // v5.7.0
  setupGo: 'actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e', // v7.0.0
  setupDotnet: 'actions/setup-dotnet@a98b56852c35b8e3190ac28c8c2271da59106c68', // v6.0.0
  cache: 'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae', // v5.0.5
} as const;

/**
 * Makes every step projen renders use the pinned commit of its action,
 * including the steps of workflows projen writes itself (the library release).
 */
export function pinActions(gh: github.GitHub): void {
  for (const ref of Object.values(PINNED_ACTIONS)) gh.actions.set(ref.split('@')[0], ref);
}

/** Node.js version the workflows run on, as the project requires. */
const NODE_VERSION = '20';

/** Steps every workflow starts with: the repository, Node and the locked dependencies. */
export function setupSteps(): github.workflows.JobStep[] {
  return [
    { name: 'Check out', uses: PINNED_ACTIONS.checkout },
    { name: 'Set up Node.js', uses: PINNED_ACTIONS.setupNode, with: { 'node-version': NODE_VERSION, 'cache': 'npm' } },
    { name: 'Install dependencies', run: 'npm ci' },
  ];
}

/**
 * A weekly job that resolves every build's package versions from the real
 * PGDG and Debian indexes and opens a pull request with the lock, the
 * regenerated files and the change table. On GitHub, PGDG is reachable, so
 * its first run replaces the cited and derived pins with ones read from PGDG.
 */
export function addVersionUpdateWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = new github.GithubWorkflow(gh, 'update-versions');
  workflow.on({ schedule: [{ cron: '17 5 * * 1' }], workflowDispatch: {} });
  // Read-only by default; the job asks for what it needs.
  workflow.file?.addOverride('permissions', { contents: 'read' });
  workflow.addJobs({
    'update-versions': {
      name: 'Update package versions from the apt indexes',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.WRITE, pullRequests: github.workflows.JobPermission.WRITE },
      steps: [
        ...setupSteps(),
        {
          name: 'Resolve versions from PGDG and Debian',
          run: 'set -o pipefail\nnpx projen update-versions | tee "$RUNNER_TEMP/changes.txt"',
        },
        { name: 'Synthesize', run: 'npx projen' },
        { name: 'Test', run: 'npx projen test' },
        {
          name: 'Open a pull request',
          env: { GH_TOKEN: '${{ github.token }}', BRANCH: 'update-versions/${{ github.run_id }}' },
          run: [
            'if git diff --quiet; then echo "every version is current"; exit 0; fi',
            'git config user.name "github-actions[bot]"',
            'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
            'git switch -c "$BRANCH"',
            'git commit -am "Update package versions from the apt indexes"',
            'git push origin "$BRANCH"',
            'gh pr create --title "Update package versions from the apt indexes" --body-file "$RUNNER_TEMP/changes.txt"',
          ].join('\n'),
        },
      ],
    },
  });
  return workflow;
}

/**
 * Checks every pull request: the drift check (synthesis changes nothing), the
 * unit tests, and the daemonless e2e for the extensions whose images the
 * change affects (worked out from their inputs, not from file paths). Each
 * push to main gets the drift check and unit tests too.
 */
export function addPullRequestWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = new github.GithubWorkflow(gh, 'pull-request');
  // On main too: its drift check saves the synthesis cache pull requests start from.
  workflow.on({ pullRequest: {}, push: { branches: ['main'] } });
  workflow.file?.addOverride('permissions', { contents: 'read' });
  workflow.addJobs({
    test: {
      name: 'Drift check and unit tests',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      steps: [
        ...setupSteps(),
        synthesisCacheStep(),
        { name: 'Synthesize', run: 'npx projen' },
        { name: 'Nothing changed', run: 'git diff --exit-code && test -z "$(git status --porcelain)"' },
        { name: 'Unit tests', run: 'npx projen test' },
      ],
    },
    e2e: {
      name: 'End-to-end test of the affected extensions',
      needs: ['test'],
      // What a pull request affects; on main, the release workflow tests what it publishes.
      if: "github.event_name == 'pull_request'",
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      steps: [
        { name: 'Check out', uses: PINNED_ACTIONS.checkout, with: { 'fetch-depth': 0 } },
        ...setupSteps().slice(1),
        {
          name: 'Daemonless e2e of the affected extensions',
          env: { BASE_REF: '${{ github.base_ref }}' },
          run: [
            'names=$(npx projen affected --since "origin/$BASE_REF" --extensions)',
            'if [ -z "$names" ]; then echo "no image is affected"; exit 0; fi',
            '# shellcheck disable=SC2086 # one argument per extension name',
            'sudo --preserve-env=PATH npx projen e2e --faults $names',
          ].join('\n'),
        },
      ],
    },
  });
  return workflow;
}

/**
 * Restores the caches synthesis keeps in node_modules/.cache (after `npm ci`,
 * which empties node_modules): the compiled validators, and the validated
 * outputs of each extension and of the catalogs, each entry keyed by the
 * SHA-256 of all its inputs (library code included), so an entry saved by
 * another commit is taken only where nothing it depends on changed. Saved
 * per commit; a run restores the newest. GitHub scopes caches by branch: a
 * pull request reads its own and its base branch's.
 */
function synthesisCacheStep(): github.workflows.JobStep {
  return {
    name: 'Restore the synthesis cache',
    uses: PINNED_ACTIONS.cache,
    with: {
      'path': 'node_modules/.cache/cnpg-extensions-cdk',
      'key': 'synthesis-${{ runner.os }}-${{ github.sha }}',
      'restore-keys': 'synthesis-${{ runner.os }}-',
    },
  };
}

/** Where the release workflow publishes: the registry and namespace the bake file and catalogs name. */
const RELEASE_REGISTRY = 'ghcr.io/cnpg-extensions-cdk';
/** What the release job hands to the pull-request job: the images lock, the catalogs and their bundles, as a patch. */
const RELEASE_ARTIFACT = 'release-patch';

/**
 * On every push to main: the bake targets whose inputs differ from the images
 * lock are built by `docker buildx bake` for both platforms and pushed to
 * their -testing repositories; `npx projen publish --from-bake` tests each
 * pushed digest in PostgreSQL 18 (in its operand image, on the runner's
 * platform), promotes that same digest with every tag, signs it keyless
 * (GitHub's OIDC token, Fulcio, Rekor), verifies it, records it in the images
 * lock and signs the catalogs rendered from it. A second job, the only one
 * that may write to the repository, opens a pull request with the lock and
 * the catalogs. Each job holds only the permissions it needs.
 */
export function addReleaseWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = new github.GithubWorkflow(gh, 'release', { limitConcurrency: true, concurrencyOptions: { group: 'release', cancelInProgress: false } });
  workflow.on({ push: { branches: ['main'] }, workflowDispatch: {} });
  workflow.file?.addOverride('permissions', { contents: 'read' });
  workflow.addJobs({
    'affected': {
      name: 'Targets to publish',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      outputs: { targets: { stepId: 'affected', outputName: 'targets' } },
      steps: [
        ...setupSteps(),
        {
          id: 'affected',
          name: 'Bake targets whose inputs differ from the images lock',
          run: [
            'targets=$(npx projen affected --json | tail -n 1)',
            'echo "targets=$targets" >> "$GITHUB_OUTPUT"',
            'echo "to publish: $targets"',
          ].join('\n'),
        },
      ],
    },
    'release': {
      name: 'Bake, test, promote by digest and sign',
      needs: ['affected'],
      if: "needs.affected.outputs.targets != '[]'",
      runsOn: ['ubuntu-latest'],
      // Pushes images and signatures; signs keyless with the job's OIDC token; reads the repository only.
      permissions: {
        contents: github.workflows.JobPermission.READ,
        packages: github.workflows.JobPermission.WRITE,
        idToken: github.workflows.JobPermission.WRITE,
      },
      env: { REGISTRY: RELEASE_REGISTRY, ENVIRONMENT: 'testing', REVISION: '${{ github.sha }}', TARGETS: '${{ needs.affected.outputs.targets }}' },
      steps: [
        ...setupSteps(),
        {
          name: 'Emulate arm64 and start a BuildKit builder for both platforms',
          run: [
            'sudo apt-get update -qq',
            'sudo apt-get install -y -qq --no-install-recommends qemu-user-static',
            'docker buildx create --use --name cnpg-release --driver docker-container',
          ].join('\n'),
        },
        {
          name: 'Log in to the registry',
          env: { GH_TOKEN: '${{ github.token }}' },
          run: 'echo "$GH_TOKEN" | docker login ghcr.io --username "$GITHUB_ACTOR" --password-stdin',
        },
        {
          name: 'Build both platforms and push to the -testing repositories',
          run: [
            'TIMESTAMP=$(date -u +%Y%m%d%H%M)',
            'export TIMESTAMP',
            'mapfile -t targets < <(jq -r \'.[]\' <<< "$TARGETS")',
            'docker buildx bake -f generated/docker-bake.hcl --push --metadata-file "$RUNNER_TEMP/bake-metadata.json" "${targets[@]}"',
          ].join('\n'),
        },
        {
          name: 'Test each pushed digest, promote it, sign it keyless, lock it; sign the catalogs',
          run: [
            '# buildah (daemonless, chroot isolation) runs as root; it, crane and cosign read the login above.',
            'sudo --preserve-env=PATH,GITHUB_ACTIONS,ACTIONS_ID_TOKEN_REQUEST_URL,ACTIONS_ID_TOKEN_REQUEST_TOKEN,GITHUB_SERVER_URL,GITHUB_WORKFLOW_REF \\',
            '  DOCKER_CONFIG="$HOME/.docker" REGISTRY_AUTH_FILE="$HOME/.docker/config.json" \\',
            `  npx projen publish --keyless --registry ${RELEASE_REGISTRY} --from-bake "$RUNNER_TEMP/bake-metadata.json"`,
            'sudo chown -R "$(id -u):$(id -g)" .',
          ].join('\n'),
        },
        { name: 'Synthesize from the new images lock', run: 'npx projen' },
        {
          name: 'Keep the lock, the catalogs and their bundles as a patch',
          run: [
            'git add --all extensions/images.lock.json generated README.md',
            `git diff --cached --binary > "$RUNNER_TEMP/${RELEASE_ARTIFACT}.patch"`,
            `test -s "$RUNNER_TEMP/${RELEASE_ARTIFACT}.patch"`,
          ].join('\n'),
        },
        {
          name: 'Upload the patch',
          uses: PINNED_ACTIONS.uploadArtifact,
          with: { 'name': RELEASE_ARTIFACT, 'path': `\${{ runner.temp }}/${RELEASE_ARTIFACT}.patch`, 'if-no-files-found': 'error', 'retention-days': 7 },
        },
      ],
    },
    'pull-request': {
      name: 'Open a pull request with the images lock and catalogs',
      needs: ['release'],
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.WRITE, pullRequests: github.workflows.JobPermission.WRITE },
      steps: [
        { name: 'Check out', uses: PINNED_ACTIONS.checkout, with: { ref: '${{ github.sha }}' } },
        { name: 'Download the patch', uses: PINNED_ACTIONS.downloadArtifact, with: { name: RELEASE_ARTIFACT, path: '${{ runner.temp }}' } },
        {
          name: 'Open a pull request',
          env: { GH_TOKEN: '${{ github.token }}', BRANCH: 'release/${{ github.run_id }}' },
          run: [
            `git apply --index "$RUNNER_TEMP/${RELEASE_ARTIFACT}.patch"`,
            'git config user.name "github-actions[bot]"',
            'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
            'git switch -c "$BRANCH"',
            'git commit -m "Publish: images lock and signed catalogs for ${{ github.sha }}"',
            'git push origin "$BRANCH"',
            'gh pr create --title "Publish: images lock and signed catalogs" --body "Images built from ${{ github.sha }}: tested by digest, promoted, signed keyless by this workflow (run ${{ github.run_id }}). The catalogs pin them by digest; each catalog file has its sigstore bundle."',
          ].join('\n'),
        },
      ],
    },
  });
  return workflow;
}

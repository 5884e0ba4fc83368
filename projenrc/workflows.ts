import { github } from 'projen';

/**
 * Third-party actions, pinned to full commit SHAs (read from the actions'
 * repositories: the commits their release tags point at).
 */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', // v7.0.1
  setupNode: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020', // v7.0.0
} as const;

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
 * change affects (worked out from their inputs, not from file paths).
 */
export function addPullRequestWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = new github.GithubWorkflow(gh, 'pull-request');
  workflow.on({ pullRequest: {} });
  workflow.file?.addOverride('permissions', { contents: 'read' });
  workflow.addJobs({
    test: {
      name: 'Drift check and unit tests',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      steps: [
        ...setupSteps(),
        { name: 'Synthesize', run: 'npx projen' },
        { name: 'Nothing changed', run: 'git diff --exit-code && test -z "$(git status --porcelain)"' },
        { name: 'Unit tests', run: 'npx projen test' },
      ],
    },
    e2e: {
      name: 'End-to-end test of the affected extensions',
      needs: ['test'],
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

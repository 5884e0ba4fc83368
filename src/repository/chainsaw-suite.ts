import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { validateConstructs } from './construct-validation';
import { ClusterExtension } from '../cdk8s/cluster-extension';
import { Cluster, Database } from '../imports/cnpg-postgresql.cnpg.io';
import { CatalogEntry } from '../model/catalog-entry';
import { extensionChecks } from '../render/extension-checks';

/** What a Chainsaw suite for one extension is written from. */
export interface ChainsawSuiteProps {
  /** The catalog entry of the extension's build under test. */
  readonly entry: CatalogEntry;
  /** Catalog entries of the extensions it requires, for the same distro and major. */
  readonly requires: readonly CatalogEntry[];
}

const CLUSTER = 'cluster-under-test';
const OPERAND_IMAGE = '($values.operandImage)';
/** The postgres user and group of CloudNativePG's operand images. */
const POSTGRES_UID = 26;
/** Chainsaw evaluates any string "(...)" as JMESPath; these are the suite's own expressions. */
const imageOf = (name: string) => `($values.images.${JSON.stringify(name)})`;
const CHECK_JOB = 'extension-check';
/** Runs every check passed as SQL_n / EXPECTED_n; values stay in the environment, never in the script. */
const CHECK_SCRIPT = [
  'set -eu',
  '# The superuser secret names database "*"; the extensions live in "app".',
  'DB_URI="${DB_URI%/\\*}/app"',
  'i=1',
  'while eval "[ -n \\"\\${SQL_$i:-}\\" ]"; do',
  '  eval "sql=\\$SQL_$i expected=\\$EXPECTED_$i"',
  '  got=$(psql "$DB_URI" -v ON_ERROR_STOP=1 -tAc "$sql")',
  '  if [ "$got" != "$expected" ]; then echo "check $i failed: $sql returned \'$got\', expected \'$expected\'" >&2; exit 1; fi',
  '  i=$((i + 1))',
  'done',
  'echo "all $((i - 1)) checks passed"',
].join('\n');

/**
 * A Chainsaw test suite for users who run Kind with CloudNativePG: a Cluster
 * that mounts the extension images (references come from `values.yaml`,
 * override them with `--set images.<name>=...`), a Database that creates the
 * extensions, and a Job in the operand image that checks versions and runs
 * the smoke test, exactly as the local e2e does.
 */
export function chainsawSuite(props: ChainsawSuiteProps): Map<string, string> {
  return chainsawSuiteWithObjects(props).files;
}

/** A Chainsaw suite's files, and the CloudNativePG objects its cluster.yaml and database.yaml are written from. */
export interface ChainsawSuiteFiles {
  /** File name to content. */
  readonly files: Map<string, string>;
  /** File name to the object it holds, for the files that hold a complete CloudNativePG object. */
  readonly objects: Map<string, object>;
}

/** chainsawSuite, with the objects behind the files that hold CloudNativePG objects (validated without parsing the YAML back). */
export function chainsawSuiteWithObjects(props: ChainsawSuiteProps): ChainsawSuiteFiles {
  const { entry } = props;
  const all = [...props.requires, entry];
  const builds = all.map((e) => e.imageBuild);
  const manifests = new Map<string, string>();
  const app = new App();
  const chart = new Chart(app, 'suite');
  const cluster = new Cluster(chart, 'cluster', {
    metadata: { name: CLUSTER },
    // Smoke tests may need a superuser (logical slots, set_user), as in the local e2e.
    spec: { instances: 1, imageName: OPERAND_IMAGE, enableSuperuserAccess: true, storage: { size: '1Gi' } },
  });
  const database = new Database(chart, 'database', {
    metadata: { name: `${CLUSTER}-app` },
    spec: { name: 'app', owner: 'app', cluster: { name: CLUSTER } },
  });
  for (const e of all) {
    new ClusterExtension(chart, `ext-${e.extension.name}`, {
      cluster,
      database: e === entry ? database : undefined,
      extension: e.extension,
      requires: props.requires.map((r) => r.extension),
      distro: e.operand.distro,
      major: e.operand.major,
      imageReference: imageOf(e.extension.name),
    });
  }
  const checks = extensionChecks(builds);
  const env = [
    { name: 'DB_URI', valueFrom: { secretKeyRef: { name: `${CLUSTER}-superuser`, key: 'uri' } } },
    { name: 'PGSSLROOTCERT', value: '' },
    ...checks.flatMap((c, i) => [{ name: `SQL_${i + 1}`, value: c.sql }, { name: `EXPECTED_${i + 1}`, value: c.expected }]),
  ];
  // A plain batch/v1 Job: psql from the operand image as its postgres user, with nothing it does not need.
  const job = new ApiObject(chart, 'check', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: CHECK_JOB },
    spec: {
      backoffLimit: 3,
      template: {
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          containers: [{
            name: 'psql',
            image: OPERAND_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', CHECK_SCRIPT],
            env,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: POSTGRES_UID,
              runAsGroup: POSTGRES_UID,
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          }],
        },
      },
    },
  });
  validateConstructs(app);

  const test = new ApiObject(new Chart(new App(), 'test'), 'test', {
    apiVersion: 'chainsaw.kyverno.io/v1alpha1',
    kind: 'Test',
    metadata: { name: `extension-${entry.extension.name.replace(/_/g, '-')}` },
    spec: {
      description: `${entry.extension.name} ${entry.imageBuild.version} on PostgreSQL ${entry.operand.major} (${entry.operand.distro}): mount, create, check versions and smoke test`,
      timeouts: { apply: '10s', assert: '5m', delete: '1m' },
      steps: [
        { name: 'Create a Cluster with the extension images', try: [{ apply: { file: 'cluster.yaml' } }, { assert: { file: 'cluster-assert.yaml' } }] },
        { name: 'Create the extensions in a Database', try: [{ apply: { file: 'database.yaml' } }, { assert: { file: 'database-assert.yaml' } }] },
        { name: 'Check versions and run the smoke test', try: [{ apply: { file: 'check-extension.yaml' } }, { assert: { file: 'check-extension-assert.yaml' } }] },
      ],
    },
  });
  const createdNames = builds.flatMap((b) => b.components).filter((c) => c.component.createExtension).map((c) => c.component.sqlName);
  manifests.set('chainsaw-test.yaml', Yaml.stringify(test.toJson()));
  manifests.set('values.yaml', Yaml.stringify({
    operandImage: entry.operand.reference,
    images: Object.fromEntries(all.map((e) => [e.extension.name, e.imageReference])),
  }));
  const expressions = new Set([OPERAND_IMAGE, ...all.map((e) => imageOf(e.extension.name))]);
  const literal = (json: unknown) => Yaml.stringify(keepLiteral(json, expressions));
  const objects = new Map<string, object>([
    ['cluster.yaml', keepLiteral(cluster.toJson(), expressions) as object],
    ['database.yaml', keepLiteral(database.toJson(), expressions) as object],
  ]);
  manifests.set('cluster.yaml', Yaml.stringify(objects.get('cluster.yaml')));
  manifests.set('cluster-assert.yaml', Yaml.stringify({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: CLUSTER }, status: { readyInstances: 1 } }));
  manifests.set('database.yaml', Yaml.stringify(objects.get('database.yaml')));
  manifests.set('database-assert.yaml', Yaml.stringify({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Database',
    metadata: { name: `${CLUSTER}-app` },
    status: { applied: true, ...(createdNames.length > 0 ? { extensions: createdNames.map((name) => ({ name, applied: true })) } : {}) },
  }));
  manifests.set('check-extension.yaml', literal(job.toJson()));
  manifests.set('check-extension-assert.yaml', Yaml.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: CHECK_JOB }, status: { succeeded: 1 } }));
  return { files: manifests, objects };
}

/**
 * `json` with every string Chainsaw would take for a JMESPath expression, like
 * "(1,2)", rewritten as an expression that yields the same text, except the
 * suite's own `expressions`.
 */
function keepLiteral(json: unknown, expressions: ReadonlySet<string>): unknown {
  if (typeof json === 'string') {
    if (!/^\(.*\)$/s.test(json) || expressions.has(json)) return json;
    return `('${json.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`;
  }
  if (Array.isArray(json)) return json.map((item) => keepLiteral(item, expressions));
  if (json && typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, keepLiteral(v, expressions)]));
  return json;
}

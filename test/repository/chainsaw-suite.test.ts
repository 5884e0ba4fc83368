import { spawnSync } from 'child_process';
import { parse } from 'yaml';
import { CatalogEntry } from '../../src';
import { chainsawSuite } from '../../src/repository/chainsaw-suite';
import { definitions, imageOf, operands } from '../fixtures';

const trixie18 = () => operands().image('trixie', 18)!;
const entryOf = (props: typeof definitions.pgvector) => {
  const image = imageOf(props);
  return new CatalogEntry({ extension: image, operand: trixie18() });
};

describe('Chainsaw suite', () => {
  test('mounts the images from values, creates the extension, and checks it in a Job of the operand image', () => {
    const files = chainsawSuite({ entry: entryOf(definitions.pgaudit), requires: [] });
    expect([...files.keys()].sort()).toEqual([
      'chainsaw-test.yaml', 'check-extension-assert.yaml', 'check-extension.yaml', 'cluster-assert.yaml', 'cluster.yaml', 'database-assert.yaml', 'database.yaml', 'values.yaml',
    ]);
    const test = parse(files.get('chainsaw-test.yaml')!);
    expect(test.kind).toBe('Test');
    const referenced = test.spec.steps.flatMap((s: any) => s.try.map((op: any) => (op.apply ?? op.assert).file));
    for (const file of referenced) expect(files.has(file)).toBe(true);
    const values = parse(files.get('values.yaml')!);
    expect(values).toEqual({ operandImage: trixie18().reference, images: { pgaudit: 'ghcr.io/cnpg-extensions-cdk/pgaudit:18.6-18.0-trixie' } });
    const cluster = parse(files.get('cluster.yaml')!);
    expect(cluster.spec.imageName).toBe('($values.operandImage)');
    expect(cluster.spec.enableSuperuserAccess).toBe(true);
    expect(cluster.spec.postgresql.extensions).toEqual([{ name: 'pgaudit', image: { reference: '($values.images."pgaudit")' } }]);
    expect(cluster.spec.postgresql.shared_preload_libraries).toEqual(['pgaudit']);
    expect(parse(files.get('database.yaml')!).spec.extensions).toEqual([{ name: 'pgaudit', version: '18.0' }]);
    expect(parse(files.get('database-assert.yaml')!).status).toEqual({ applied: true, extensions: [{ name: 'pgaudit', applied: true }] });
    const job = parse(files.get('check-extension.yaml')!);
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe('($values.operandImage)');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 26 });
    // Checks connect as the superuser, to database "app" where the Database created the extensions.
    expect(container.env.find((e: any) => e.name === 'DB_URI').valueFrom.secretKeyRef).toEqual({ name: 'cluster-under-test-superuser', key: 'uri' });
    const script: string = container.command[2];
    const uri = spawnSync('sh', ['-c', `${script.split('\n').find((l) => l.startsWith('DB_URI='))}; printf %s "$DB_URI"`], {
      encoding: 'utf8', env: { DB_URI: 'postgresql://postgres:secret@cluster-under-test-rw.ns:5432/*' },
    }).stdout;
    expect(uri).toBe('postgresql://postgres:secret@cluster-under-test-rw.ns:5432/app');
    const env = Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      SQL_1: "SELECT extversion FROM pg_extension WHERE extname = 'pgaudit'",
      EXPECTED_1: '18.0',
      SQL_2: definitions.pgaudit.smokeTest!.sql,
      EXPECTED_2: 'none',
    });
  });
});

describe('Chainsaw literal values', () => {
  test('a value that looks like a JMESPath expression is rewritten to yield the same text', () => {
    const props = { ...definitions.pgvector, smokeTest: { sql: 'SELECT point(1,2)', expected: '(1,2)' }, env: { QUOTED: "(it's \\ here)" } };
    const files = chainsawSuite({ entry: entryOf(props), requires: [] });
    const env = parse(files.get('check-extension.yaml')!).spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'EXPECTED_2').value).toBe("('(1,2)')");
    const clusterEnv = parse(files.get('cluster.yaml')!).spec.postgresql.extensions[0].env;
    expect(clusterEnv).toEqual([{ name: 'QUOTED', value: "('(it\\'s \\\\ here)')" }]);
    expect(parse(files.get('cluster.yaml')!).spec.imageName).toBe('($values.operandImage)');
  });
});

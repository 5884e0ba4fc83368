/**
 * Checks the generated bake file with the real docker-buildx CLI (no daemon
 * needed): `bake --print` must resolve every target to the tags, args,
 * platforms, labels and annotations of the typed model, and
 * `bake --list=targets` must list every target and group.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Report } from './report';
import { ExtensionImage, OperandCatalog } from '../../src';
import { BAKE_ATTRIBUTES, BAKE_VARIABLES, BakeFile, extensionBakeFile, ExtensionRepository, renderBakeFile } from '../../src/projen';
import { resolveBakeTarget } from '../../src/render/bake-file';
import { buildxPath, run } from '../lib/tools';

const TIMESTAMP = '202509101200';

function buildx(args: string[], cwd: string, vars: Record<string, string>): string {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-buildx-'));
  try {
    return run(buildxPath(), args, { cwd, env: { BUILDX_CONFIG: config, DOCKER_CONFIG: config, ...vars } });
  } finally {
    fs.rmSync(config, { recursive: true, force: true });
  }
}

/** What buildx must print for a target, from the typed model and concrete variables. */
function expectedTargets(model: BakeFile, values: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(model.targets.map((t) => [t.name, {
    context: t.context,
    dockerfile: t.dockerfile,
    args: t.args,
    platforms: t.platforms,
    ...resolveBakeTarget(t, values),
  }]));
}

function printed(file: string, cwd: string, vars: Record<string, string>): Record<string, any> {
  return JSON.parse(buildx(['bake', '--file', file, '--print'], cwd, vars)).target;
}

function compare(actual: Record<string, any>, expected: Record<string, any>): string[] {
  const problems: string[] = [];
  if (JSON.stringify(Object.keys(actual).sort()) !== JSON.stringify(Object.keys(expected).sort())) {
    problems.push(`targets: expected ${Object.keys(expected).sort().join(', ')}, got ${Object.keys(actual).sort().join(', ')}`);
  }
  for (const [name, want] of Object.entries(expected)) {
    for (const [field, value] of Object.entries(want as Record<string, unknown>)) {
      const got = actual[name]?.[field];
      const normalize = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].sort() : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort()) : v);
      if (normalize(got) !== normalize(value)) problems.push(`${name}.${field}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got)}`);
    }
  }
  return problems;
}

/** Runs the buildx checks on generated/docker-bake.hcl. */
export async function checkBakeFile(
  report: Report, root: string, repository: ExtensionRepository, operands: OperandCatalog, source: string, registry: string,
): Promise<void> {
  const file = 'generated/docker-bake.hcl';
  const model = extensionBakeFile(repository.images, operands, { registry, source, tagPolicy: repository.tagPolicy, contextRoot: 'generated' });
  const created = '2025-09-10T12:00:00Z';

  await report.step('bake', 'buildx bake --print', () => {
    const problems = [true, false].flatMap((production) => {
      const vars = { [BAKE_VARIABLES.timestamp]: TIMESTAMP, [BAKE_VARIABLES.revision]: 'abc123', ...(production ? { [BAKE_VARIABLES.environment]: 'production' } : {}) };
      const values = {
        [BAKE_VARIABLES.registry]: registry,
        [BAKE_VARIABLES.revision]: 'abc123',
        [BAKE_VARIABLES.source]: source,
        [BAKE_ATTRIBUTES.buildTimestamp]: TIMESTAMP,
        [BAKE_ATTRIBUTES.created]: created,
        [BAKE_ATTRIBUTES.imageSuffix]: production ? '' : '-testing',
      };
      return compare(printed(file, root, vars), expectedTargets(model, values)).map((p) => `${production ? 'production' : 'testing'}: ${p}`);
    });
    if (problems.length) throw new Error(problems.slice(0, 10).join('\n'));
    return model.targets.length;
  }, (n) => `${n} targets resolve to the model's tags, args, platforms, labels and annotations`);

  await report.step('bake', 'build time from the clock', () => {
    const before = Date.now();
    const target = Object.values(printed(file, root, {}))[0] as any;
    const immutable: string = target.tags[0];
    const stamp = /-(\d{12})-[a-z]+$/.exec(immutable)?.[1];
    if (!stamp) throw new Error(`no timestamp in ${immutable}`);
    const at = Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(8, 10), +stamp.slice(10, 12));
    if (Math.abs(at - before) > 5 * 60_000) throw new Error(`timestamp ${stamp} is not the bake-time clock`);
    return immutable;
  }, (tag) => `with TIMESTAMP unset, tags use the bake-time clock: ${tag}`);

  await report.step('bake', 'buildx bake --list=targets', () => {
    const listed = buildx(['bake', '--file', file, '--list=targets'], root, {});
    const missing = [...model.targets.map((t) => t.name), ...model.groups.map((g) => g.name)].filter((n) => !new RegExp(`^${n}\\b`, 'm').test(listed));
    if (missing.length) throw new Error(`not listed: ${missing.join(', ')}`);
    return model.targets.length + model.groups.length;
  }, (n) => `${n} targets and groups listed`);

  await report.step('bake', 'hostile text stays literal', () => {
    const hostile = 'Say "hi" to ${HOME} and %{x} \\o/ $(id) `id`';
    const image = new ExtensionImage({ ...repository.images[0].definition, description: hostile });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-bake-'));
    try {
      fs.writeFileSync(path.join(dir, 'docker-bake.hcl'), renderBakeFile(extensionBakeFile([image], operands, { registry, source, tagPolicy: repository.tagPolicy, contextRoot: 'generated' })));
      const targets = printed('docker-bake.hcl', dir, { [BAKE_VARIABLES.timestamp]: TIMESTAMP });
      // --print writes a JSON bake file, in which a literal "${" or "%{" is escaped again.
      const printedForm = hostile.replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{');
      const descriptions = Object.values(targets).map((t: any) => t.labels['org.opencontainers.image.description']);
      if (descriptions.some((d) => d !== printedForm)) throw new Error(`description came back as ${JSON.stringify(descriptions[0])}, expected ${JSON.stringify(printedForm)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, () => 'quotes, ${, %{, $() and backticks in a description reach buildx as literal text');
}

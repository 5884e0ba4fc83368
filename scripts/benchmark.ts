/**
 * Measures what `npx projen` costs, as a process, against the community's bake
 * plan (never asserted in tests):
 *
 *   npx projen benchmark                       # or: tsx scripts/benchmark.ts [--runs K] [--sizes real,100,300,1000] [--keep]
 *
 * Every synthesis runs in a scratch copy of the repository (node_modules
 * linked), never in the repository: at N = `real`, the repository's own
 * definitions, and at N = 100, 300 and 1,000 copies of the frozen fixture
 * definition of scripts/benchmark/synthetic.ts (pgvector's of 2026-11-30,
 * renamed, its lock entries copied for each). Each copy is first
 * synthesized once (not counted: it writes every file, and its time is shown
 * apart), then measured K times in the steady state CI and a developer see,
 * where every output is already up to date, by
 *   - `npx projen` (the projen CLI, which runs the default task,
 *     `node --require tsx/cjs .projenrc.ts`), with the caches cold (the
 *     validator and output caches in an empty directory, as on a clean
 *     clone: every extension rendered and validated, what CI does) and warm
 *     (a developer's second run: only changed extensions are rendered);
 *   - the synthesis process alone (`node --require tsx/cjs .projenrc.ts`), caches warm.
 * The floor is measured beside them: `npx projen` in a copy without the
 * ExtensionImages component, and its parts (`npx projen --version`, Node
 * loading projen). In the same rounds, the community's plan: one
 * `docker-buildx bake --print` per extension of
 * ../shared/upstream/community-extension-sources-2026-08/.
 * Runs are interleaved round by round, so background load spreads over all of
 * them; the medians are reported, with wall time, CPU time and the peak RSS of
 * the largest process. Environment instead of flags: CNPG_BENCH_RUNS,
 * CNPG_BENCH_SIZES, CNPG_BENCH_KEEP=1.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMMUNITY_SOURCES, bakePlan, communityExtensions, copyOfCommunitySources, findBuildx } from './benchmark/community';
import { Sample, measure, median, memoryMethod } from './benchmark/measure';
import { ROOT, copyOfRepository, removeScratch, scratchDirectory } from './benchmark/scratch';
import { syntheticRepository } from './benchmark/synthetic';
import { definitionFiles } from '../src/repository/definition-loader';

const args = process.argv.slice(2);
function option(name: string, env: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : process.env[env];
}
const RUNS = Number(option('runs', 'CNPG_BENCH_RUNS') ?? 5);
/** How many definitions the repository has: the size `real` stands for. */
const REAL = definitionFiles(path.join(ROOT, 'extensions')).length;
const SIZES = (option('sizes', 'CNPG_BENCH_SIZES') ?? 'real,100,300,1000').split(',').map((s) => (s === 'real' ? REAL : Number(s)));
const KEEP = args.includes('--keep') || process.env.CNPG_BENCH_KEEP === '1';
const COLD = 'npx projen, caches cold (CI)';
const WARM = 'npx projen, caches warm';
const PROCESS = 'node --require tsx/cjs .projenrc.ts, warm';
const FLOOR = 'floor: npx projen without ExtensionImages';
/** Goals of issue 12. */
const GOALS = { ratio: 1.0, seconds1000: 5, mib1000: 500, marginalGrowth: 1.25 };

/** The environment of every synthesis: the task's --expose-gc is not what `npx projen` runs with. */
const BASE_ENV: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: (process.env.NODE_OPTIONS ?? '').replace('--expose-gc', '').trim() || undefined };
delete BASE_ENV.CNPG_EXTENSIONS_CDK_CACHE;

interface Subject {
  readonly label: string;
  readonly definitions: number;
  readonly run: () => Sample;
  readonly samples: Sample[];
}

function synthesisSubjects(
  size: number, scratch: string[],
): { dir: string; subjects: Subject[]; first: Sample; rewrittenInSteadyState: () => number } {
  const dir = size === REAL ? copyOfRepository('real') : syntheticRepository(size);
  scratch.push(dir);
  const definitions = fs.readdirSync(path.join(dir, 'extensions')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').length;
  const warmCache = scratchDirectory(`cache-${size}`);
  scratch.push(warmCache);
  const coldCaches = scratchDirectory(`cold-${size}`);
  scratch.push(coldCaches);
  let cold = 0;
  const projen = (cache: string) => measure('npx', ['projen'], { cwd: dir, env: { ...BASE_ENV, CNPG_EXTENSIONS_CDK_CACHE: cache } });
  const synthesisProcess = (cache: string) => measure('node', ['--require', 'tsx/cjs', '.projenrc.ts'], { cwd: dir, env: { ...BASE_ENV, CNPG_EXTENSIONS_CDK_CACHE: cache } });
  // The first synthesis writes every file (and fills the warm cache); a second settles what the first changed. Both
  // skip projen's post-synthesis step: were the copy's package.json stale, it would install dependencies over the link.
  const noPost = () => measure(path.join(dir, 'node_modules', '.bin', 'projen'), ['--no-post'], { cwd: dir, env: { ...BASE_ENV, CNPG_EXTENSIONS_CDK_CACHE: warmCache } });
  const first = noPost();
  noPost();
  projen(warmCache);
  if (!fs.lstatSync(path.join(dir, 'node_modules')).isSymbolicLink()) throw new Error(`projen installed dependencies in ${dir}: its package.json is not what .projenrc.ts synthesizes`);
  const mtimes = () => new Map(listFiles(path.join(dir, 'generated')).map((f) => [f, fs.statSync(f).mtimeMs]));
  const settled = mtimes();
  const subject = (label: string, run: () => Sample): Subject => ({ label, definitions, run, samples: [] });
  return {
    dir,
    first,
    subjects: [
      subject(COLD, () => projen(path.join(coldCaches, String(cold++)))),
      subject(WARM, () => projen(warmCache)),
      subject(PROCESS, () => synthesisProcess(warmCache)),
    ],
    rewrittenInSteadyState: () => {
      const now = mtimes();
      return [...now].filter(([f, t]) => settled.get(f) !== t).length + [...settled.keys()].filter((f) => !now.has(f)).length;
    },
  };
}

/**
 * The part of `npx projen` that is not ours: the same copy of the repository
 * with the ExtensionImages component taken out of .projenrc.ts (npx, projen's
 * CLI and task runtime, node with tsx, loading projen and its own project
 * synthesis), and two of its parts: `npx projen --version` (npx and projen's
 * CLI) and Node loading projen.
 */
function floorSubjects(scratch: string[]): Subject[] {
  const dir = copyOfRepository('floor');
  scratch.push(dir);
  const projenrc = path.join(dir, '.projenrc.ts');
  const text = fs.readFileSync(projenrc, 'utf8');
  const without = text.replace(/^import \{ ExtensionImages \} from [^\n]*\n/m, '').replace(/\nnew ExtensionImages\(project, \{[\s\S]*?\n\}\);\n/, '\n');
  // Comments may still name the component; code may not.
  if (without === text || /new ExtensionImages\(|import \{[^}]*\bExtensionImages\b/.test(without)) {
    console.log('(.projenrc.ts has no recognizable `new ExtensionImages(project, {...});` block: no floor measurement)');
    return [];
  }
  fs.writeFileSync(projenrc, without);
  const run = (command: string, commandArgs: string[]) => measure(command, commandArgs, { cwd: dir, env: BASE_ENV });
  run('npx', ['projen', '--no-post']);
  return [
    { label: FLOOR, definitions: 0, run: () => run('npx', ['projen']), samples: [] },
    { label: 'floor part: npx projen --version', definitions: 0, run: () => run('npx', ['projen', '--version']), samples: [] },
    { label: 'floor part: node loading projen', definitions: 0, run: () => run('node', ['-e', 'require("projen")']), samples: [] },
  ];
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

function main(): void {
  const scratch: string[] = [];
  const cpu = os.cpus();
  console.log(`node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? '?'}), ${os.type()} ${os.release()}, ${Math.round(os.totalmem() / 1048576)} MiB`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; peak memory: ${memoryMethod()}; ${RUNS} runs each, medians`);
  try {
    const subjects: Subject[] = [];
    const buildx = fs.existsSync(COMMUNITY_SOURCES) ? findBuildx() : undefined;
    let community: Subject | undefined;
    if (!fs.existsSync(COMMUNITY_SOURCES)) {console.log(`community sources not found at ${COMMUNITY_SOURCES}: no comparison`);} else if (!buildx) {console.log('docker-buildx not found (scripts/e2e/install-tools.sh installs it): no comparison');} else {
      const dir = copyOfCommunitySources();
      scratch.push(dir);
      const extensions = communityExtensions(dir);
      community = { label: `community bake --print (${extensions.length} extensions)`, definitions: extensions.length, run: () => bakePlan(buildx, dir, extensions), samples: [] };
      community.run(); // warm the page cache
      subjects.push(community);
    }
    const firsts: Array<[number, Sample, Subject[]]> = [];
    const steadyChecks: Array<[number, () => number]> = [];
    subjects.push(...floorSubjects(scratch));
    let realDir: string | undefined;
    for (const size of SIZES) {
      process.stderr.write(`preparing N=${size}...\n`);
      const { dir, subjects: own, first, rewrittenInSteadyState } = synthesisSubjects(size, scratch);
      if (size === REAL) realDir = dir;
      firsts.push([size, first, own]);
      steadyChecks.push([size, rewrittenInSteadyState]);
      subjects.push(...own);
    }
    for (let round = 0; round < RUNS; round++) {
      process.stderr.write(`round ${round + 1}/${RUNS}\n`);
      for (const subject of subjects) subject.samples.push(subject.run());
    }

    // What the validator cache saves a process: its first validation, and all of the repository's manifests.
    const cacheSamples = new Map<string, Array<{ first: number; all: number }>>([['off', []], ['warm', []]]);
    if (realDir) {
      const warm = scratchDirectory('validators');
      scratch.push(warm);
      const probe = (cache: string) => JSON.parse(measure(path.join(realDir!, 'node_modules', '.bin', 'tsx'), [path.join('scripts', 'benchmark', 'validator-cache.ts'), '.'], {
        cwd: realDir!, env: { ...BASE_ENV, CNPG_EXTENSIONS_CDK_CACHE: cache }, stdout: 'capture',
      }).stdout) as { first: number; all: number };
      probe(warm);
      for (let round = 0; round < RUNS; round++) {
        cacheSamples.get('off')!.push(probe('off'));
        cacheSamples.get('warm')!.push(probe(warm));
      }
    }

    const rows = subjects.map((s) => {
      const wall = median(s.samples.map((x) => x.wall));
      const walls = s.samples.map((x) => x.wall);
      return {
        label: s.label,
        n: s.definitions,
        wall,
        cpu: median(s.samples.map((x) => x.cpu)),
        rss: Math.max(...s.samples.map((x) => x.rssMiB)),
        spread: `${Math.min(...walls).toFixed(2)}-${Math.max(...walls).toFixed(2)}`,
      };
    });
    console.log('');
    console.log(`${'what'.padEnd(44)} ${'N'.padStart(5)}  ${'wall (median)'.padStart(13)}  ${'min-max'.padStart(11)}  ${'CPU'.padStart(8)}  ${'peak RSS'.padStart(9)}  ${'wall/N'.padStart(9)}`);
    for (const r of rows) {
      console.log(`${r.label.padEnd(44)} ${String(r.n).padStart(5)}  ${seconds(r.wall).padStart(13)}  ${r.spread.padStart(11)}  ${seconds(r.cpu).padStart(8)}  ${`${r.rss.toFixed(0)} MiB`.padStart(9)}  ${(r.n > 0 ? `${(1000 * r.wall / r.n).toFixed(1)} ms` : '-').padStart(9)}`);
    }
    console.log('');
    for (const [size, first] of firsts) {
      console.log(`first synthesis of a fresh copy at N=${size} (writes every changed file): ${seconds(first.wall)}, peak RSS ${first.rssMiB.toFixed(0)} MiB`);
    }
    for (const [size, check] of steadyChecks) {
      console.log(`files under generated/ rewritten by the ${RUNS * 3} steady-state runs at N=${size}: ${check()}`);
    }

    if (realDir) {
      const ms = (key: string, field: 'first' | 'all') => `${median(cacheSamples.get(key)!.map((x) => x[field])).toFixed(0)} ms`;
      console.log(`validator cache, one process validating the ${REAL}-definition repository's manifests (median of ${RUNS}): `
        + `first manifest ${ms('off', 'first')} without the cache, ${ms('warm', 'first')} with it warm; all ${ms('off', 'all')} vs ${ms('warm', 'all')}`);
    }

    console.log('');
    const of = (label: string, n: number) => rows.find((r) => r.label === label && r.n === n);
    const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
    const real = firsts.find(([size]) => size === REAL)?.[2][0]?.definitions;
    const communityRow = community && rows.find((r) => r.label === community!.label);
    for (const label of [COLD, WARM, PROCESS]) {
      const ours = real === undefined ? undefined : of(label, real);
      if (ours && communityRow) {
        const ratio = ours.wall / communityRow.wall;
        const goal = label.startsWith('npx projen') ? ` (goal <= ${GOALS.ratio.toFixed(1)}: ${verdict(ratio <= GOALS.ratio)})` : '';
        console.log(`ratio ours/theirs, ${label}, ${real} definitions vs ${communityRow.n}: ${ratio.toFixed(2)}${goal}; CPU time ratio ${(ours.cpu / communityRow.cpu).toFixed(2)}`);
      }
    }
    for (const label of [COLD, WARM]) {
      const at = (n: number) => of(label, n);
      const big = at(1000);
      if (big) {
        console.log(`${label}, N=1000: ${seconds(big.wall)} (goal < ${GOALS.seconds1000} s: ${verdict(big.wall < GOALS.seconds1000)}; CPU ${seconds(big.cpu)}), peak RSS ${big.rss.toFixed(0)} MiB (goal < ${GOALS.mib1000} MB: ${verdict(big.rss * 1.048576 < GOALS.mib1000)})`);
      }
      const [a, b, c] = [at(100), at(300), at(1000)];
      if (a && b && c) {
        const low = (b.wall - a.wall) / (b.n - a.n);
        const high = (c.wall - b.wall) / (c.n - b.n);
        const growth = high / low;
        console.log(`${label}, per-definition cost: ${(1000 * a.wall / a.n).toFixed(2)} ms at 100, ${(1000 * c.wall / c.n).toFixed(2)} ms at 1000 (fixed cost included); `
          + `marginal ${(1000 * low).toFixed(2)} ms (100->300) vs ${(1000 * high).toFixed(2)} ms (300->1000): x${growth.toFixed(2)} `
          + `(flat: goal <= x${GOALS.marginalGrowth}, quadratic would be x3.25: ${verdict(growth <= GOALS.marginalGrowth)})`);
        // CPU time is what other load on a shared machine disturbs least.
        const cpuLow = (b.cpu - a.cpu) / (b.n - a.n);
        const cpuHigh = (c.cpu - b.cpu) / (c.n - b.n);
        console.log(`${label}, marginal CPU time per definition: ${(1000 * cpuLow).toFixed(2)} ms (100->300) vs ${(1000 * cpuHigh).toFixed(2)} ms (300->1000): `
          + `x${(cpuHigh / cpuLow).toFixed(2)} (${verdict(cpuHigh / cpuLow <= GOALS.marginalGrowth)})`);
      }
    }
    const floorRow = rows.find((r) => r.label === FLOOR);
    if (floorRow && communityRow) {
      console.log(`the floor alone (node, tsx, projen's CLI and project, no extension) is ${(floorRow.wall / communityRow.wall).toFixed(2)} times the community's plan (CPU ${(floorRow.cpu / communityRow.cpu).toFixed(2)})`);
    }
    console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    if (KEEP) console.log(`kept: ${scratch.join(' ')}`);
    else scratch.forEach(removeScratch);
  }
}

main();

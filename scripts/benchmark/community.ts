/**
 * The community's bake plan: `docker buildx bake --print` over each extension
 * of cloudnative-pg/postgres-extensions-containers (its root docker-bake.hcl
 * with the extension's metadata.hcl, one invocation per extension, as that
 * project runs it), from the sources kept in ../shared/upstream/.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sample, measure } from './measure';
import { ROOT, scratchDirectory } from './scratch';

/** Where the community sources are, unless CNPG_BENCH_COMMUNITY says otherwise. */
export const COMMUNITY_SOURCES = process.env.CNPG_BENCH_COMMUNITY
  ?? path.join(ROOT, '..', 'shared', 'upstream', 'community-extension-sources-2026-08');

/** The community's extensions: the directories with a metadata.hcl, sorted. */
export function communityExtensions(dir: string): string[] {
  return fs.readdirSync(dir).filter((e) => fs.existsSync(path.join(dir, e, 'metadata.hcl'))).sort();
}

/** A scratch copy of the community sources (bake only reads them, but nothing here runs in a shared directory). */
export function copyOfCommunitySources(): string {
  const dir = scratchDirectory('community');
  fs.cpSync(COMMUNITY_SOURCES, dir, { recursive: true });
  return dir;
}

/**
 * The docker-buildx binary: $DOCKER_BUILDX, else what scripts/e2e/install-tools.sh
 * installs (under $CNPG_E2E_CACHE or ~/.cache/cnpg-extensions-cdk), else one on
 * the PATH, else whatever install-tools.sh installs when run now.
 */
export function findBuildx(): string | undefined {
  const cache = process.env.CNPG_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cnpg-extensions-cdk');
  const candidates = [
    process.env.DOCKER_BUILDX,
    path.join(cache, 'bin', 'docker-buildx'),
    path.join(cache, 'docker-buildx', 'usr', 'libexec', 'docker', 'cli-plugins', 'docker-buildx'),
  ];
  const found = candidates.find((c) => c && isExecutable(c));
  if (found) return found;
  const onPath = spawnSync('sh', ['-c', 'command -v docker-buildx'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  console.error('benchmark: docker-buildx not found; running scripts/e2e/install-tools.sh');
  const installed = spawnSync('bash', [path.join(ROOT, 'scripts', 'e2e', 'install-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = installed.stdout.trim().split('\n').pop() ?? '';
  return installed.status === 0 && isExecutable(path.join(bin, 'docker-buildx')) ? path.join(bin, 'docker-buildx') : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** One run of the whole plan: one `bake --print` per extension, wall and CPU summed, peak memory the largest. */
export function bakePlan(buildx: string, dir: string, extensions: readonly string[]): Sample {
  const samples = extensions.map((e) => measure(buildx, ['bake', '-f', 'docker-bake.hcl', '-f', `${e}/metadata.hcl`, '--print'], { cwd: dir }));
  return {
    wall: samples.reduce((sum, s) => sum + s.wall, 0),
    cpu: samples.reduce((sum, s) => sum + s.cpu, 0),
    rssMiB: Math.max(...samples.map((s) => s.rssMiB)),
  };
}

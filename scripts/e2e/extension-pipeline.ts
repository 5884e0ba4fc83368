/**
 * The end-to-end pipeline of one extension, daemonless: build its generated
 * Dockerfile with buildah, push every tag to a real registry, read labels and
 * annotations back with skopeo, check the image's contents, then mount it
 * read-only at /extensions/<name> and use it from PostgreSQL 18 with the GUCs
 * CloudNativePG would set.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Report } from './report';
import { CatalogEntry, ExtensionImage, OperandImage, resolveExtensionSettings, TagPolicy, VersionsLock } from '../../src';
import { mergeParameters } from '../../src/model/postgresql-parameters';
import { BakeTarget, IMAGE_USER, PACKAGES_FILE, PACKAGES_LABEL } from '../../src/projen';
import { resolveBakeTarget } from '../../src/render/bake-file';
import { extensionBakeTarget, packagePins } from '../../src/render/extension-bake';
import { createExtensionStatements, extensionChecks } from '../../src/render/extension-checks';
import { buildah, isolationArgs, withContainer } from '../lib/buildah';
import { contentsDifference, listContents } from '../lib/image-contents';
import { mountImage, MountedImage, runPostgresSession, SESSION_DATABASE } from '../lib/postgres-session';
import { run } from '../lib/tools';

/** Where and how the e2e runs. */
export interface E2eEnvironment {
  /** The stand-in operand image, as an OperandImage ("sid", 18). */
  readonly operand: OperandImage;
  /** `127.0.0.1:PORT` of the registry. */
  readonly registry: string;
  /** Values of the bake file's variables and attributes for this run. */
  readonly bakeValues: Readonly<Record<string, string>>;
  /** The tag convention. */
  readonly tagPolicy: TagPolicy;
  /** Source URL for labels. */
  readonly source: string;
  /** The versions lock: the stand-in distro's entries are what gets built. */
  readonly versionsLock: VersionsLock;
}

/** An extension image built, pushed and checked in this run. */
export interface BuiltExtension {
  /** The definition. */
  readonly image: ExtensionImage;
  /** Its catalog entry for the stand-in, pointing at the pushed image. */
  readonly entry: CatalogEntry;
  /** Every pushed reference, immutable first. */
  readonly references: readonly string[];
}

/** Options to make a build deviate (fault injection). */
export interface BuildOptions {
  /** The Dockerfile to build instead of the target's, in the same build context (fault injection). */
  readonly dockerfile?: string;
  /** Package version of the first component to pass instead of the locked one (fault injection). */
  readonly packageVersion?: string;
  /** Repository of the local image built. @default localhost/e2e */
  readonly localRepository?: string;
}

const PATH_OF_SERVER = '/usr/lib/postgresql/18/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The bake target of the extension's stand-in build, with exactly the package
 * versions locked for the stand-in (or `opts.packageVersion`, to inject a fault).
 */
export function standInTarget(env: E2eEnvironment, image: ExtensionImage, generatedDir: string, opts: BuildOptions = {}): BakeTarget {
  const { distro, major } = env.operand;
  image.components.forEach((component, i) => {
    if (component.buildFor(distro, major)) return;
    if (i === 0 && opts.packageVersion) {
      component.addBuild({ distro, major, packageVersion: opts.packageVersion, sqlVersion: component.sqlVersionOf(opts.packageVersion) });
    } else {
      component.addBuildFromLock(env.versionsLock, image.name, { distro, major });
    }
    if (!component.buildFor(distro, major)) throw new Error(`${image.name}: the versions lock leaves ${component.name} unresolved on ${distro}/${major}`);
  });
  return extensionBakeTarget(image, image.buildFor(distro, major)!, env.operand, {
    registry: env.registry, source: env.source, tagPolicy: env.tagPolicy, contextRoot: path.relative(process.cwd(), generatedDir),
  });
}

/** Builds the extension's Dockerfile with the stand-in as BASE and exactly the package versions locked for it; returns the built target. */
export async function buildExtension(
  report: Report, env: E2eEnvironment, image: ExtensionImage, generatedDir: string, opts: BuildOptions = {},
): Promise<{ target: BakeTarget; localRef: string }> {
  return report.step(image.name, 'build', () => {
    const target = standInTarget(env, image, generatedDir, opts);
    const build = image.buildFor(env.operand.distro, env.operand.major)!;
    const { labels, annotations } = resolveBakeTarget(target, env.bakeValues);
    const localRef = `${opts.localRepository ?? 'localhost/e2e'}/${image.imageName}:${build.version}`;
    const args = Object.entries(target.args).map(([k, v]) => `${k}=${v}`);
    // The target's context and Dockerfile, as bake would use them (the context holds cnpg-build.sh).
    buildah([
      'bud', ...isolationArgs(), '--pull=never', '--format', 'oci',
      ...args.flatMap((a) => ['--build-arg', a]),
      ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      ...annotations.flatMap((a) => ['--annotation', a.replace(/^index,manifest:/, '')]),
      '--file', opts.dockerfile ?? path.join(target.context, target.dockerfile),
      '--tag', localRef,
      target.context,
    ]);
    return { target, localRef };
  }, ({ localRef }) => localRef);
}

/** Pushes every tag of the TagPolicy to the registry and checks labels, annotations and user with skopeo. */
export async function pushAndInspect(
  report: Report, env: E2eEnvironment, image: ExtensionImage, target: BakeTarget, localRef: string,
): Promise<string[]> {
  const resolved = resolveBakeTarget(target, env.bakeValues);
  const references = resolved.tags;
  await report.step(image.name, 'push', () => {
    for (const reference of references) buildah(['push', '--tls-verify=false', localRef, `docker://${reference}`]);
  }, () => `${references.length} tags: ${references.map((r) => r.split(':').pop()).join(', ')}`);
  await report.step(image.name, 'inspect labels', () => {
    const expectedLabels = resolved.labels;
    const expectedAnnotations = Object.fromEntries(resolved.annotations.map((a) => {
      const [key, ...rest] = a.replace(/^index,manifest:/, '').split('=');
      return [key, rest.join('=')];
    }));
    const digests = new Set<string>();
    for (const reference of references) {
      const inspected = JSON.parse(run('skopeo', ['inspect', '--tls-verify=false', `docker://${reference}`]));
      const config = JSON.parse(run('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${reference}`]));
      const manifest = JSON.parse(run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`]));
      digests.add(inspected.Digest);
      expectEqual(`${reference} labels`, pick(inspected.Labels ?? {}, Object.keys(expectedLabels)), expectedLabels);
      expectEqual(`${reference} manifest annotations`, pick(manifest.annotations ?? {}, Object.keys(expectedAnnotations)), expectedAnnotations);
      expectEqual(`${reference} user`, config.config?.User, IMAGE_USER);
    }
    if (digests.size !== 1) throw new Error(`tags point at different digests: ${[...digests].join(', ')}`);
  }, () => `labels, annotations and USER ${IMAGE_USER} match on every tag`);
  return references;
}

/**
 * Mounts the image and checks what it holds: selected files, control file,
 * licenses, no shell, and exactly the Debian packages the lock pins, as dpkg
 * recorded them while building.
 */
export async function checkContents(report: Report, env: E2eEnvironment, image: ExtensionImage, localRef: string): Promise<MountedImage> {
  const mounted = await report.step(image.name, 'contents', () => {
    const opened = mountImage(localRef);
    try {
      const root = opened.dir;
      const has = (p: string) => fs.existsSync(path.join(root, p));
      const problems: string[] = [];
      for (const c of image.components) {
        const under = (p: string) => c.inImage(p);
        if (c.files.lib.length && !fs.readdirSync(path.join(root, under('lib'))).some((f) => f.endsWith('.so'))) problems.push(`no shared library in /${under('lib')}`);
        if (c.createExtension && !c.extensionControlPath.some((p) => has(`${under(p)}/extension/${c.sqlName}.control`))) problems.push(`no ${c.sqlName}.control under /${under('')}`);
        for (const pkg of c.packages(18)) if (!has(`licenses/${pkg}/copyright`)) problems.push(`no /licenses/${pkg}/copyright`);
        if (c.systemLibraries && !(has(under('system')) && fs.readdirSync(path.join(root, under('system'))).length > 0)) problems.push(`no libraries in /${under('system')}`);
      }
      for (const shell of ['bin/sh', 'bin/bash', 'usr/bin/sh']) if (has(shell)) problems.push(`a shell at /${shell}`);
      problems.push(...escapingLinks(root).map((link) => `/${link} points outside the image or nowhere`));
      if (problems.length) throw new Error(problems.join('; '));
      return opened;
    } catch (error) {
      opened.unmount();
      throw error;
    }
  }, (m) => `${countFiles(m.dir)} files, licenses for ${fs.readdirSync(path.join(m.dir, 'licenses'), { withFileTypes: true }).filter((e) => e.isDirectory()).length} packages`);
  await report.step(image.name, 'locked package versions', () => {
    const expected = packagePins(image.buildFor(env.operand.distro, env.operand.major)!);
    const installed = fs.readFileSync(path.join(mounted.dir, PACKAGES_FILE), 'utf8').trim().split('\n');
    expectEqual(`${PACKAGES_FILE} (what dpkg installed) against the versions lock`, installed, expected);
    return expected;
  }, (pins) => `installed = locked = ${PACKAGES_LABEL} label: ${pins.join(' ')}`).catch((error) => {
    mounted.unmount();
    throw error;
  });
  return mounted;
}

/** Where {@link recordContents} writes file lists, and an earlier run's lists to compare them with. */
export interface ContentsRecord {
  /** Directory of this run's lists, `<image name>.txt`. */
  readonly outputDir: string;
  /** Directory of an earlier run's lists (`--contents-baseline DIR`). */
  readonly baselineDir?: string;
}

/**
 * Writes the mounted image's file list (see listContents) to
 * `record.outputDir/<name>.txt`. With a baseline, the list must equal the
 * baseline's when both installed the same packages (the same
 * debian-packages.txt bytes): how an image is built may change, what it holds
 * may not. Against other package versions the lists are not compared, so a
 * version bump does not fail the check.
 */
export async function recordContents(report: Report, image: ExtensionImage, mounted: MountedImage, record: ContentsRecord): Promise<void> {
  await report.step(image.name, 'file list', () => {
    const lines = listContents(mounted.dir);
    // Read before writing: the baseline may be the output directory itself.
    const baselineFile = record.baselineDir && path.join(record.baselineDir, `${image.name}.txt`);
    const baseline = baselineFile && fs.existsSync(baselineFile) ? fs.readFileSync(baselineFile, 'utf8').split('\n').filter((l) => l) : undefined;
    fs.mkdirSync(record.outputDir, { recursive: true });
    fs.writeFileSync(path.join(record.outputDir, `${image.name}.txt`), lines.map((l) => `${l}\n`).join(''));
    if (!baselineFile) return `${lines.length} entries recorded`;
    if (!baseline) throw new Error(`no baseline list ${baselineFile}`);
    const packagesLine = (list: readonly string[]) => list.find((l) => l.startsWith(`${PACKAGES_FILE} `));
    if (packagesLine(baseline) !== packagesLine(lines)) return `${lines.length} entries; not compared: the baseline installed other package versions`;
    const difference = contentsDifference(baseline, lines);
    if (difference.length) throw new Error(`${difference.length} entries differ from ${baselineFile}:\n${difference.slice(0, 40).join('\n')}`);
    return `${lines.length} entries, identical to the baseline`;
  }, (detail) => detail);
}

/** The postgresql.conf settings and environment CloudNativePG derives from catalog entries. */
export function serverConfiguration(entries: readonly CatalogEntry[]): { settings: Record<string, string>; env: Record<string, string> } {
  const resolved = resolveExtensionSettings(entries.map((e) => e.configuration));
  const preload = [...new Set(entries.flatMap((e) => e.extension.sharedPreloadLibraries))];
  const settings: Record<string, string> = {
    extension_control_path: resolved.extensionControlPath,
    dynamic_library_path: resolved.dynamicLibraryPath,
    ...(preload.length ? { shared_preload_libraries: preload.join(',') } : {}),
  };
  const databaseNames = Object.fromEntries(entries.flatMap((e) => e.extension.databaseNameParameters.map((name) => [name, SESSION_DATABASE])));
  const { merged, conflicts: [conflict] } = mergeParameters(settings, ...entries.map((e) => e.extension.postgresqlParameters), databaseNames);
  if (conflict) throw new Error(`${conflict.name}: the extensions need both "${conflict.current}" and "${conflict.added}"`);
  const env: Record<string, string> = {
    ...resolved.env,
    PATH: [PATH_OF_SERVER, ...resolved.binPath].join(':'),
    ...(resolved.ldLibraryPath.length ? { LD_LIBRARY_PATH: resolved.ldLibraryPath.join(':') } : {}),
  };
  return { settings: merged, env };
}

/**
 * Without the extension GUCs the extension must not be usable (negative
 * control); with them, CREATE EXTENSION gives the expected versions and the
 * smoke test passes.
 */
export async function loadIntoPostgres(
  report: Report, env: E2eEnvironment, built: readonly BuiltExtension[], mounts: ReadonlyMap<string, MountedImage>,
): Promise<void> {
  const subject = built[built.length - 1].image;
  const entries = built.map((b) => b.entry);
  const sessionMounts = built.map((b) => ({ name: b.image.name, hostDir: mounts.get(b.image.name)!.dir }));
  const builds = built.map((b) => b.entry.imageBuild);
  const checks = extensionChecks(builds);
  const create = createExtensionStatements(builds);

  const { settings, env: serverEnv } = serverConfiguration(entries);
  await report.step(subject.name, 'negative control', () => {
    const probe = create.length ? create[create.length - 1] : checks[checks.length - 1]?.sql;
    if (!probe) throw new Error('nothing to probe: no CREATE EXTENSION and no smoke test');
    // Everything but what CloudNativePG derives from the image volumes: the same mounts, parameters and preload list.
    const { extension_control_path: _controlPath, dynamic_library_path: _libraryPath, ...withoutExtensionPaths } = settings;
    try {
      runPostgresSession({ baseImage: env.operand.reference, mounts: sessionMounts, settings: withoutExtensionPaths, env: {}, sql: [probe] });
    } catch (error) {
      const message = (error as Error).message;
      if (/is not available|could not (access|open|load)|does not exist/.test(message)) return firstLine(message.split('\n').slice(1).join('\n') || message);
      throw error;
    }
    throw new Error(`"${probe}" succeeded without the extension GUCs`);
  }, (reason) => `without the GUCs: ${reason}`);

  await report.step(subject.name, 'load and smoke test', () => {
    const sql = [...create, ...checks.map((c) => c.sql)];
    const outputs = runPostgresSession({ baseImage: env.operand.reference, mounts: sessionMounts, settings, env: serverEnv, sql });
    checks.forEach((check, i) => expectEqual(check.description, outputs[create.length + i], check.expected));
    return checks.length;
  }, (n) => `${create.length} CREATE EXTENSION, ${n} checks passed`);

  const binaries = built.flatMap((b) => b.image.binPath.flatMap((dir) => {
    const hostDir = path.join(mounts.get(b.image.name)!.dir, dir);
    return fs.existsSync(hostDir) ? fs.readdirSync(hostDir) : [];
  }));
  if (binaries.length === 0) return;
  await report.step(subject.name, 'binaries on PATH', () => withContainer(env.operand.reference, (container) => {
    // Found by name through PATH, the way CloudNativePG's bin_path makes them reachable.
    const volumes = sessionMounts.flatMap((m) => ['--volume', `${m.hostDir}:/extensions/${m.name}:ro`]);
    const environment = Object.entries(serverEnv).map(([k, v]) => `${k}=${v}`);
    const runWith = (name: string, option: string) =>
      buildah(['run', ...isolationArgs(), '--user', 'postgres', ...volumes, container, '--', 'env', ...environment, name, option]).trim();
    return binaries.map((name) => {
      // Not every program knows --version (pglogical_create_subscriber does not); --help then proves it runs.
      let output: string;
      try {
        output = runWith(name, '--version');
      } catch {
        output = runWith(name, '--help');
      }
      if (!output) throw new Error(`${name} --version and --help printed nothing`);
      return output.split('\n')[0];
    }).join('; ');
  }), (versions) => versions);
}

/** A catalog entry for the stand-in build, pointing at the pushed immutable reference. */
export function standInEntry(image: ExtensionImage, env: E2eEnvironment, reference: string): CatalogEntry {
  return new CatalogEntry({ extension: image, operand: env.operand, imageReference: reference });
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function pick(record: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0];
}

/** Symlinks under `root` whose target is absolute, missing, or outside `root` (they dangle once mounted). */
function escapingLinks(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return escapingLinks(root, rel);
    if (!entry.isSymbolicLink()) return [];
    const target = fs.readlinkSync(path.join(root, rel));
    const resolved = path.resolve(path.join(root, dir), target);
    return path.isAbsolute(target) || !resolved.startsWith(`${root}/`) || !fs.existsSync(resolved) ? [rel] : [];
  });
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);
}

/**
 * A real extension update, as CloudNativePG performs one (`npx projen e2e --upgrade [name...]`):
 * build the image from an older real package version (Debian forky, when it
 * lags sid) and from the locked sid version; create the extension at the old
 * SQL version with data that uses it; swap the mount to the new image and
 * restart the server on the same data directory, as a rolling update does;
 * run ALTER EXTENSION ... UPDATE; check extversion, the data and the smoke
 * test. A negative control removes the update script the route needs from the
 * new image and expects the update to fail, naming that path.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExtension, E2eEnvironment, serverConfiguration, standInEntry } from './extension-pipeline';
import { Report } from './report';
import { ExtensionImage, IMAGES_LOCK_FILE, ImagesLock } from '../../src';
import {
  AptIndex, compareDebianVersions, fetchLocation, loadExtensionDefinitions, updateScriptName, upgradeRoute, upgradeSteps, versionsReaching,
} from '../../src/projen';
import { createExtensionStatements, extensionChecks } from '../../src/render/extension-checks';
import { POSTGRES_UID } from '../lib/base-image';
import { buildah, createContainer } from '../lib/buildah';
import { MountedImage, mountImage, runPostgresSession } from '../lib/postgres-session';

/** Where an older real package version can come from: Debian's testing suite, which lags sid. */
const OLDER_SUITE = { url: 'http://deb.debian.org/debian', suite: 'forky', component: 'main' };
/** The stand-in operand with the older suite added to its apt sources. */
const OLDER_BASE = 'localhost/e2e-upgrade/base:forky';

/**
 * Data that uses the extension, by SQL name: statements that create it, and a
 * query whose output must be the same before and after the update.
 */
const DATA: Readonly<Record<string, { readonly create: readonly string[]; readonly digest: string }>> = {
  postgis: {
    create: [
      'CREATE TABLE upgrade_places (id int PRIMARY KEY, geom geometry(Point, 4326))',
      'INSERT INTO upgrade_places SELECT i, ST_SetSRID(ST_MakePoint(i * 0.5, i * 0.25), 4326) FROM generate_series(1, 200) AS i',
      'CREATE INDEX upgrade_places_geom ON upgrade_places USING gist (geom)',
    ],
    digest: "SELECT count(*) || ' ' || md5(string_agg(ST_AsText(geom), ',' ORDER BY id)) FROM upgrade_places WHERE geom && ST_MakeEnvelope(0, 0, 1000, 1000, 4326)",
  },
  vector: {
    create: [
      'CREATE TABLE upgrade_items (id int PRIMARY KEY, embedding vector(3))',
      "INSERT INTO upgrade_items SELECT i, ('[' || i || ',' || i * 2 || ',' || i * 3 || ']')::vector FROM generate_series(1, 200) AS i",
    ],
    digest: "SELECT count(*) || ' ' || md5(string_agg(embedding::text, ',' ORDER BY id)) FROM upgrade_items",
  },
};

/** Runs the update check for each of `names`; failures are recorded in the report. */
export async function runUpgradeChecks(report: Report, env: E2eEnvironment, root: string, names: readonly string[]): Promise<void> {
  const generated = path.join(root, 'generated');
  const definitions = loadExtensionDefinitions(path.join(root, 'extensions'), root);
  const imagesLockFile = path.join(root, 'extensions', IMAGES_LOCK_FILE);
  const published = fs.existsSync(imagesLockFile) ? ImagesLock.read(imagesLockFile) : undefined;
  const fresh = (name: string) => {
    const found = definitions.find((d) => d.props.name === name);
    if (!found) throw new Error(`unknown extension ${name}`);
    const image = new ExtensionImage(found.props);
    image.addBuildsFromLock(env.versionsLock);
    return image;
  };
  for (const name of names) {
    try {
      await upgradeOne(report, env, generated, name, fresh, published);
    } catch {
      // Recorded by the failing step.
    }
  }
}

async function upgradeOne(report: Report, env: E2eEnvironment, generated: string, name: string, fresh: (name: string) => ExtensionImage,
  published: ImagesLock | undefined): Promise<void> {
  const subject = `${name} (update)`;
  const newImage = fresh(name);
  const [component, ...others] = newImage.components;
  if (others.length > 0 || !component.createExtension) {
    report.record({ subject, step: 'old version', ok: true, seconds: 0, detail: `not checked: ${others.length ? 'a bundle' : 'not created with CREATE EXTENSION'}; the update check covers one SQL extension per image` });
    return;
  }
  const { distro, major } = env.operand;
  const newBuild = component.buildFor(distro, major) ?? (() => {
    component.addBuildFromLock(env.versionsLock, name, { distro, major });
    return component.buildFor(distro, major);
  })();
  if (!newBuild) throw new Error(`${name}: the versions lock leaves ${distro}/${major} unresolved`);

  // The old side: a real, older package version. A previously published image would come first; none is recorded yet.
  const old = await report.step(subject, 'old version', async () => {
    const previous = published?.entries.find((e) => e.target === `${name}-${major}-${distro}`);
    if (previous) throw new Error(`${IMAGES_LOCK_FILE} records a published ${name} image for ${distro}; building it again from its packages is not implemented`);
    const index = await AptIndex.load(OLDER_SUITE, ['amd64'], { fetcher: fetchLocation });
    const versions = component.packages(major).map((p) => index.versions(p, 'amd64').map((s) => s.version));
    const common = versions[0].filter((v) => versions.every((list) => list.includes(v)));
    const older = common.filter((v) => compareDebianVersions(v, newBuild.packageVersion) < 0).sort(compareDebianVersions).pop();
    return { version: older, forky: common.join(', ') || 'none' };
  }, (o) => (o.version
    ? `${o.version} from ${OLDER_SUITE.suite} (${published ? 'no published image' : `no ${IMAGES_LOCK_FILE}`}), to ${newBuild.packageVersion} (locked for ${distro})`
    : `no real older version: ${OLDER_SUITE.suite} has ${o.forky}, sid's locked one is ${newBuild.packageVersion}; nothing to update from, nothing faked`));
  if (!old.version) return;
  const oldSql = component.sqlVersionOf(old.version);
  const data = DATA[component.sqlName];

  await report.step(subject, 'older base', () => olderBase(env.operand.reference), (ref) => `${ref}: the stand-in with ${OLDER_SUITE.suite} in its apt sources`);
  const oldImage = fresh(name);
  const oldEnv: E2eEnvironment = { ...env, operand: { ...env.operand, reference: OLDER_BASE } };
  const refs: string[] = [OLDER_BASE];
  const mounts: MountedImage[] = [];
  const dataDirs: string[] = [];
  try {
    const built = await buildExtension(report, oldEnv, oldImage, generated, { packageVersion: old.version, localRepository: 'localhost/e2e-upgrade-old' });
    refs.push(built.localRef);
    const newBuilt = await buildExtension(report, env, newImage, generated, { localRepository: 'localhost/e2e-upgrade-new' });
    refs.push(newBuilt.localRef);
    const oldMount = mountImage(built.localRef);
    mounts.push(oldMount);
    const newMount = mountImage(newBuilt.localRef);
    mounts.push(newMount);

    // What the built image ships, read at build time, must be what update-versions read from the package.
    const steps = await report.step(subject, 'update scripts in the image', () => {
      const shipped = upgradeSteps(scriptsIn(newMount.dir, component.extensionControlPath), component.sqlName);
      const reach = versionsReaching(shipped, newBuild.sqlVersion);
      if (newBuild.upgradableFrom === undefined) throw new Error(`the versions lock has no update scripts for ${distro}/${major}: ${newBuild.upgradableFromUnresolved}`);
      if (JSON.stringify(reach) !== JSON.stringify(newBuild.upgradableFrom)) {
        throw new Error(`the image reaches ${newBuild.sqlVersion} from ${reach.join(', ')}, but the versions lock says ${newBuild.upgradableFrom.join(', ')}`);
      }
      const route = upgradeRoute(shipped, oldSql, newBuild.sqlVersion);
      if (!route) throw new Error(`the new image has no update path from ${oldSql} to ${newBuild.sqlVersion}`);
      return { shipped, route, reach };
    }, ({ shipped, route, reach }) => `${shipped.length} update scripts; ${newBuild.sqlVersion} reachable from ${reach.length} versions = the lock's upgradableFrom; route ${oldSql} -> ${newBuild.sqlVersion}: ${route.map((s) => updateScriptName(component.sqlName, s)).join(', ')}`);

    const oldEntry = standInEntry(oldImage, env, built.localRef);
    const newEntry = standInEntry(newImage, env, newBuilt.localRef);
    const session = (mount: MountedImage, entry: typeof oldEntry, dataDir: string, sql: string[]) => {
      const { settings, env: serverEnv } = serverConfiguration([entry]);
      return runPostgresSession({ baseImage: env.operand.reference, mounts: [{ name, hostDir: mount.dir }], settings, env: serverEnv, sql, dataDir });
    };
    const extversion = `SELECT extversion FROM pg_extension WHERE extname = '${component.sqlName}'`;
    const before = await report.step(subject, `create at ${oldSql}`, () => {
      const dir = keptDataDir();
      dataDirs.push(dir);
      const create = createExtensionStatements([oldEntry.imageBuild]);
      const out = session(oldMount, oldEntry, dir, [...create, ...(data?.create ?? []), extversion, ...(data ? [data.digest] : [])]);
      const version = out[create.length + (data?.create.length ?? 0)];
      if (version !== oldSql) throw new Error(`extversion is ${version}, expected ${oldSql}`);
      return { dir, digest: data ? out[out.length - 1] : undefined };
    }, (b) => `old image: extversion ${oldSql}${b.digest ? `, data ${b.digest}` : `; no data fixture for ${component.sqlName}`}`);

    const update = (mount: MountedImage, dir: string) => {
      const checks = extensionChecks([newEntry.imageBuild]);
      const out = session(mount, newEntry, dir, [extversion, `ALTER EXTENSION ${component.sqlName} UPDATE`, extversion, ...(data ? [data.digest] : []), ...checks.map((c) => c.sql)]);
      return { out, checks };
    };
    await report.step(subject, 'swap image, restart, ALTER EXTENSION UPDATE', () => {
      const { out, checks } = update(newMount, before.dir);
      if (out[0] !== oldSql) throw new Error(`after the restart on the new image, extversion is ${out[0]}, expected ${oldSql} until the update`);
      if (out[2] !== newBuild.sqlVersion) throw new Error(`after ALTER EXTENSION ${component.sqlName} UPDATE, extversion is ${out[2]}, expected ${newBuild.sqlVersion}`);
      const digest = data ? out[3] : undefined;
      if (digest !== before.digest) throw new Error(`the data changed: ${before.digest} before, ${digest} after`);
      const offset = data ? 4 : 3;
      checks.forEach((c, i) => { if (out[offset + i] !== c.expected) throw new Error(`${c.description}: expected ${c.expected}, got ${out[offset + i]}`); });
      return checks.length;
    }, (n) => `extversion ${oldSql} -> ${newBuild.sqlVersion} on the same data directory; data intact${data ? ` (${before.digest})` : ''}; ${n} checks passed`);

    // Negative control: the new image without the first script of the route.
    await report.step(subject, 'negative control: update script missing', () => {
      const missing = updateScriptName(component.sqlName, steps.route[0]);
      const brokenRef = withoutFile(newBuilt.localRef, `share/extension/${missing}`);
      refs.push(brokenRef);
      const broken = mountImage(brokenRef);
      mounts.push(broken);
      const dir = keptDataDir();
      dataDirs.push(dir);
      session(oldMount, oldEntry, dir, createExtensionStatements([oldEntry.imageBuild]));
      let pgError: string;
      try {
        update(broken, dir);
      } catch (error) {
        pgError = (error as Error).message.split('\n').find((l) => /ERROR/.test(l)) ?? (error as Error).message.split('\n')[0];
        const explained = explainNoRoute(
          broken.dir, component.extensionControlPath, component.sqlName, steps.shipped, oldSql, newBuild.sqlVersion, name,
        );
        if (!explained.includes(missing)) throw new Error(`the update failed, but the missing path was not named: ${pgError}; ${explained}`);
        return `${pgError.trim()}; ${explained}`;
      }
      throw new Error(`ALTER EXTENSION ${component.sqlName} UPDATE succeeded without ${missing}`);
    }, (message) => message);
  } finally {
    for (const m of mounts) m.unmount();
    for (const ref of refs) buildah(['rmi', ref]);
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The file names under the image's extension directories. */
function scriptsIn(root: string, controlPaths: readonly string[]): string[] {
  return controlPaths.flatMap((p) => {
    const dir = path.join(root, p, 'extension');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  });
}

/**
 * Why an image cannot update `from` to `to`: the scripts of the route the
 * package's own scripts (`reference`) give that the image lacks, by path in the mount.
 */
export function explainNoRoute(root: string, controlPaths: readonly string[], sqlName: string, reference: ReturnType<typeof upgradeSteps>,
  from: string, to: string, mountName: string): string {
  const shipped = new Set(scriptsIn(root, controlPaths));
  const route = upgradeRoute(upgradeSteps([...shipped], sqlName), from, to);
  if (route) return `the image has a route from ${from} to ${to}`;
  const wanted = upgradeRoute(reference, from, to) ?? [];
  const absent = wanted.map((s) => updateScriptName(sqlName, s)).filter((f) => !shipped.has(f));
  return `no update path from ${from} to ${to} in the image: missing ${absent.map((f) => `/extensions/${mountName}/${controlPaths[0]}/extension/${f}`).join(', ') || 'a script the package does not ship either'}`;
}

/** The stand-in with the older suite in its apt sources and lists, committed as OLDER_BASE. */
function olderBase(base: string): string {
  const container = createContainer(base);
  try {
    const rootDir = buildah(['mount', container]).trim();
    fs.writeFileSync(path.join(rootDir, 'etc/apt/sources.list.d/e2e-upgrade-older.list'),
      `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${OLDER_SUITE.url} ${OLDER_SUITE.suite} ${OLDER_SUITE.component}\n`);
    buildah(['commit', '--quiet', container, OLDER_BASE]);
    return OLDER_BASE;
  } finally {
    buildah(['rm', container]);
  }
}

/** A copy of image `ref` without the file at `file` (relative to its root); fails when the file is not there. */
function withoutFile(ref: string, file: string): string {
  const container = createContainer(ref);
  try {
    const rootDir = buildah(['mount', container]).trim();
    const target = path.join(rootDir, file);
    if (!fs.existsSync(target)) throw new Error(`${ref} has no /${file} to remove`);
    fs.rmSync(target);
    const broken = `${ref.replace(/:[^:/]+$/, '')}-without-script:latest`;
    buildah(['commit', '--quiet', container, broken]);
    return broken;
  } finally {
    buildah(['rm', container]);
  }
}

/** An empty host directory for a kept data directory, owned by the postgres user. */
function keptDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-e2e-upgrade-data-'));
  fs.chmodSync(dir, 0o700);
  fs.chownSync(dir, POSTGRES_UID, 0);
  return dir;
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExtensionDefinition, VersionsLock, VersionsLockEntry } from '../src';
import { definitions, ROOT } from './fixtures';
import { AptPackage, AptSource, upgradeSteps, versionsReaching } from '../src/projen';
import { updateVersions } from '../src/repository/update-versions';
import { predictedVersion } from '../src/repository/version-plan';

/** The fixture mirror: real Debian stanzas (test/fixtures/apt/README.md). */
const MIRROR = path.join(ROOT, 'test/fixtures/apt/debian');
const CONVENTION = 'PGDG rebuilds Debian unstable with ".pgdg" appended (https://wiki.postgresql.org/wiki/Apt/FAQ)';

/** A scratch repository: definitions, apt sources and, optionally, a lock. */
function scratch(defs: readonly ExtensionDefinition[], sources: Record<string, unknown> = {}): { root: string; lockFile: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'update-versions-'));
  fs.mkdirSync(path.join(root, 'extensions'));
  fs.mkdirSync(path.join(root, 'vendor/cloudnative-pg'), { recursive: true });
  for (const def of defs) fs.writeFileSync(path.join(root, 'extensions', `${def.name}.ts`), `export const definition = ${JSON.stringify(def)};\n`);
  fs.writeFileSync(path.join(root, 'vendor/cloudnative-pg/apt-sources.json'), JSON.stringify({
    distros: {
      sid: { url: MIRROR, suite: 'sid', component: 'main', standInMajors: [18] },
      trixie: { url: 'http://127.0.0.1:1/apt', suite: 'trixie-pgdg', component: 'main', derive: { from: 'sid', revisionSuffix: '.pgdg13+1', convention: CONVENTION } },
      ...sources,
    },
  }));
  return { root, lockFile: path.join(root, 'extensions/versions.lock.json') };
}

/** Real packages' extension files (test/fixtures/apt/README.md): the fixture mirror holds no .deb. */
const PACKAGE_FILES: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/apt/package-files.json'), 'utf8'));

/** Lists a package from PACKAGE_FILES, without `drop` (a package that lost some files). */
function fixtureFiles(drop: readonly string[] = []) {
  return async (_source: AptSource, pkg: AptPackage): Promise<string[]> => {
    const files = PACKAGE_FILES[`${pkg.name}=${pkg.version}`];
    if (!files) throw new Error(`${pkg.name} ${pkg.version} is not in test/fixtures/apt/package-files.json`);
    return files.filter((f) => !drop.some((d) => f.endsWith(`/${d}`)));
  };
}

/** The scratch repository's own apt sources (the command's default is the package's vendored file). */
const aptSourcesOf = (root: string) => path.join(root, 'vendor/cloudnative-pg/apt-sources.json');

async function run(root: string, argv: string[], drop: readonly string[] = []): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const io = { root, aptSources: aptSourcesOf(root), log: (line: string) => lines.push(line), packageFiles: fixtureFiles(drop) };
  const code = await updateVersions(argv, io);
  return { code, output: lines.join('\n') };
}

const onTrixie = <T extends ExtensionDefinition>(def: T, extra: object = {}): T => ({ ...def, builds: [{ distro: 'trixie', major: 18 }], ...extra });
const read = (file: string) => VersionsLock.parse(fs.readFileSync(file, 'utf8'));
const key = (extension: string, distro: string) => ({ extension, component: extension, distro, major: 18 });

describe('update-versions', () => {
  const made: string[] = [];
  const repo = (...args: Parameters<typeof scratch>) => {
    const r = scratch(...args);
    made.push(r.root);
    return r;
  };
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('locks the stand-in from the index: the highest version on every architecture, with where it came from', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector), onTrixie(definitions.postgis)]);
    const { code, output } = await run(root, ['--distro', 'sid']);
    expect(code).toBe(0);
    const lock = read(lockFile);
    expect(lock.entry(key('pgvector', 'sid'))).toEqual({
      extension: 'pgvector',
      component: 'pgvector',
      distro: 'sid',
      major: 18,
      source: 'index',
      sqlVersion: '0.8.7',
      packages: [{ name: 'postgresql-18-pgvector', version: '0.8.7-1', architectures: ['amd64', 'arm64'] }],
      index: { url: MIRROR, suite: 'sid', component: 'main', date: 'Fri, 30 Oct 2026 08:08:01 UTC' },
      // Read from the package's update scripts: vector--0.1.0--0.1.1.sql onwards, chained to 0.8.7.
      upgradableFrom: versionsReaching(upgradeSteps(PACKAGE_FILES['postgresql-18-pgvector=0.8.7-1'], 'vector'), '0.8.7'),
    });
    expect(lock.entry(key('pgvector', 'sid'))?.upgradableFrom).toEqual(expect.arrayContaining(['0.1.0', '0.8.5', '0.8.6']));
    // The index holds postgis 3.6.4 and 3.7.0; the -scripts package is Architecture: all.
    expect(lock.entry(key('postgis', 'sid'))?.packages.map((p) => `${p.name}=${p.version}`)).toEqual([
      'postgresql-18-postgis-3=3.7.0+dfsg-1', 'postgresql-18-postgis-3-scripts=3.7.0+dfsg-1',
    ]);
    expect(lock.entry(key('pgvector', 'trixie'))).toBeUndefined(); // only --distro sid was asked for
    expect(output).toMatch(/pgvector sid\/18 +new -> 0\.8\.7-1 +- -> 0\.8\.7 +index/);
  });

  test('versionRange picks the highest version within it', async () => {
    // The fixture's per-architecture files hold postgis-3 at 3.6.4 (from forky) and 3.7.0.
    const { root, lockFile } = repo([onTrixie(definitions.postgis, { versionRange: '~3.6', packages: ['postgresql-{major}-postgis-3'] })]);
    expect((await run(root, ['--distro', 'sid'])).code).toBe(0);
    expect(read(lockFile).entry(key('postgis', 'sid'))?.packages[0].version).toBe('3.6.4+dfsg-2');
  });

  test('--check exits 1 on a stale lock and 0 on a current one, and writes nothing', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector)]);
    await run(root, ['--distro', 'sid']);
    expect((await run(root, ['--distro', 'sid', '--check'])).code).toBe(0);
    const entry = read(lockFile).entry(key('pgvector', 'sid'))!;
    const stale = new VersionsLock([{
      ...entry, sqlVersion: '0.8.6', packages: [{ ...entry.packages[0], version: '0.8.6-1' }], upgradableFrom: entry.upgradableFrom!.filter((v) => v !== '0.8.6'),
    }]).render();
    fs.writeFileSync(lockFile, stale);
    const { code, output } = await run(root, ['--distro', 'sid', '--check']);
    expect(code).toBe(1);
    expect(output).toMatch(/0\.8\.6-1 -> 0\.8\.7-1 +0\.8\.6 -> 0\.8\.7/);
    expect(output).toMatch(/is stale \(1 entries differ\)/);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(stale);
  });

  test('refuses a downgrade unless --allow-downgrade, leaving the lock as it was', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector)]);
    await run(root, ['--distro', 'sid']);
    const newer = fs.readFileSync(lockFile, 'utf8').replace(/0\.8\.7-1/g, '0.8.8-1').replace('"sqlVersion": "0.8.7"', '"sqlVersion": "0.8.8"');
    fs.writeFileSync(lockFile, newer);
    const refused = await run(root, ['--distro', 'sid']);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/pgvector sid\/18: 0\.8\.7-1 is older than the locked 0\.8\.8-1; pass --allow-downgrade/);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(newer);
    expect((await run(root, ['--distro', 'sid', '--allow-downgrade'])).code).toBe(0);
    expect(read(lockFile).entry(key('pgvector', 'sid'))?.packages[0].version).toBe('0.8.7-1');
  });

  test('a read of the index replaces a cited or derived pin even when it is older: the prediction was wrong', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector)]);
    await run(root, ['--distro', 'sid']);
    const entry = read(lockFile).entry(key('pgvector', 'sid'))!;
    const predicted = { ...entry, source: 'derived' as const, convention: CONVENTION, sqlVersion: '0.8.8', packages: [{ ...entry.packages[0], version: '0.8.8-1' }] };
    fs.writeFileSync(lockFile, new VersionsLock([predicted]).render());
    const { code, output } = await run(root, ['--distro', 'sid']);
    expect(code).toBe(0);
    expect(output).toMatch(/0\.8\.8-1 -> 0\.8\.7-1 +0\.8\.8 -> 0\.8\.7 +derived -> index/);
    expect(read(lockFile).entry(key('pgvector', 'sid'))).toEqual(entry);
  });

  test('an unreachable index, a corrupt file or a missing package is a clear error, and the lock stays unchanged', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector)]);
    await run(root, ['--distro', 'sid']);
    const before = fs.readFileSync(lockFile, 'utf8');

    const unreachable = await run(root, ['--distro', 'trixie']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1\/apt\/dists\/trixie-pgdg\/InRelease/);

    const corrupt = fs.mkdtempSync(path.join(os.tmpdir(), 'corrupt-mirror-'));
    made.push(corrupt);
    fs.cpSync(MIRROR, corrupt, { recursive: true });
    const packages = path.join(corrupt, 'dists/sid/main/binary-amd64/Packages.gz');
    const bytes = fs.readFileSync(packages);
    bytes[bytes.length - 5] = 0xff - bytes[bytes.length - 5]; // same size, other content (every bit flipped)
    fs.writeFileSync(packages, bytes);
    const hash = await run(root, ['--distro', 'sid', '--source', `sid=${corrupt}`]);
    expect(hash.code).toBe(1);
    expect(hash.output).toMatch(/main\/binary-amd64\/Packages\.gz.*(SHA-?256|hash)/i);

    // A new file: require() caches the ones already loaded.
    const typo = onTrixie({ ...definitions.pgvector, name: 'typo', packages: ['postgresql-{major}-pgvektor'] });
    fs.writeFileSync(path.join(root, 'extensions/typo.ts'), `export const definition = ${JSON.stringify(typo)};\n`);
    const missing = await run(root, ['--distro', 'sid']);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/typo sid\/18: .*postgresql-18-pgvektor/);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(before);
  });

  test('a package missing on one of the image\'s platforms names the architecture', async () => {
    // cpuid really is amd64-only in sid.
    const cpuid = onTrixie({ ...definitions.pgvector, name: 'cpuid', packages: ['cpuid'], sqlVersionPattern: '^(\\d+)' });
    const { root } = repo([cpuid]);
    const { code, output } = await run(root, ['--distro', 'sid']);
    expect(code).toBe(1);
    expect(output).toMatch(/cpuid sid\/18: .*cpuid.*arm64/);
    const amd64Only = repo([{ ...cpuid, platforms: ['linux/amd64'] }]);
    expect((await run(amd64Only.root, ['--distro', 'sid'])).code).toBe(0);
    expect(read(amd64Only.lockFile).entry(key('cpuid', 'sid'))?.packages[0].architectures).toEqual(['amd64']);
  });

  test('--derive predicts PGDG\'s version from unstable\'s and --cite takes a published pin first; both say so', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector), onTrixie(definitions.pgaudit)]);
    const cite = path.join(root, 'pins.json');
    fs.writeFileSync(cite, JSON.stringify({ extensions: { pgaudit: { trixie: { package: 'postgresql-18-pgaudit', packageVersion: '18.0-3.pgdg13+1', sqlVersion: '18.0' } } } }));
    const { code } = await run(root, ['--distro', 'trixie', '--derive', '--cite', cite, '--citation', 'example.org <extension>/pins']);
    expect(code).toBe(0);
    const lock = read(lockFile);
    expect(lock.entry(key('pgvector', 'trixie'))).toMatchObject({
      source: 'derived',
      sqlVersion: '0.8.7',
      packages: [{ name: 'postgresql-18-pgvector', version: '0.8.7-1.pgdg13+1' }],
      index: { suite: 'sid' },
      convention: `0.8.7-1 in sid + ".pgdg13+1": ${CONVENTION}`,
    });
    expect(lock.entry(key('pgaudit', 'trixie'))).toMatchObject({
      source: 'cited', sqlVersion: '18.0', packages: [{ name: 'postgresql-18-pgaudit', version: '18.0-3.pgdg13+1' }], citation: 'example.org pgaudit/pins',
    });
  });

  test('a held definition keeps its locked versions; entries no definition declares are removed', async () => {
    const { root, lockFile } = repo([onTrixie(definitions.pgvector, { hold: 'waiting for the 0.9 rebuild' })]);
    const held: VersionsLockEntry = {
      ...key('pgvector', 'sid'),
      source: 'index',
      sqlVersion: '0.8.6',
      packages: [{ name: 'postgresql-18-pgvector', version: '0.8.6-1', architectures: ['amd64', 'arm64'] }],
      index: { url: MIRROR, suite: 'sid', component: 'main', date: 'Fri, 30 Oct 2026 08:08:01 UTC' },
      upgradableFrom: ['0.8.5'],
    };
    const gone = { ...held, extension: 'gone', component: 'gone' };
    fs.writeFileSync(lockFile, new VersionsLock([held, gone]).render());
    const { code, output } = await run(root, ['--distro', 'sid']);
    expect(code).toBe(0);
    expect(output).toMatch(/held: pgvector sid\/18 stays at 0\.8\.6-1 \(waiting for the 0\.9 rebuild\)/);
    expect(output).toMatch(/removed: gone sid\/18, which no definition declares/);
    expect(read(lockFile).entries).toEqual([held]);
  });
});

describe('update-versions: update paths', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  /** A repository whose lock holds pgvector sid/18 at 0.8.6-1, as an earlier run would have written it. */
  async function lockedAt086(defs = [onTrixie(definitions.pgvector)]) {
    const r = scratch(defs);
    made.push(r.root);
    expect((await run(r.root, ['--distro', 'sid'])).code).toBe(0);
    const entry = read(r.lockFile).entry(key('pgvector', 'sid'))!;
    const old = { ...entry, sqlVersion: '0.8.6', packages: [{ ...entry.packages[0], version: '0.8.6-1' }], upgradableFrom: entry.upgradableFrom!.filter((v) => v !== '0.8.6') };
    fs.writeFileSync(r.lockFile, new VersionsLock([old]).render());
    return { ...r, text: fs.readFileSync(r.lockFile, 'utf8') };
  }

  test('a bump whose new package has an update path from the locked SQL version passes and says so', async () => {
    const { root } = await lockedAt086();
    const { code, output } = await run(root, ['--distro', 'sid']);
    expect(code).toBe(0);
    expect(output).toMatch(/pgvector sid\/18 +0\.8\.6-1 -> 0\.8\.7-1 +0\.8\.6 -> 0\.8\.7 +index +yes/);
  });

  test('a bump whose new package cannot update from the locked SQL version stops, naming the versions, and leaves the lock alone', async () => {
    const { root, lockFile, text } = await lockedAt086();
    // The real 0.8.7-1 file list without the one script that leads from 0.8.6.
    const { code, output } = await run(root, ['--distro', 'sid'], ['vector--0.8.6--0.8.7.sql']);
    expect(code).toBe(1);
    expect(output).toMatch(/pgvector sid\/18: no update path from SQL version 0\.8\.6 \(locked\) to 0\.8\.7: the update scripts of postgresql-18-pgvector 0\.8\.7-1 hold no update script to 0\.8\.7/);
    expect(output).toMatch(/upgradeBreaks: \[\{ from: '0\.8\.6', to: '0\.8\.7', reason: '\.\.\.' \}\]/);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(text);
  });

  test('a break named in the definition, with its reason, lets the bump through and is reported', async () => {
    const reason = 'test: users at 0.8.6 dump and restore';
    const def = onTrixie(definitions.pgvector, { upgradeBreaks: [{ from: '0.8.6', to: '0.8.7', reason }] });
    const { root, lockFile } = await lockedAt086([def]);
    const { code, output } = await run(root, ['--distro', 'sid'], ['vector--0.8.6--0.8.7.sql']);
    expect(code).toBe(0);
    expect(output).toContain(`upgrade break: pgvector sid/18 0.8.6 -> 0.8.7 has no update path, accepted by the definition (${reason})`);
    expect(output).toMatch(/NO: no update scripts lead from 0\.8\.6 to 0\.8\.7 \(break accepted by the definition\)/);
    expect(read(lockFile).entry(key('pgvector', 'sid'))?.upgradableFrom).toEqual([]);
    // A break for other versions does not cover this one.
    const other = onTrixie(definitions.pgvector, { upgradeBreaks: [{ from: '0.8.5', to: '0.8.7', reason }] });
    const again = await lockedAt086([other]);
    expect((await run(again.root, ['--distro', 'sid'], ['vector--0.8.6--0.8.7.sql'])).code).toBe(1);
  });

  test('cited and derived pins, and packages that cannot be read, record why their update scripts are unknown', async () => {
    const { root, lockFile } = scratch([onTrixie(definitions.pgvector), onTrixie(definitions.pgaudit)]);
    made.push(root);
    const cite = path.join(root, 'pins.json');
    fs.writeFileSync(cite, JSON.stringify({ extensions: { pgaudit: { trixie: { package: 'postgresql-18-pgaudit', packageVersion: '18.0-3.pgdg13+1' } } } }));
    expect((await run(root, ['--distro', 'trixie', '--derive', '--cite', cite, '--citation', 'example.org'])).code).toBe(0);
    const lock = read(lockFile);
    expect(lock.entry(key('pgaudit', 'trixie'))?.upgradableFromUnresolved).toMatch(/^a cited pin: its package is not read here/);
    expect(lock.entry(key('pgvector', 'trixie'))?.upgradableFromUnresolved).toMatch(/^a derived pin: a prediction, not a package/);
    expect(lock.entry(key('pgvector', 'trixie'))?.upgradableFrom).toBeUndefined();
    // A package the reader cannot get is recorded as unresolved, with the reader's message; nothing is guessed.
    const lines: string[] = [];
    const failing = async () => { throw new Error('connection refused'); };
    expect(await updateVersions(['--distro', 'sid'], { root, aptSources: aptSourcesOf(root), log: (l) => lines.push(l), packageFiles: failing })).toBe(0);
    expect(read(lockFile).entry(key('pgvector', 'sid'))).toMatchObject({ upgradableFromUnresolved: 'the package could not be read: connection refused' });
  });

  test('a lock written before update scripts were recorded is read by update-versions, and refused by synthesis', async () => {
    const { root, lockFile } = scratch([onTrixie(definitions.pgvector)]);
    made.push(root);
    await run(root, ['--distro', 'sid']);
    const json = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    delete json.entries[0].upgradableFrom;
    fs.writeFileSync(lockFile, JSON.stringify(json));
    expect(() => read(lockFile)).toThrow(/entries\[0\]\.upgradableFrom: is missing: .*run `npx projen update-versions`/);
    expect((await run(root, ['--distro', 'sid'])).code).toBe(0);
    expect(read(lockFile).entry(key('pgvector', 'sid'))?.upgradableFrom).toContain('0.8.6');
  });
});

describe('PGDG version prediction', () => {
  test('appends the suffix to unstable\'s revision, dropping binary-only rebuild marks', () => {
    expect(predictedVersion('1.4.4-1', '.pgdg12+1')).toBe('1.4.4-1.pgdg12+1');
    expect(predictedVersion('1:2.0.12-7+b2', '.pgdg13+1')).toBe('1:2.0.12-7.pgdg13+1');
    expect(predictedVersion('3.7.0+dfsg-1', '.pgdg13+1')).toBe('3.7.0+dfsg-1.pgdg13+1');
    expect(predictedVersion('2.3', '.pgdg13+1')).toBe('2.3-1.pgdg13+1');
  });
});

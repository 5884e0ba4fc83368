import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { gunzipSync } from 'zlib';
import * as semver from 'semver';
import { AptFetcher, AptIndex, AptIndexError, AptSource, debianArchitectureOf } from '../../src/model/apt-index';
import { releaseVersionOf } from '../../src/model/debian-version';

/** The fixture mirror: real Debian stanzas and Release headers, see fixtures/apt/README.md. */
const MIRROR = path.join(__dirname, '..', 'fixtures', 'apt', 'debian');
const SID: AptSource = { url: MIRROR, suite: 'sid', component: 'main' };
const FORKY: AptSource = { url: MIRROR, suite: 'forky', component: 'main' };
const BOTH = ['amd64', 'arm64'];

/** A fetcher reading local files that records every location asked for. */
function recordingFetcher(): { fetcher: AptFetcher; asked: string[] } {
  const asked: string[] = [];
  const fetcher: AptFetcher = async (location) => {
    asked.push(location);
    try {
      return fs.readFileSync(location);
    } catch {
      throw new AptIndexError(`${location} does not exist`, { notFound: true });
    }
  };
  return { fetcher, asked };
}

/** The paths asked for, relative to `root`. */
function relative(asked: readonly string[], root = MIRROR): string[] {
  return asked.map((location) => path.relative(root, location));
}

/** A fetcher serving files from memory, by path relative to the repository root "/repo". */
function memoryFetcher(files: Record<string, string | Buffer>): AptFetcher {
  return async (location) => {
    const file = files[path.relative('/repo', location)];
    if (file === undefined) throw new AptIndexError(`${location} does not exist`, { notFound: true });
    return Buffer.from(file);
  };
}

const MEMORY: AptSource = { url: '/repo', suite: 'test', component: 'main' };

/** A Release text for `files` (paths relative to dists/test/), with their real SHA256 and size. */
function releaseFor(files: Record<string, string | Buffer>, header = 'Date: Sat, 31 Oct 2026 00:00:00 UTC\nArchitectures: amd64\n'): string {
  const list = Object.entries(files).map(([file, content]) => ` ${sha256(Buffer.from(content))} ${Buffer.byteLength(content)} ${file}`);
  return `${header}SHA256:\n${list.join('\n')}\n`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stanza with the fields the reader needs. */
function stanza(name: string, version: string, architecture = 'amd64', extra = ''): string {
  const sha = sha256(Buffer.from(`${name} ${version}`));
  return `Package: ${name}\nVersion: ${version}\nArchitecture: ${architecture}\n${extra}Filename: pool/main/${name}_${version}_${architecture}.deb\nSize: 100\nSHA256: ${sha}\n`;
}

/** A copy of the fixture mirror in a temp dir, for tests that damage it. */
function copyOfMirror(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-index-'));
  fs.cpSync(MIRROR, copy, { recursive: true });
  return copy;
}

describe('AptIndex on the fixture mirror', () => {
  let sid: AptIndex;
  beforeAll(async () => {
    sid = await AptIndex.load(SID, BOTH);
  });

  test('reads the Release out of a clearsigned InRelease, undoing dash-escaping', () => {
    expect(sid.source).toEqual(SID);
    expect(sid.release).toEqual({
      suite: 'unstable',
      // Both lines are dash-escaped ("- Codename: sid") in the fixture.
      codename: 'sid',
      origin: 'Debian',
      date: 'Fri, 30 Oct 2026 08:08:01 UTC',
      architectures: ['all', 'amd64', 'arm64', 'armhf', 'i386', 'loong64', 'ppc64el', 'riscv64', 's390x'],
    });
  });

  test('lists the versions of a package highest first, whatever their order in the file', () => {
    // forky's 3.6.4 stanza comes first in both files.
    expect(sid.versions('postgresql-18-postgis-3', 'amd64').map((p) => p.version)).toEqual(['3.7.0+dfsg-1', '3.6.4+dfsg-2']);
    expect(sid.versions('postgresql-18-postgis-3', 'arm64').map((p) => [p.version, p.architecture])).toEqual([
      ['3.7.0+dfsg-1', 'arm64'],
      ['3.6.4+dfsg-2', 'arm64'],
    ]);
    expect(sid.versions('no-such-package', 'amd64')).toEqual([]);
  });

  test('keeps the fields of a stanza as the real index gives them', () => {
    expect(sid.versions('postgresql-18-postgis-3-scripts', 'arm64')).toEqual([
      {
        name: 'postgresql-18-postgis-3-scripts',
        version: '3.7.0+dfsg-1',
        architecture: 'all',
        filename: 'pool/main/p/postgis/postgresql-18-postgis-3-scripts_3.7.0+dfsg-1_all.deb',
        sha256: 'e921b1fc5f51d2368e362ec0de9ada93b536bc8dbc47febcee32656c64442bd2',
        size: 937428,
        source: 'postgis',
      },
    ]);
  });

  test('resolves a per-arch package to one stanza per architecture', () => {
    expect(sid.resolve('postgresql-18-pgvector', BOTH)).toEqual({
      name: 'postgresql-18-pgvector',
      version: '0.8.7-1',
      architectures: ['amd64', 'arm64'],
      packages: [
        {
          name: 'postgresql-18-pgvector',
          version: '0.8.7-1',
          architecture: 'amd64',
          filename: 'pool/main/p/pgvector/postgresql-18-pgvector_0.8.7-1_amd64.deb',
          sha256: 'fd45bea1f14f4d577e508afe5d6b38b757780c363c27993686ae126aba82d348',
          size: 274984,
          source: 'pgvector',
        },
        {
          name: 'postgresql-18-pgvector',
          version: '0.8.7-1',
          architecture: 'arm64',
          filename: 'pool/main/p/pgvector/postgresql-18-pgvector_0.8.7-1_arm64.deb',
          sha256: '6524e202e3234ab758796c6d669256bc01665bf325d3d7d1879d960373bdfa59',
          size: 242064,
          source: 'pgvector',
        },
      ],
    });
  });

  test('resolves an arch-all package to its single "all" stanza', () => {
    const resolution = sid.resolve('postgresql-18-postgis-3-scripts', BOTH);
    expect(resolution.version).toBe('3.7.0+dfsg-1');
    expect(resolution.architectures).toEqual(BOTH);
    expect(resolution.packages.map((p) => p.architecture)).toEqual(['all']);
  });

  test('chooses the highest version common to all architectures', () => {
    expect(sid.resolve('postgresql-18-postgis-3', BOTH).version).toBe('3.7.0+dfsg-1');
    expect(sid.resolve('postgresql-18-pgaudit', ['arm64']).packages.map((p) => p.filename)).toEqual(['pool/main/p/pgaudit-18/postgresql-18-pgaudit_18.0-3_arm64.deb']);
  });

  test('sorts and dedupes the requested architectures', () => {
    const resolution = sid.resolve('postgresql-18-pgvector', ['arm64', 'amd64', 'arm64']);
    expect(resolution.architectures).toEqual(['amd64', 'arm64']);
    expect(resolution.packages.map((p) => p.architecture)).toEqual(['amd64', 'arm64']);
  });

  test('keeps epochs and takes the source name without its "(version)"', () => {
    expect(sid.resolve('postgresql-18-pldebugger', BOTH).version).toBe('1:1.10-1');
    const clisp = sid.resolve('clisp-module-postgresql', BOTH);
    expect(clisp.version).toBe('1:2.49.20250504.gitf662209-2+b1');
    expect(clisp.packages.map((p) => p.source)).toEqual(['clisp', 'clisp']);
    // cpuid's stanza has no Source field: the source package has the binary's name.
    expect(sid.versions('cpuid', 'amd64').map((p) => p.source)).toEqual(['cpuid']);
  });

  test('filters versions with accept, e.g. by a semver range on the release version', () => {
    const below37 = (v: string) => semver.satisfies(semver.coerce(releaseVersionOf(v))!, '<3.7');
    expect(sid.resolve('postgresql-18-postgis-3', BOTH, below37).version).toBe('3.6.4+dfsg-2');
    expect(sid.resolve('postgresql-18-postgis-3', BOTH, (v) => v.startsWith('3.7.')).version).toBe('3.7.0+dfsg-1');
    expect(() => sid.resolve('postgresql-18-postgis-3', BOTH, () => false)).toThrow(
      /sid main: no version of postgresql-18-postgis-3 for amd64, arm64 is accepted \(3\.7\.0\+dfsg-1, 3\.6\.4\+dfsg-2\)/,
    );
  });

  test('names the architecture a package is missing for (cpuid really is amd64-only)', () => {
    expect(sid.resolve('cpuid', ['amd64']).version).toBe('20260503-1');
    expect(() => sid.resolve('cpuid', BOTH)).toThrow(AptIndexError);
    expect(() => sid.resolve('cpuid', BOTH)).toThrow(`${MIRROR} sid main: cpuid is missing for arm64 (it is there for amd64)`);
  });

  test('names an unknown package and the suite', () => {
    expect(() => sid.resolve('postgresql-18-no-such-extension', BOTH)).toThrow(`${MIRROR} sid main: there is no package postgresql-18-no-such-extension`);
  });

  test('fails when the architectures share no version (cvm-pgsql: amd64 0.97-4, arm64 0.97-4+b1)', () => {
    expect(sid.resolve('cvm-pgsql', ['arm64']).version).toBe('0.97-4+b1');
    expect(() => sid.resolve('cvm-pgsql', BOTH)).toThrow(/no version of cvm-pgsql is there for all of amd64, arm64 \(amd64 has 0\.97-4; arm64 has 0\.97-4\+b1\)/);
  });

  test('refuses architectures that were not loaded', () => {
    expect(() => sid.versions('cpuid', 'i386')).toThrow(/architecture i386 was not loaded \(loaded: amd64, arm64\)/);
    expect(() => sid.resolve('cpuid', ['amd64', 'riscv64'])).toThrow(/architecture riscv64 was not loaded/);
    expect(() => sid.resolve('cpuid', [])).toThrow(/no architecture requested for cpuid/);
  });
});

describe('AptIndex.load', () => {
  test('reads gzip and xz Packages, and skips binary-all when the Release says No-Support-for-Architecture-all', async () => {
    const { fetcher, asked } = recordingFetcher();
    await AptIndex.load(SID, BOTH, { fetcher });
    // binary-all/Packages.xz exists and is listed, but its stanzas are in every per-arch file already.
    expect(relative(asked)).toEqual(['dists/sid/InRelease', 'dists/sid/main/binary-amd64/Packages.gz', 'dists/sid/main/binary-arm64/Packages.xz']);
  });

  test('falls back to Release, reads plain Packages and binary-all when the Release has "all" and no No-Support-for-Architecture-all', async () => {
    const { fetcher, asked } = recordingFetcher();
    const forky = await AptIndex.load(FORKY, BOTH, { fetcher });
    expect(relative(asked)).toEqual([
      'dists/forky/InRelease',
      'dists/forky/Release',
      'dists/forky/main/binary-amd64/Packages',
      'dists/forky/main/binary-arm64/Packages',
      'dists/forky/main/binary-all/Packages.gz',
    ]);
    expect(forky.release.codename).toBe('forky');
    // amd64 has the arch-all stanza in both its own file and binary-all: counted once.
    expect(forky.versions('postgresql-18-postgis-3-scripts', 'amd64')).toHaveLength(1);
    // arm64's file lacks it: it comes from binary-all.
    const scripts = forky.resolve('postgresql-18-postgis-3-scripts', BOTH);
    expect(scripts.version).toBe('3.6.4+dfsg-2');
    expect(scripts.packages.map((p) => p.architecture)).toEqual(['all']);
  });

  test('reads binary-all once when "all" itself is requested', async () => {
    const { fetcher, asked } = recordingFetcher();
    const forky = await AptIndex.load(FORKY, ['all', 'arm64'], { fetcher });
    expect(relative(asked).filter((f) => f.includes('binary-all'))).toEqual(['dists/forky/main/binary-all/Packages.gz']);
    expect(forky.versions('postgresql-18-postgis-3-scripts', 'all').map((p) => p.version)).toEqual(['3.6.4+dfsg-2']);
  });

  test('the default fetcher reads a file: URL like a directory', async () => {
    const index = await AptIndex.load({ ...SID, url: pathToFileURL(MIRROR).href }, ['arm64']);
    expect(index.resolve('postgresql-18-pgvector', ['arm64']).packages[0].sha256).toBe('6524e202e3234ab758796c6d669256bc01665bf325d3d7d1879d960373bdfa59');
  });

  test('the default fetcher reads http(s), taking a 404 as not found', async () => {
    const server = http.createServer((request, response) => {
      const file = path.join(MIRROR, decodeURIComponent(new URL(request.url!, 'http://x').pathname).replace(/^\/debian\//, ''));
      if (!file.startsWith(MIRROR) || !fs.existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debian/`;
      // forky has no InRelease: the 404 makes the reader try Release.
      const forky = await AptIndex.load({ ...FORKY, url }, BOTH);
      expect(forky.resolve('postgresql-18-pgvector', BOTH).version).toBe('0.8.7-1');
      await expect(AptIndex.load({ ...SID, url, suite: 'bookworm' }, BOTH)).rejects.toMatchObject({ notFound: true });
    } finally {
      server.close();
    }
  });

  test('the default fetcher names the url and the cause when it cannot reach it', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    await expect(AptIndex.load({ ...SID, url: `http://127.0.0.1:${port}/debian` }, BOTH)).rejects.toThrow(
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}/debian/dists/sid/InRelease: .*ECONNREFUSED`),
    );
  });

  test('names the source when an injected fetcher fails for another reason than not found', async () => {
    const error = await AptIndex.load(SID, BOTH, { fetcher: async () => { throw new Error('disk on fire'); } }).catch((e) => e);
    expect(error).toBeInstanceOf(AptIndexError);
    expect(error.message).toBe(`${MIRROR} sid main: disk on fire`);
    expect(error.notFound).toBe(false);
  });

  test('fails, as not found, when the suite has neither InRelease nor Release', async () => {
    const error = await AptIndex.load({ ...SID, suite: 'bookworm' }, BOTH).catch((e) => e);
    expect(error).toBeInstanceOf(AptIndexError);
    expect(error.notFound).toBe(true);
    expect(error.message).toBe(`${MIRROR} bookworm main: there is neither dists/bookworm/InRelease nor dists/bookworm/Release`);
  });

  test('fails for an architecture the Release does not list in Architectures', async () => {
    await expect(AptIndex.load(SID, ['amd64', 'mips64el'])).rejects.toThrow(
      `${MIRROR} sid main: the Release does not list architecture mips64el (it lists all, amd64, arm64, armhf, i386, loong64, ppc64el, riscv64, s390x)`,
    );
  });

  test('fails for an architecture the Release has no Packages file for', async () => {
    await expect(AptIndex.load(SID, ['riscv64'])).rejects.toThrow(`${MIRROR} sid main: the Release lists no main/binary-riscv64/Packages file`);
    await expect(AptIndex.load({ ...SID, component: 'contrib' }, ['amd64'])).rejects.toThrow(/lists no contrib\/binary-amd64\/Packages file/);
  });

  test('rejects a url that is neither http(s), file: nor absolute, and path-like suites', async () => {
    await expect(AptIndex.load({ ...SID, url: 'deb.debian.org/debian' }, BOTH)).rejects.toThrow(/the url must be an http\(s\) URL, a file: URL or an absolute path/);
    await expect(AptIndex.load({ ...SID, suite: '../sid' }, BOTH)).rejects.toThrow(/"\.\.\/sid" is not a valid suite/);
    await expect(AptIndex.load(SID, ['amd64 arm64'])).rejects.toThrow(/"amd64 arm64" is not a valid architecture/);
    await expect(AptIndex.load(SID, [])).rejects.toThrow(/no architecture requested/);
  });
});

describe('AptIndex.load checks what it downloads', () => {
  let copy: string;
  beforeEach(() => {
    copy = copyOfMirror();
  });
  afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

  const amd64Gz = () => path.join(copy, 'dists/sid/main/binary-amd64/Packages.gz');

  test('fails on a hash mismatch, naming the file, the expected and the actual hash', async () => {
    const bytes = fs.readFileSync(amd64Gz());
    const expected = sha256(bytes);
    bytes[bytes.length - 10] = 0xff - bytes[bytes.length - 10]; // same size, other content (every bit flipped)
    fs.writeFileSync(amd64Gz(), bytes);
    await expect(AptIndex.load({ ...SID, url: copy }, BOTH)).rejects.toThrow(
      `${copy} sid main: dists/sid/main/binary-amd64/Packages.gz: hash mismatch: the Release says SHA256 ${expected}, the file has ${sha256(bytes)}`,
    );
  });

  test('fails on a size mismatch', async () => {
    fs.appendFileSync(amd64Gz(), Buffer.from([0]));
    await expect(AptIndex.load({ ...SID, url: copy }, BOTH)).rejects.toThrow(
      `${copy} sid main: dists/sid/main/binary-amd64/Packages.gz: size mismatch: the Release says 2416 bytes, the file has 2417`,
    );
  });

  test('falls back to the next listed compression when one is missing, as apt does', async () => {
    // The Release lists the plain Packages (as Debian does); gunzip gives exactly the listed content.
    fs.writeFileSync(path.join(copy, 'dists/sid/main/binary-amd64/Packages'), gunzipSync(fs.readFileSync(amd64Gz())));
    fs.rmSync(amd64Gz());
    const { fetcher, asked } = recordingFetcher();
    const index = await AptIndex.load({ ...SID, url: copy }, ['amd64'], { fetcher });
    expect(relative(asked, copy)).toEqual(['dists/sid/InRelease', 'dists/sid/main/binary-amd64/Packages.gz', 'dists/sid/main/binary-amd64/Packages']);
    expect(index.resolve('cpuid', ['amd64']).version).toBe('20260503-1');
  });

  test('fails, as not found, when no listed compression exists', async () => {
    fs.rmSync(amd64Gz());
    const error = await AptIndex.load({ ...SID, url: copy }, ['amd64']).catch((e) => e);
    expect(error.message).toBe(`${copy} sid main: the Release lists dists/sid/main/binary-amd64/Packages.gz, dists/sid/main/binary-amd64/Packages but none exists`);
    expect(error.notFound).toBe(true);
  });
});

describe('AptIndex.load reads Release and Packages formats', () => {
  const packages = stanza('pg-ext', '1.0-1');

  test('reads a Release with continuation lines and case-insensitive field names', async () => {
    const release = releaseFor({ 'main/binary-amd64/Packages': packages }, 'origin: Test\ndate: Sat, 31 Oct 2026 00:00:00 UTC\nARCHITECTURES: amd64\n');
    const index = await AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/Release': release, 'dists/test/main/binary-amd64/Packages': packages }) });
    expect(index.release).toEqual({ origin: 'Test', date: 'Sat, 31 Oct 2026 00:00:00 UTC', architectures: ['amd64'], suite: undefined, codename: undefined });
    expect(index.resolve('pg-ext', ['amd64']).version).toBe('1.0-1');
  });

  test('reads a clearsigned InRelease with CRLF line ends and dash-escaped lines', async () => {
    const release = releaseFor({ 'main/binary-amd64/Packages': packages }, 'Origin: Test\nDate: Sat, 31 Oct 2026 00:00:00 UTC\n');
    const escaped = release.split('\n').map((l) => (l.startsWith('Date:') || l.startsWith(' ') ? `- ${l}` : l)).join('\r\n');
    const inRelease = `-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA512\r\n\r\n${escaped}-----BEGIN PGP SIGNATURE-----\r\n\r\nAAAA\r\n-----END PGP SIGNATURE-----\r\n`;
    const index = await AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/InRelease': inRelease, 'dists/test/main/binary-amd64/Packages': packages }) });
    expect(index.release.origin).toBe('Test');
    expect(index.release.date).toBe('Sat, 31 Oct 2026 00:00:00 UTC');
    expect(index.versions('pg-ext', 'amd64')).toHaveLength(1);
  });

  test.each([
    ['a Release that is not clearsigned', 'Date: x\nSHA256:\n', /dists\/test\/InRelease is not a clearsigned message/],
    ['no signature block', '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nDate: x\n', /has no signature block/],
    ['a "-" line not dash-escaped', '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nDate: x\n--x\n-----BEGIN PGP SIGNATURE-----\n', /not dash-escaped: --x/],
  ])('rejects an InRelease with %s', async (_, inRelease, message) => {
    await expect(AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/InRelease': inRelease }) })).rejects.toThrow(message);
  });

  test.each([
    ['no Date', 'Architectures: amd64\nSHA256:\n', /dists\/test\/Release has no Date field/],
    ['no SHA256 list', 'Date: x\nMD5Sum:\n d41d8cd98f00b204e9800998ecf8427e 0 main/binary-amd64/Packages\n', /the Release has no SHA256 list/],
    ['a malformed SHA256 line', 'Date: x\nSHA256:\n abc 12 main/binary-amd64/Packages\n', /malformed SHA256 line: abc 12/],
    ['a line that is no field', 'Date: x\nnot a field\n', /line 2 is not a field/],
  ])('rejects a Release with %s', async (_, release, message) => {
    await expect(AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/Release': release }) })).rejects.toThrow(message);
  });

  test('rejects a Packages file that does not decompress', async () => {
    const garbage = Buffer.from('not gzip at all');
    const release = releaseFor({ 'main/binary-amd64/Packages.gz': garbage });
    const load = AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/Release': release, 'dists/test/main/binary-amd64/Packages.gz': garbage }) });
    await expect(load).rejects.toThrow(/cannot decompress main\/binary-amd64\/Packages\.gz/);
  });

  test('rejects a stanza without the fields an image build needs', async () => {
    const broken = `${packages}\nPackage: no-hash\nVersion: 1\nArchitecture: amd64\nFilename: pool/x.deb\nSize: 1\nMD5sum: d41d8cd98f00b204e9800998ecf8427e\n`;
    const release = releaseFor({ 'main/binary-amd64/Packages': broken });
    const load = AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/Release': release, 'dists/test/main/binary-amd64/Packages': broken }) });
    await expect(load).rejects.toThrow(/main\/binary-amd64\/Packages: the stanza of no-hash has no sha256/);
  });

  test('names the package when the index holds a version dpkg would not accept', async () => {
    const text = [stanza('odd', '1.0-1'), stanza('odd', 'v2')].join('\n');
    const release = releaseFor({ 'main/binary-amd64/Packages': text });
    const index = await AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/Release': release, 'dists/test/main/binary-amd64/Packages': text }) });
    expect(() => index.versions('odd', 'amd64')).toThrow(/\/repo test main: odd has a version dpkg would not accept: .*"v2" is not a Debian version/);
  });

  test('keeps only the listed fields, whatever the other fields and continuation lines hold', async () => {
    const text = [
      stanza('a', '2.0-1', 'amd64', 'Description: first line\n Version: 9.9-9\n .\n Package: fake\n'),
      stanza('a', '1.0-1', 'all', 'Source: a-src (1.0-1)\n'),
      stanza('a', '10.0~rc1-1', 'amd64'),
    ].join('\n');
    const release = releaseFor({ 'main/binary-amd64/Packages': text });
    const index = await AptIndex.load(MEMORY, ['amd64'], { fetcher: memoryFetcher({ 'dists/test/Release': release, 'dists/test/main/binary-amd64/Packages': text }) });
    expect(index.versions('a', 'amd64').map((p) => `${p.version} ${p.architecture} ${p.source}`)).toEqual(['10.0~rc1-1 amd64 a', '2.0-1 amd64 a', '1.0-1 all a-src']);
    expect(index.versions('fake', 'amd64')).toEqual([]);
  });
});

describe('debianArchitectureOf', () => {
  test.each([
    ['linux/amd64', 'amd64'],
    ['linux/arm64', 'arm64'],
    ['linux/arm64/v8', 'arm64'],
    ['linux/arm/v7', 'armhf'],
    ['linux/386', 'i386'],
    ['linux/ppc64le', 'ppc64el'],
    ['linux/s390x', 's390x'],
  ])('maps %s to %s', (platform, architecture) => {
    expect(debianArchitectureOf(platform)).toBe(architecture);
  });

  test.each(['linux/sparc64', 'windows/amd64', 'amd64', 'linux/arm/v6', '', 'toString'])('rejects %j', (platform) => {
    expect(() => debianArchitectureOf(platform)).toThrow(AptIndexError);
    expect(() => debianArchitectureOf(platform)).toThrow(`platform "${platform}" has no Debian architecture`);
  });
});

// Loads the real Debian sid index over the network: APT_INDEX_LIVE=1 npx jest test/apt-index.test.ts
(process.env.APT_INDEX_LIVE === '1' ? describe : describe.skip)('AptIndex on the real Debian sid', () => {
  test('loads amd64 and arm64 and resolves postgresql-18-pgvector', async () => {
    const started = Date.now();
    const index = await AptIndex.load({ url: 'http://deb.debian.org/debian', suite: 'sid', component: 'main' }, BOTH);
    const pgvector = index.resolve('postgresql-18-pgvector', BOTH);
    console.log(`sid (${index.release.date}) loaded in ${Date.now() - started} ms; postgresql-18-pgvector ${pgvector.version}: ${pgvector.packages.map((p) => p.filename).join(', ')}`);
    expect(index.release.codename).toBe('sid');
    expect(pgvector.packages.map((p) => p.architecture)).toEqual(BOTH);
    expect(pgvector.packages.every((p) => p.source === 'pgvector' && /^[0-9a-f]{64}$/.test(p.sha256))).toBe(true);
  }, 300_000);
});

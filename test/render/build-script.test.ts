import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderBuildScript } from '../../src/render/build-script';
import { MAX_LINE_LENGTH } from '../../src/render/dockerfile';

/** Makes `file` (and its directory) with `content`. */
const put = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};
/** Makes a symlink `file` to `target`. */
const link = (target: string, file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(target, file);
};

/** Regular files under `dir`, relative, with their content. */
function regularFiles(dir: string, prefix = ''): Array<[string, string]> {
  const entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  return entries.flatMap((e): Array<[string, string]> => {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) return regularFiles(dir, rel);
    return e.isFile() ? [[rel, fs.readFileSync(path.join(dir, rel), 'utf8')]] : [];
  });
}

describe('cnpg-build.sh', () => {
  const script = renderBuildScript();
  let root: string;
  let scriptFile: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-build-'));
    scriptFile = path.join(root, 'cnpg-build.sh');
    fs.writeFileSync(scriptFile, script);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  /** Runs `cnpg-build ...args` under sh, with its state under `root`/tmp. */
  const cnpgBuild = (...args: string[]) => {
    fs.mkdirSync(`${root}/tmp`, { recursive: true });
    return spawnSync('sh', [scriptFile, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, TMPDIR: `${root}/tmp` } });
  };
  const ok = (result: ReturnType<typeof cnpgBuild>) => expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });

  test(`is valid sh, with no line over ${MAX_LINE_LENGTH} characters`, () => {
    expect(spawnSync('sh', ['-n', '-c', script], { encoding: 'utf8' }).stderr).toBe('');
    expect(script.split('\n').filter((l) => l.length > MAX_LINE_LENGTH)).toEqual([]);
  });

  test('an unknown step fails, naming it', () => {
    const result = cnpgBuild('stage-everything');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^cnpg-extensions-cdk: cnpg-build: unknown step 'stage-everything'/);
  });

  test.each([
    ['require-number', '18', true], ['require-number', '18a', false], ['require-number', '', false], ['require-number', '1;id', false],
    ['require-debian-version', '1:3.6.1+dfsg-1.pgdg13+1~b1', true], ['require-debian-version', '1.0 -1', false],
    ['require-debian-version', '$(id)', false], ['require-debian-version', '', false],
  ])('%s accepts %j: %s', (step, value, accepted) => {
    const result = cnpgBuild(step, 'ARG', value);
    if (accepted) ok(result);
    else expect(result).toMatchObject({ status: 1, stderr: `cnpg-extensions-cdk: ARG must be a ${step === 'require-number' ? 'number' : 'Debian version'}, got '${value}'\n` });
  });

  test('stage copies files and symlinks as they are; a glob that matched nothing fails, naming it', () => {
    put(`${root}/src/a.so`, 'a');
    link('a.so', `${root}/src/b.so`);
    ok(cnpgBuild('stage', `${root}/image/lib`, `${root}/src/a.so`, `${root}/src/b.so`));
    expect(regularFiles(`${root}/image`)).toEqual([['lib/a.so', 'a']]);
    expect(fs.readlinkSync(`${root}/image/lib/b.so`)).toBe('a.so');
    // The shell leaves an unmatched glob as it is.
    expect(cnpgBuild('stage', `${root}/image/lib`, `${root}/src/missing*.so`)).toMatchObject({
      status: 1, stderr: `cnpg-extensions-cdk: nothing matches ${root}/src/missing*.so\n`,
    });
  });

  test('stage-license copies a package\'s copyright file, following its symlink; a package without one fails', () => {
    ok(cnpgBuild('stage-license', `${root}/image/licenses`, 'coreutils'));
    expect(fs.readFileSync(`${root}/image/licenses/coreutils/copyright`, 'utf8')).toBe(fs.readFileSync('/usr/share/doc/coreutils/copyright', 'utf8'));
    expect(cnpgBuild('stage-license', `${root}/image/licenses`, 'no-such-package')).toMatchObject({
      status: 1, stderr: 'cnpg-extensions-cdk: package no-such-package has no /usr/share/doc/no-such-package/copyright\n',
    });
  });

  test('record-packages writes what dpkg installed as sorted name=version lines', () => {
    ok(cnpgBuild('record-packages', `${root}/packages.txt`, 'coreutils', 'bash'));
    const version = (p: string) => spawnSync('dpkg-query', ['-W', '-f=${Version}', p], { encoding: 'utf8' }).stdout;
    expect(fs.readFileSync(`${root}/packages.txt`, 'utf8')).toBe(`bash=${version('bash')}\ncoreutils=${version('coreutils')}\n`);
  });

  test('require-control-file passes when one place has it, and fails naming it when none does', () => {
    put(`${root}/image/b/extension/x.control`, '');
    ok(cnpgBuild('require-control-file', 'x.control', `${root}/image/a/extension/x.control`, `${root}/image/b/extension/x.control`));
    expect(cnpgBuild('require-control-file', 'x.control', `${root}/image/a/extension/x.control`)).toMatchObject({
      status: 1, stderr: 'cnpg-extensions-cdk: the image has no x.control under its extension_control_path\n',
    });
  });

  test('strip-libdir-prefix removes $libdir/ after LOAD and AS only, in .sql files only', () => {
    const sql = [
      "LOAD '$libdir/postgis-3';",
      "CREATE FUNCTION f() RETURNS void AS '$libdir/postgis-3', 'f' LANGUAGE c;",
      "create function g() returns void as\t'$LIBDIR/postgis-3','g' language c;",
      "SELECT '$libdir/postgis-3';",
      "LOAD '$libdir';",
      "CREATE FUNCTION h() AS 'MODULE_PATHNAME', 'h' LANGUAGE c;",
      '',
    ].join('\n');
    put(`${root}/image/share/extension/postgis--3.5--3.6.sql`, sql);
    put(`${root}/image/share/extension/notes.txt`, sql);
    ok(cnpgBuild('strip-libdir-prefix', `${root}/image/share`));
    expect(fs.readFileSync(`${root}/image/share/extension/postgis--3.5--3.6.sql`, 'utf8')).toBe([
      "LOAD 'postgis-3';",
      "CREATE FUNCTION f() RETURNS void AS 'postgis-3', 'f' LANGUAGE c;",
      "create function g() returns void as\t'postgis-3','g' language c;",
      "SELECT '$libdir/postgis-3';",
      "LOAD '$libdir';",
      "CREATE FUNCTION h() AS 'MODULE_PATHNAME', 'h' LANGUAGE c;",
      '',
    ].join('\n'));
    expect(fs.readFileSync(`${root}/image/share/extension/notes.txt`, 'utf8')).toBe(sql);
  });

  describe('libraries, against a list of the operand image\'s libraries', () => {
    /** What `file` links, as ldd resolves it: absolute paths. */
    const linkedBy = (file: string) => [...spawnSync('ldd', [file], { encoding: 'utf8' }).stdout.matchAll(/ => (\/\S+)/g)].map((m) => m[1]);
    // A shared library of this machine that links another one besides libc: one node links.
    const library = linkedBy(process.execPath).find((l) => linkedBy(l).some((d) => !/\/libc\.so/.test(d)))!;
    const linked = linkedBy(library);
    const lacking = linked.find((d) => !/\/libc\.so/.test(d))!;
    const real = (f: string) => fs.realpathSync(f);
    /** The package that owns `file`, as dpkg knows it (merged /usr: by either path). */
    const owner = (file: string) => [file, file.replace(/^\/usr/, '')].map((f) => spawnSync('dpkg', ['-S', f], { encoding: 'utf8' }))
      .find((r) => r.status === 0)!.stdout.split(':')[0];
    beforeEach(() => {
      fs.mkdirSync(`${root}/image/lib`, { recursive: true });
      fs.copyFileSync(library, `${root}/image/lib/ext.so`);
    });
    /** Writes the list record-base-libraries would have written, of the operand image's real files. */
    const baseLibraries = (libraries: readonly string[]) => put(`${root}/tmp/cnpg-build/base-libraries`, libraries.map((l) => `${real(l)}\n`).join(''));

    test('require-base-libraries passes when the operand image has every linked library, and fails naming the ones it lacks', () => {
      expect(lacking).toBeDefined();
      baseLibraries(linked);
      ok(cnpgBuild('require-base-libraries', `${root}/image`, 'ext'));
      baseLibraries(linked.filter((l) => l !== lacking));
      expect(cnpgBuild('require-base-libraries', `${root}/image`, 'ext')).toMatchObject({
        status: 1, stderr: `cnpg-extensions-cdk: ext needs libraries the operand image lacks: ${real(lacking)} ; set systemLibraries: true to ship them\n`,
      });
    });

    test('bundle-system-libraries copies only what the operand image lacks, by its linked name and its file, and ships its license', () => {
      baseLibraries(linked.filter((l) => l !== lacking));
      ok(cnpgBuild('bundle-system-libraries', `${root}/image`));
      expect(fs.readdirSync(`${root}/image/system`).sort()).toEqual([...new Set([path.basename(lacking), path.basename(real(lacking))])].sort());
      expect(fs.readFileSync(`${root}/tmp/cnpg-build/system-packages`, 'utf8')).toBe(`${owner(real(lacking))}\n`);
      ok(cnpgBuild('stage-system-licenses', `${root}/image/licenses`));
      expect(fs.readdirSync(`${root}/image/licenses`)).toEqual([owner(real(lacking))]);
    });
  });

  describe('localize-links, against a builder-like tree', () => {
    const localize = () => cnpgBuild('localize-links', `${root}/image`);

    test('a link through Debian\'s alternatives to a library bundled next to it becomes a relative link to it, not a second copy', () => {
      // What the system-library step stages for postgis: libblas.so.3 as found in /usr/lib (a link into
      // /etc/alternatives) and the file it ends at, copied next to it.
      for (const lib of ['blas', 'lapack']) {
        put(`${root}/usr/lib/x86_64-linux-gnu/${lib}/lib${lib}.so.3.11.0`, `${lib} 3.11.0`);
        link(`lib${lib}.so.3.11.0`, `${root}/usr/lib/x86_64-linux-gnu/${lib}/lib${lib}.so.3`);
        link(`${root}/usr/lib/x86_64-linux-gnu/${lib}/lib${lib}.so.3`, `${root}/etc/alternatives/lib${lib}.so.3-x86_64-linux-gnu`);
        link(`${root}/etc/alternatives/lib${lib}.so.3-x86_64-linux-gnu`, `${root}/image/system/lib${lib}.so.3`);
        put(`${root}/image/system/lib${lib}.so.3.11.0`, `${lib} 3.11.0`);
      }
      // A link inside the image stays as it is.
      put(`${root}/image/lib/postgis-3.so`, 'postgis');
      link('postgis-3.so', `${root}/image/lib/postgis.so`);

      ok(localize());
      expect(regularFiles(`${root}/image`)).toEqual([
        ['lib/postgis-3.so', 'postgis'], ['system/libblas.so.3.11.0', 'blas 3.11.0'], ['system/liblapack.so.3.11.0', 'lapack 3.11.0'],
      ]);
      expect(fs.readlinkSync(`${root}/image/system/libblas.so.3`)).toBe('libblas.so.3.11.0');
      expect(fs.readlinkSync(`${root}/image/system/liblapack.so.3`)).toBe('liblapack.so.3.11.0');
      expect(fs.readlinkSync(`${root}/image/lib/postgis.so`)).toBe('postgis-3.so');
    });

    test('a target the image lacks is copied once, in the first link by name; a later link to it points to that copy', () => {
      put(`${root}/usr/share/postgresql/18/extension/postgis-3.control`, 'control');
      link(`${root}/usr/share/postgresql/18/extension/postgis-3.control`, `${root}/etc/alternatives/postgresql-18-postgis.control`);
      for (const name of ['postgis.control', 'postgis_raster.control']) link(`${root}/etc/alternatives/postgresql-18-postgis.control`, `${root}/image/share/extension/${name}`);

      ok(localize());
      expect(regularFiles(`${root}/image`)).toEqual([['share/extension/postgis.control', 'control']]);
      expect(fs.readlinkSync(`${root}/image/share/extension/postgis_raster.control`)).toBe('postgis.control');
    });

    test('a link to nothing fails the build, naming it', () => {
      link(`${root}/etc/alternatives/missing`, `${root}/image/share/extension/postgis.control`);
      const result = localize();
      expect(result.status).not.toBe(0);
      expect(result.stderr).toBe(`cnpg-extensions-cdk: ${root}/image/share/extension/postgis.control points to ${root}/etc/alternatives/missing, which does not exist\n`);
    });
  });
});

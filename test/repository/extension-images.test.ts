import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OperandCatalog, VERSIONS_LOCK_FILE, VersionsLock } from '../../src';
import { loadExtensionDefinitions } from '../../src/repository/definition-loader';
import { currentSignatureBundles, writeGeneratedTree } from '../../src/repository/extension-images';
import { ExtensionRepository } from '../../src/repository/extension-repository';
import { OUTPUTS_DIRECTORY } from '../../src/repository/output-cache';
import { ROOT } from '../fixtures';

/** Child syntheses take seconds, more on a busy machine. */
const SYNTHESIS_TIMEOUT = 300_000;

function temporaryDirectory(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cnpg-${label}-`));
}

/** Every file under `dir` (relative, `/`-separated) with its bytes and permission bits; directories listed with a trailing slash. */
function tree(dir: string, skip: readonly string[] = []): Map<string, { bytes?: Buffer; mode: number }> {
  const result = new Map<string, { bytes?: Buffer; mode: number }>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (skip.includes(child)) continue;
      // eslint-disable-next-line no-bitwise -- the permission bits of a file mode are a bit mask
      const mode = fs.lstatSync(path.join(dir, child)).mode & 0o777;
      if (entry.isDirectory()) {
        result.set(`${child}/`, { mode });
        walk(child);
      } else {
        result.set(child, { bytes: fs.readFileSync(path.join(dir, child)), mode });
      }
    }
  };
  walk('');
  return result;
}

/** The files of `dir` and their text. */
function texts(dir: string): Map<string, string> {
  return new Map([...tree(dir)].filter(([, v]) => v.bytes).map(([k, v]) => [k, v.bytes!.toString('utf8')]));
}

describe('currentSignatureBundles', () => {
  test('keeps a bundle while it signs the file as generated, and drops it once the file changes', () => {
    const dir = temporaryDirectory('bundles');
    try {
      const community = path.join(ROOT, 'test', 'fixtures', 'community-catalogs');
      const catalog = fs.readFileSync(path.join(community, 'catalog-minimal-trixie.yaml'), 'utf8');
      const files = new Map([['catalogs/catalog-minimal-trixie.yaml', catalog], ['catalogs/catalog-minimal-bookworm.yaml', 'kind: x\n']]);
      writeGeneratedTree(dir, files);
      for (const f of ['catalogs/catalog-minimal-trixie.yaml', 'catalogs/catalog-minimal-bookworm.yaml']) {
        fs.copyFileSync(path.join(community, 'catalog-minimal-trixie.yaml.sigstore.json'), path.join(dir, `${f}.sigstore.json`));
      }
      const keep = currentSignatureBundles(dir, files);
      expect(keep).toEqual(['catalogs/catalog-minimal-trixie.yaml.sigstore.json']);
      expect(writeGeneratedTree(dir, files, { keep }).removed).toEqual(['catalogs/catalog-minimal-bookworm.yaml.sigstore.json']);
      const changed = new Map(files).set('catalogs/catalog-minimal-trixie.yaml', `${catalog}# changed\n`);
      expect(currentSignatureBundles(dir, changed)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeGeneratedTree', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(temporaryDirectory('tree'), 'generated');
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  const files = new Map([['a/Dockerfile', 'FROM x\n'], ['a/README.md', '# a\n'], ['docker-bake.hcl', 'group "default" {}\n'], ['tests/a/cluster.yaml', 'kind: Cluster\n']]);

  test('creates the directory and writes exactly the files, read-only', () => {
    const changes = writeGeneratedTree(dir, files);
    expect(changes).toEqual({ written: [...files.keys()].sort(), removed: [] });
    expect(texts(dir)).toEqual(files);
    for (const [file, { mode }] of tree(dir)) if (!file.endsWith('/')) expect([file, mode.toString(8)]).toEqual([file, '444']);
  });

  test('leaves files whose bytes and mode are unchanged alone: same inode, same mtime', () => {
    writeGeneratedTree(dir, files);
    const before = new Map([...files.keys()].map((f) => [f, fs.statSync(path.join(dir, f))]));
    const changed = new Map(files).set('a/README.md', '# a, changed\n');
    expect(writeGeneratedTree(dir, changed)).toEqual({ written: ['a/README.md'], removed: [] });
    for (const file of ['a/Dockerfile', 'docker-bake.hcl', 'tests/a/cluster.yaml']) {
      const after = fs.statSync(path.join(dir, file));
      expect([file, after.ino, after.mtimeMs]).toEqual([file, before.get(file)!.ino, before.get(file)!.mtimeMs]);
    }
    expect(fs.readFileSync(path.join(dir, 'a/README.md'), 'utf8')).toBe('# a, changed\n');
  });

  test('rewrites a file whose content or mode was edited by hand, as projen does', () => {
    writeGeneratedTree(dir, files);
    fs.chmodSync(path.join(dir, 'a/Dockerfile'), 0o644);
    fs.writeFileSync(path.join(dir, 'a/Dockerfile'), 'FROM y\n');
    fs.chmodSync(path.join(dir, 'docker-bake.hcl'), 0o644);
    expect(writeGeneratedTree(dir, files)).toEqual({ written: ['a/Dockerfile', 'docker-bake.hcl'], removed: [] });
    expect(texts(dir)).toEqual(files);
    // eslint-disable-next-line no-bitwise -- the permission bits of a file mode are a bit mask
    expect(fs.statSync(path.join(dir, 'docker-bake.hcl')).mode & 0o777).toBe(0o444);
  });

  test('removes what it did not write: stale files, whole stale directories, leftovers; never an ancestor of a kept path', () => {
    writeGeneratedTree(dir, files);
    fs.mkdirSync(path.join(dir, 'old/deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'old/deep/x.yaml'), 'x');
    fs.writeFileSync(path.join(dir, 'a/.Dockerfile.1234.tmp'), 'half');
    fs.symlinkSync('/etc/passwd', path.join(dir, 'a/link'));
    fs.mkdirSync(path.join(dir, 'other/keep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'other/keep/file'), 'theirs');
    fs.writeFileSync(path.join(dir, 'other/stale'), 'stale');
    const changes = writeGeneratedTree(dir, new Map([...files].filter(([f]) => f !== 'tests/a/cluster.yaml')), { keep: ['other/keep/file'] });
    expect(changes).toEqual({ written: [], removed: ['a/.Dockerfile.1234.tmp', 'a/link', 'old', 'other/stale', 'tests'] });
    expect([...tree(dir).keys()].sort()).toEqual(['a/', 'a/Dockerfile', 'a/README.md', 'docker-bake.hcl', 'other/', 'other/keep/', 'other/keep/file']);
    expect(fs.existsSync('/etc/passwd')).toBe(true);
  });

  test('replaces a directory where a file goes, and a file where a directory goes', () => {
    fs.mkdirSync(path.join(dir, 'docker-bake.hcl'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docker-bake.hcl', 'inner'), 'x');
    fs.writeFileSync(path.join(dir, 'tests'), 'a file');
    writeGeneratedTree(dir, files);
    expect(texts(dir)).toEqual(files);
  });

  test('an empty output leaves an empty directory', () => {
    writeGeneratedTree(dir, files);
    expect(writeGeneratedTree(dir, new Map()).removed).toEqual(['a', 'docker-bake.hcl', 'tests']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test.each(['', '.', '../x', '/abs', 'a/../b', 'a//b', 'a\\b'])('refuses the path %j', (bad) => {
    expect(() => writeGeneratedTree(dir, new Map([[bad, 'x']]))).toThrow(/must be relative, normalized and inside the output directory/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

/** A copy of the repository's tracked and untracked files (node_modules linked), to run `.projenrc.ts` in. */
function copyOfRepository(): string {
  const dir = temporaryDirectory('images');
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!fs.lstatSync(path.join(ROOT, file), { throwIfNoEntry: false })?.isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** The output and validator caches of the syntheses below, unless a test gives its own: never the shared node_modules. */
let defaultCache: string | undefined;
afterAll(() => {
  if (defaultCache) fs.rmSync(defaultCache, { recursive: true, force: true });
});

/** `npx projen`'s synthesis, `tsx .projenrc.ts`, in `dir`. */
function synthesize(dir: string, env: NodeJS.ProcessEnv = {}, umask?: string) {
  defaultCache ??= temporaryDirectory('cache');
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  const [command, args] = umask === undefined ? [tsx, ['.projenrc.ts']] : ['sh', ['-c', `umask ${umask} && exec "$0" .projenrc.ts`, tsx]];
  // Without projen's post-synthesis step: were package.json out of date, it would install dependencies over the link.
  const result = spawnSync(command, args, {
    cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', PROJEN_DISABLE_POST: 'true', CNPG_EXTENSIONS_CDK_CACHE: defaultCache, ...env },
  });
  if (result.status !== 0) throw new Error(`synthesis failed in ${dir}:\n${result.stderr}`);
  return result;
}

/** What ExtensionRepository.synthesize() makes of the definitions of `dir`, with the options .projenrc.ts gives the component. */
function expectedOutput(dir: string): Map<string, string> {
  const projenrc = fs.readFileSync(path.join(dir, '.projenrc.ts'), 'utf8');
  const options = projenrc.slice(projenrc.indexOf('new ExtensionImages('));
  const option = (name: string) => new RegExp(`${name}: '([^']+)'`).exec(options)![1];
  const extensions = path.join(dir, option('extensionsDir'));
  return new ExtensionRepository({
    definitions: loadExtensionDefinitions(extensions, dir),
    operands: OperandCatalog.fromDirectory(path.join(dir, option('operandCatalogDir'))),
    versionsLock: VersionsLock.read(path.join(extensions, VERSIONS_LOCK_FILE)),
    source: option('source'),
    registry: option('registry'),
    outdir: option('outdir'),
  }).synthesize();
}

describe('ExtensionImages through projen, in a copy of the repository', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyOfRepository();
    synthesize(dir);
  }, SYNTHESIS_TIMEOUT);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('generated/ holds exactly what ExtensionRepository.synthesize() returns, byte for byte, read-only', () => {
    const expected = expectedOutput(dir);
    const written = tree(path.join(dir, 'generated'));
    expect([...written.keys()].filter((f) => !f.endsWith('/')).sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) {
      expect([file, written.get(file)!.bytes!.equals(Buffer.from(content, 'utf8')), written.get(file)!.mode.toString(8)]).toEqual([file, true, '444']);
    }
  });

  test('projen lists none of its files, and marks the directory generated and committed once', () => {
    const manifest: string[] = JSON.parse(fs.readFileSync(path.join(dir, '.projen/files.json'), 'utf8')).files;
    expect(manifest.filter((f) => f.startsWith('generated/'))).toEqual([]);
    expect(manifest).toContain('extensions/index.ts');
    const attributes = fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8').split('\n');
    expect(attributes).toContain('/generated/** linguist-generated');
    expect(attributes.filter((l) => l.startsWith('/generated/'))).toEqual(['/generated/** linguist-generated']);
    const ignore = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n');
    expect(ignore.filter((l) => l.includes('generated/'))).toEqual(['!/generated/**']);
  });

  test('a second synthesis rewrites none of the files it owns: each keeps its inode and mtime', () => {
    // Not extensions/index.ts, a projen TextFile: run as root, projen finds its read-only files writable and rewrites them all.
    const owned = () => [...tree(path.join(dir, 'generated')).keys()].filter((f) => !f.endsWith('/')).map((f) => `generated/${f}`)
      .concat('README.md');
    const stat = () => new Map(owned().map((f) => {
      const s = fs.statSync(path.join(dir, f));
      return [f, `${s.ino}:${s.mtimeMs}`];
    }));
    const before = stat();
    expect(before.size).toBeGreaterThan(100);
    synthesize(dir);
    expect(stat()).toEqual(before);
  }, SYNTHESIS_TIMEOUT);

  test('a bad definition leaves the tree untouched, generated files and their modes included', () => {
    const bad = path.join(dir, 'extensions', 'zz_bad.ts');
    fs.writeFileSync(bad, "import { pgvector } from './pgvector';\nexport const zz_bad = { ...pgvector, name: 'zz_bad', imageName: 'zz-bad', env: { PGDATA: '/x' } };\n");
    try {
      const before = tree(dir, ['node_modules']);
      const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['.projenrc.ts'], { cwd: dir, encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/extensions\/zz_bad\.ts: env\.PGDATA/);
      expect(tree(dir, ['node_modules'])).toEqual(before);
    } finally {
      fs.rmSync(bad);
    }
  }, SYNTHESIS_TIMEOUT);

  test('deleting a definition removes its outputs, and only those, and leaves no empty directory', () => {
    const before = texts(path.join(dir, 'generated'));
    fs.rmSync(path.join(dir, 'extensions', 'pgaudit.ts'));
    synthesize(dir);
    const after = texts(path.join(dir, 'generated'));
    expect([...before.keys()].filter((f) => !after.has(f)).sort()).toEqual(
      ['pgaudit/Dockerfile', 'pgaudit/README.md', 'examples/pgaudit/cluster.yaml', 'examples/pgaudit/database.yaml',
        ...[...before.keys()].filter((f) => f.startsWith('tests/pgaudit/'))].sort());
    expect([...after.keys()].filter((f) => !before.has(f))).toEqual([]);
    const dirs = [...tree(path.join(dir, 'generated')).keys()].filter((f) => f.endsWith('/'));
    expect(dirs.filter((d) => d.includes('pgaudit'))).toEqual([]);
    for (const d of dirs) expect([d, fs.readdirSync(path.join(dir, 'generated', d)).length > 0]).toEqual([d, true]);
    expect(after).toEqual(expectedOutput(dir));
  }, SYNTHESIS_TIMEOUT);
});

describe('determinism', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('syntheses under different time zones, locales, umasks and caches (none, cold, warm) write the same bytes and modes', () => {
    const cache = temporaryDirectory('cache');
    dirs.push(cache);
    const settings: Array<[NodeJS.ProcessEnv, string]> = [
      [{ TZ: 'UTC', LC_ALL: 'C', LANG: 'C', CNPG_EXTENSIONS_CDK_CACHE: 'off' }, '022'],
      [{ TZ: 'Pacific/Chatham', LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8', CNPG_EXTENSIONS_CDK_CACHE: cache }, '077'],
      // The same cache, now filled: every extension's files come from it.
      [{ TZ: 'America/St_Johns', LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8', CNPG_EXTENSIONS_CDK_CACHE: cache }, '027'],
    ];
    const results = settings.map(([env, umask]) => {
      const dir = copyOfRepository();
      dirs.push(dir);
      // Everything written afresh under this umask, and the README table too.
      fs.rmSync(path.join(dir, 'generated'), { recursive: true, force: true });
      synthesize(dir, env, umask);
      return tree(dir, ['node_modules']);
    });
    // An entry for each extension, and one for the catalogs.
    expect(fs.readdirSync(path.join(cache, OUTPUTS_DIRECTORY)).length).toBe(fs.readdirSync(path.join(ROOT, 'extensions')).filter((f) => /^[^.].*\.ts$/.test(f) && f !== 'index.ts').length + 1);
    const [a, ...others] = results;
    const generatedFiles = [...a.keys()].filter((f) => f.startsWith('generated/') && !f.endsWith('/'));
    expect(generatedFiles.length).toBeGreaterThan(100);
    for (const b of others) {
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [file, entry] of a) {
        if (file.endsWith('/')) continue; // directory modes follow the umask, and git keeps none
        expect([file, entry.bytes!.equals(b.get(file)!.bytes!)]).toEqual([file, true]);
        if (file.startsWith('generated/')) expect([file, entry.mode.toString(8), b.get(file)!.mode.toString(8)]).toEqual([file, '444', '444']);
      }
    }
  }, 3 * SYNTHESIS_TIMEOUT);
});

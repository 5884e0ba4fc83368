import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { refreshOperandCatalogs, splitDocuments } from '../scripts/refresh-operand-catalogs';
import { OperandCatalog } from '../src';
import { ROOT } from './fixtures';

const VENDOR_DIR = path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs');
const BOOKWORM = fs.readFileSync(path.join(VENDOR_DIR, 'catalog-minimal-bookworm.yaml'), 'utf8');
const TRIXIE = fs.readFileSync(path.join(VENDOR_DIR, 'catalog-minimal-trixie.yaml'), 'utf8');
/** The trixie catalog one PostgreSQL 18 minor later, with a comment of its own: a refresh worth writing. */
const NEWER_TRIXIE = `# trixie, refreshed\n${TRIXIE.replace('postgresql:18.6-', 'postgresql:18.7-')}# end of trixie\n`;

describe('refresh-operand-catalogs', () => {
  const made: string[] = [];
  const scratch = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refresh-operand-catalogs-'));
    made.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };
  /** A vendor directory holding today's two catalogs, and a source file next to it. */
  const setup = (source: string) => {
    const vendorDir = scratch({ 'catalog-minimal-bookworm.yaml': BOOKWORM, 'catalog-minimal-trixie.yaml': TRIXIE });
    const sourceFile = path.join(scratch({ 'source.yaml': source }), 'source.yaml');
    return { vendorDir, sourceFile };
  };
  const read = (dir: string, distro: string) => fs.readFileSync(path.join(dir, `catalog-minimal-${distro}.yaml`), 'utf8');
  const refresh = (args: string[], vendorDir: string) => refreshOperandCatalogs(args, { vendorDir, log: () => undefined });
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('a multi-document source gives each distro only its own document, byte for byte, and synthesis reads the result', async () => {
    const { vendorDir, sourceFile } = setup(`${BOOKWORM}---\n${NEWER_TRIXIE}`);
    await refresh([sourceFile], vendorDir);
    expect(read(vendorDir, 'bookworm')).toBe(BOOKWORM);
    expect(read(vendorDir, 'trixie')).toBe(`---\n${NEWER_TRIXIE}`);
    const catalog = OperandCatalog.fromDirectory(vendorDir); // threw "a second catalog for distro" before
    expect(catalog.distros).toEqual(['bookworm', 'trixie']);
    expect(catalog.image('trixie', 18)?.pgVersion).toBe('18.7');
    expect(catalog.image('bookworm', 18)?.pgVersion).toBe('18.6');
  });

  test('a single-document source is written as published', async () => {
    const { vendorDir, sourceFile } = setup(NEWER_TRIXIE);
    await refresh([sourceFile], vendorDir);
    expect(read(vendorDir, 'trixie')).toBe(NEWER_TRIXIE);
    expect(read(vendorDir, 'bookworm')).toBe(BOOKWORM);
  });

  test('refuses, writing nothing, two catalogs for one distro and a downgrade in any document', async () => {
    const twice = setup(`${TRIXIE}---\n${NEWER_TRIXIE}`);
    await expect(refresh([twice.sourceFile], twice.vendorDir)).rejects.toThrow(/source\.yaml: a second catalog for distro "trixie" \(the first is in .*source\.yaml\)/);
    const older = setup(`${BOOKWORM}---\n${TRIXIE.replace('postgresql:18.6-', 'postgresql:18.5-')}`);
    await expect(refresh([older.sourceFile], older.vendorDir)).rejects.toThrow(/trixie would go back to an older PostgreSQL \(18: 18\.6 -> 18\.5\); pass --allow-downgrade/);
    for (const { vendorDir } of [twice, older]) expect([read(vendorDir, 'bookworm'), read(vendorDir, 'trixie')]).toEqual([BOOKWORM, TRIXIE]);
  });

  test('splits a YAML stream so that every byte lands in exactly one document', () => {
    const stream = '# top\n%YAML 1.2\n---\na: 1\n# after a\n...\n# before b\n---\nb: 2\n---\nc: 3';
    const pieces = splitDocuments(stream);
    expect(pieces).toEqual(['# top\n%YAML 1.2\n---\na: 1\n# after a\n...\n', '# before b\n---\nb: 2\n', '---\nc: 3']);
    expect(pieces.join('')).toBe(stream);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { OperandCatalog, OperandCatalogError } from '../../src';
import { findOperandDowngrades } from '../../src/model/operand-catalog';
import { ROOT, operands } from '../fixtures';

const TRIXIE = fs.readFileSync(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs/catalog-minimal-trixie.yaml'), 'utf8');
const parse = (text: string) => OperandCatalog.fromTexts([{ source: 'catalog.yaml', text }]);
/** The trixie catalog with its PostgreSQL 18 tag version replaced. */
const trixieWith18 = (version: string) => parse(TRIXIE.replace('postgresql:18.6-', `postgresql:${version}-`)).documents[0];

describe('OperandCatalog', () => {
  test('reads the vendored minimal catalogs: distro, major, version from the tag, digest', () => {
    const catalog = operands();
    expect(catalog.distros).toEqual(['bookworm', 'trixie']);
    const image = catalog.image('trixie', 18)!;
    expect(image.pgVersion).toBe('18.6');
    expect(image.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(image.reference.endsWith(`@${image.digest}`)).toBe(true);
    expect(catalog.majors('trixie')).toEqual([13, 14, 15, 16, 17, 18]);
  });

  test('rejects what is not a digest-pinned minimal catalog, naming the source and field', () => {
    expect(() => parse(TRIXIE.replace(/@sha256:[a-f0-9]{64}/, ''))).toThrow(OperandCatalogError);
    expect(() => parse(TRIXIE.replace(/@sha256:[a-f0-9]{64}/, ''))).toThrow(/^catalog\.yaml: spec\.images\[0\]\.image: .* must be repository:tag@sha256:digest/);
    expect(() => parse(TRIXIE.replace('postgresql:18.6-', 'postgresql:17.6-'))).toThrow(/spec\.images\[5\]\.image: tag version 17\.6 does not belong to major 18/);
    expect(() => parse(TRIXIE.replace('kind: ClusterImageCatalog', 'kind: ImageCatalog'))).toThrow(/kind: must be a postgresql.cnpg.io\/v1 ClusterImageCatalog/);
  });

  test('finds the majors a refresh would move back to an older PostgreSQL, comparing versions, not text', () => {
    const current = operands().documents.find((d) => d.distro === 'trixie')!;
    expect(findOperandDowngrades(current, trixieWith18('18.10'))).toEqual([]);
    expect(findOperandDowngrades(current, trixieWith18('18.6'))).toEqual([]);
    expect(findOperandDowngrades(current, trixieWith18('18.5'))).toEqual(['18: 18.6 -> 18.5']);
    expect(findOperandDowngrades(trixieWith18('18.10'), current)).toEqual(['18: 18.10 -> 18.6']);
  });
});

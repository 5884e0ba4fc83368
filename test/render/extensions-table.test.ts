import { CatalogEntry, DefinitionError } from '../../src';
import { renderExtensionsTable, replaceExtensionsTable } from '../../src/projen';
import { definitions, imageOf, operands } from '../fixtures';

describe('extensions table', () => {
  const images = [imageOf(definitions.pgvector), imageOf(definitions.postgis)];
  const entries = images.flatMap((image) =>
    image.builds.map((b) => new CatalogEntry({ extension: image, operand: operands().image(b.distro, b.major)! })));

  test('one row per extension with description, licenses, owners, SQL versions and image references', () => {
    const rows = renderExtensionsTable(images, entries).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toBe('| [pgvector](generated/pgvector/README.md) | Open-source vector similarity search for PostgreSQL | PostgreSQL | @cnpg-extensions-cdk/maintainers | bookworm/18: 0.8.4 (index)<br>trixie/18: 0.8.4 (index) | '
      + '`ghcr.io/cnpg-extensions-cdk/pgvector:18.6-0.8.4-bookworm`<br>`ghcr.io/cnpg-extensions-cdk/pgvector:18.6-0.8.4-trixie` |');
    expect(rows[3]).toContain('| GPL-2.0-or-later (exception) |');
  });

  test('replaces only the text between the markers, and needs them', () => {
    const readme = '# x\n<!-- extensions-table:start -->\nold\n<!-- extensions-table:end -->\nrest\n';
    expect(replaceExtensionsTable(readme, 'NEW')).toBe('# x\n<!-- extensions-table:start -->\nNEW\n<!-- extensions-table:end -->\nrest\n');
    expect(() => replaceExtensionsTable('# x\n', 'NEW')).toThrow(DefinitionError);
    expect(() => replaceExtensionsTable('# x\n', 'NEW')).toThrow(/README\.md: \(extensions table\): needs the markers/);
  });
});

import { NOT_PACKAGED_TABLE_MARKERS, NotPackagedKind, NotPackagedList, renderNotPackagedTable, replaceNotPackagedTable } from '../../src/projen';

describe('renderNotPackagedTable', () => {
  const list = new NotPackagedList([
    { package: 'postgresql-18-repmgr', kind: NotPackagedKind.EXTERNAL_PROGRAM, reason: 'repmgrd | repmgr run outside PostgreSQL' },
    { package: 'postgresql-18-jit', kind: NotPackagedKind.DEBUG_OR_JIT, reason: 'belongs to the operand image' },
  ]);

  test('one row per package, sorted, with the pipe of a reason escaped', () => {
    const rows = renderNotPackagedTable(list).split('\n').slice(2);
    expect(rows).toEqual([
      '| `postgresql-18-jit` | debug-or-jit | belongs to the operand image |',
      '| `postgresql-18-repmgr` | external-program | repmgrd \\| repmgr run outside PostgreSQL |',
    ]);
  });

  test('replaces only the text between the markers, and refuses a README without them', () => {
    const readme = `intro\n${NOT_PACKAGED_TABLE_MARKERS.start}\nold\n${NOT_PACKAGED_TABLE_MARKERS.end}\noutro\n`;
    const replaced = replaceNotPackagedTable(readme, 'new');
    expect(replaced).toBe(`intro\n${NOT_PACKAGED_TABLE_MARKERS.start}\nnew\n${NOT_PACKAGED_TABLE_MARKERS.end}\noutro\n`);
    expect(() => replaceNotPackagedTable('intro', 'new'))
      .toThrow('README.md: (not-packaged table): needs the markers <!-- not-packaged-table:start --> and <!-- not-packaged-table:end -->');
  });
});

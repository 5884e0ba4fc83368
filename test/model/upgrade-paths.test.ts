import { canUpgrade, upgradeSteps, versionsReaching } from '../../src/projen';

// Names as pgvector 0.8.7 ships them (a cut of its real file list).
const FILES = [
  'usr/share/postgresql/18/extension/vector.control',
  'usr/share/postgresql/18/extension/vector--0.8.7.sql',
  'usr/share/postgresql/18/extension/vector--0.8.5--0.8.6.sql',
  'usr/share/postgresql/18/extension/vector--0.8.6--0.8.7.sql',
  'usr/share/postgresql/18/extension/vector--0.7.4--0.8.0.sql',
  'usr/share/postgresql/18/extension/vector--0.8.0--0.8.1.sql',
  'usr/share/postgresql/18/extension/vectorscale--0.1--0.2.sql',
  'usr/share/doc/postgresql-18-pgvector/vector--0.1--0.2.sql.gz',
];

describe('upgrade paths', () => {
  test('reads update scripts of one extension only, as steps', () => {
    expect(upgradeSteps(FILES, 'vector')).toEqual([
      { from: '0.8.5', to: '0.8.6' }, { from: '0.8.6', to: '0.8.7' }, { from: '0.7.4', to: '0.8.0' }, { from: '0.8.0', to: '0.8.1' },
    ]);
  });

  test('chains steps to the target and finds no route across a gap', () => {
    const steps = upgradeSteps(FILES, 'vector');
    expect(versionsReaching(steps, '0.8.7')).toEqual(['0.8.5', '0.8.6']);
    expect(canUpgrade(steps, '0.8.5', '0.8.7')).toBe(true);
    expect(canUpgrade(steps, '0.8.7', '0.8.7')).toBe(true);
    // 0.8.1 -> 0.8.5 is missing from this cut, so 0.7.4 cannot reach 0.8.7.
    expect(canUpgrade(steps, '0.7.4', '0.8.7')).toBe(false);
    expect(canUpgrade(steps, '0.7.4', '0.8.1')).toBe(true);
    // Steps lead one way only.
    expect(canUpgrade(steps, '0.8.7', '0.8.6')).toBe(false);
  });
});

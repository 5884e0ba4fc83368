import { canUpgrade, updateScriptName, upgradeRoute, upgradeSteps, validateUpgradeBreaks, versionsReaching } from '../../src/projen';

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

describe('upgrade graphs', () => {
  test('chains several hops, and the route takes the fewest, as PostgreSQL does', () => {
    // PostGIS's real scheme: every old version updates to ANY, and ANY to the new one.
    const files = ['postgis--3.6.4--ANY.sql', 'postgis--3.5.0--ANY.sql', 'postgis--ANY--3.7.0.sql', 'postgis--3.6.4--3.6.5.sql', 'postgis--3.6.5--ANY.sql',
      'postgis--TEMPLATED--TO--ANY.sql', 'postgis--3.7.0.sql', 'postgis_raster--3.6.4--ANY.sql'];
    const steps = upgradeSteps(files, 'postgis');
    expect(versionsReaching(steps, '3.7.0')).toEqual(['3.5.0', '3.6.4', '3.6.5', 'ANY']);
    expect(upgradeRoute(steps, '3.6.4', '3.7.0')).toEqual([{ from: '3.6.4', to: 'ANY' }, { from: 'ANY', to: '3.7.0' }]);
    expect(upgradeRoute(steps, '3.7.0', '3.7.0')).toEqual([]);
    expect(upgradeRoute(steps, '3.7.0', '3.6.4')).toBeUndefined();
    expect(upgradeRoute(steps, '3.6.4', '3.7.0')!.map((s) => updateScriptName('postgis', s))).toEqual(['postgis--3.6.4--ANY.sql', 'postgis--ANY--3.7.0.sql']);
  });

  test('versions may hold "-" and "."; names with "-" are matched whole', () => {
    // pg_cron ships pg_cron--1.4--1.4-1.sql and pg_cron--1.4-1--1.5.sql (real names).
    const steps = upgradeSteps(['pg_cron--1.3--1.4.sql', 'pg_cron--1.4--1.4-1.sql', 'pg_cron--1.4-1--1.5.sql', 'pg_cron--1.5--1.6.sql', 'pg-crash--0.2--0.3.sql'], 'pg_cron');
    expect(steps).toContainEqual({ from: '1.4-1', to: '1.5' });
    expect(versionsReaching(steps, '1.6')).toEqual(['1.3', '1.4', '1.4-1', '1.5']);
    expect(upgradeRoute(steps, '1.3', '1.6')).toHaveLength(4);
    expect(upgradeSteps(['pg-crash--0.2--0.3.sql', 'pg-crash--0.3.sql'], 'pg-crash')).toEqual([{ from: '0.2', to: '0.3' }]);
    expect(upgradeSteps(['pg-crash--0.2--0.3.sql'], 'pg')).toEqual([]);
  });

  test('cycles end: every version of a cycle reaches every other, and the target is never its own source', () => {
    const steps = upgradeSteps(['x--1.0--1.1.sql', 'x--1.1--1.0.sql', 'x--1.1--2.0.sql', 'x--2.0--1.1.sql', 'x--0.9--1.0.sql'], 'x');
    expect(versionsReaching(steps, '2.0')).toEqual(['0.9', '1.0', '1.1']);
    expect(versionsReaching(steps, '1.0')).toEqual(['0.9', '1.1', '2.0']);
    expect(upgradeRoute(steps, '0.9', '2.0')).toEqual([{ from: '0.9', to: '1.0' }, { from: '1.0', to: '1.1' }, { from: '1.1', to: '2.0' }]);
    expect(upgradeRoute(steps, '2.0', '0.9')).toBeUndefined();
  });

  test('upgrade breaks are validated strictly', () => {
    expect(validateUpgradeBreaks([{ from: '0.8.6', to: '0.8.7', reason: 'dump and restore' }])).toEqual([{ from: '0.8.6', to: '0.8.7', reason: 'dump and restore' }]);
    expect(() => validateUpgradeBreaks({})).toThrow(/upgradeBreaks: must be a list/);
    expect(() => validateUpgradeBreaks([{ from: '0.8.6', to: '0.8.7' }])).toThrow(/upgradeBreaks\[0\]\.reason: must say/);
    expect(() => validateUpgradeBreaks([{ from: '0.8.6', to: '0.8.7', reason: 'x', why: 'y' }])).toThrow(/upgradeBreaks\[0\]\.why: is not a field/);
    expect(() => validateUpgradeBreaks([{ from: '0.8 6', to: '0.8.7', reason: 'x' }])).toThrow(/upgradeBreaks\[0\]\.from: "0.8 6" is not an extension version/);
    expect(() => validateUpgradeBreaks([{ from: '1', to: '1', reason: 'x' }])).toThrow(/both "1"/);
    expect(() => validateUpgradeBreaks([{ from: '1', to: '2', reason: 'x' }, { from: '1', to: '2', reason: 'y' }])).toThrow(/upgradeBreaks\[1\]: 1 -> 2 is listed twice/);
    expect(() => validateUpgradeBreaks([{ from: '1', to: '2', reason: 'a\nb' }])).toThrow(/reason: must say, in one line/);
  });
});

import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { DefinitionError } from '../../src';
import { compareDebianVersions, parseDebianVersion, tagVersionOf } from '../../src/projen';

describe('Debian versions', () => {
  test('splits epoch, upstream version and revision', () => {
    expect(parseDebianVersion('1:6.1.0-2.pgdg13+1')).toEqual({ epoch: 1, upstream: '6.1.0', revision: '2.pgdg13+1' });
    expect(parseDebianVersion('0.8.1-2.pgdg12+1')).toEqual({ epoch: 0, upstream: '0.8.1', revision: '2.pgdg12+1' });
    expect(parseDebianVersion('2.3')).toEqual({ epoch: 0, upstream: '2.3', revision: '' });
    // The revision starts after the last hyphen; upstream may hold hyphens.
    expect(parseDebianVersion('1.0-rc1-3')).toEqual({ epoch: 0, upstream: '1.0-rc1', revision: '3' });
  });

  test('gives a valid tag version for epochs, repacks, pre-releases and revisions', () => {
    expect(tagVersionOf('1:6.1.0-2.pgdg13+1')).toBe('6.1.0');
    expect(tagVersionOf('3.6.1+dfsg-1.pgdg13+1')).toBe('3.6.1');
    expect(tagVersionOf('3.0.0~beta1-1')).toBe('3.0.0-beta1');
    expect(tagVersionOf('2.1+git20240101-1')).toBe('2.1_git20240101');
  });

  test.each([
    ['', /is required/],
    ['abc', /not a Debian version/],
    ['1.0-', /not a Debian version/],
    ['1.0; rm -rf /', /not a Debian version/],
    ['1.0$(id)-1', /not a Debian version/],
    ['1.0-1`id`', /not a Debian version/],
    ['x:1.0-1', /not a Debian version/],
    ['1.0\n-1', /not a Debian version/],
  ])('rejects %j', (version, message) => {
    expect(() => parseDebianVersion(version, 'versions[0].packageVersion')).toThrow(DefinitionError);
    expect(() => parseDebianVersion(version, 'versions[0].packageVersion')).toThrow(message);
  });
});

describe('compareDebianVersions', () => {
  /** -1, 0 or 1: what dpkg --compare-versions tells with lt, eq and gt. */
  const order = (a: string, b: string) => Math.sign(compareDebianVersions(a, b));

  test.each([
    // Epochs outrank everything after them.
    ['9.9-1', '1:0.1-1'],
    ['2:1.0', '10:0.1'],
    // "~" sorts before everything, even the end of the string.
    ['1.0~rc1-1', '1.0-1'],
    ['1.0~~', '1.0~'],
    ['1.0~', '1.0'],
    ['1.0~~a', '1.0~'],
    // Repacked upstream tarballs.
    ['3.6.4+dfsg-2', '3.7.0+dfsg-1'],
    ['3.7.0-1', '3.7.0+dfsg-1'],
    // PGDG rebuilds sort after the Debian revision they rebuild, before the next upstream release.
    ['0.8.6-1', '0.8.6-1.pgdg13+1'],
    ['0.8.6-1.pgdg13+1', '0.8.7-1'],
    ['0.8.6-1.pgdg12+1', '0.8.6-1.pgdg13+1'],
    // Digit runs compare as numbers.
    ['1.9', '1.10'],
    ['1.2.9', '1.2.10'],
    ['9', '10'],
    ['2.49.20250504', '2.49.20250505'],
    // Letters sort before non-letters, the end of a part before either.
    ['1.0a', '1.0+'],
    ['1.0', '1.0a'],
    ['1.0', '1.0+b1'],
    ['1.0Z', '1.0a'],
    // The revision decides between equal upstream versions.
    ['1.0-1', '1.0-2'],
    ['1.0-2', '1.0-10'],
    ['0.97-4', '0.97-4+b1'],
    ['1.0-1~bpo13+1', '1.0-1'],
    ['18.0-3', '18.0-3.1'],
    // Hyphens in upstream: the revision starts after the last one.
    ['1.0-rc1-3', '1.0-rc2-1'],
  ])('%s < %s', (older, newer) => {
    expect(order(older, newer)).toBe(-1);
    expect(order(newer, older)).toBe(1);
  });

  test.each([
    ['1.0', '1.0'],
    ['0:1.0-1', '1.0-1'],
    ['1.01', '1.1'],
    ['1.0-0', '1.0'],
    ['1.000', '1.0'],
  ])('%s equals %s for dpkg', (a, b) => {
    expect(order(a, b)).toBe(0);
    expect(order(b, a)).toBe(0);
  });

  test('sorts real versions in dpkg order', () => {
    const versions = ['3.7.0+dfsg-1', '1:1.10-1', '3.6.4+dfsg-2', '3.7.0~beta1-1', '3.7.0-1', '0.8.6-1.pgdg13+1', '3.7.0+dfsg-1.pgdg13+1', '0.8.6-1'];
    expect([...versions].sort(compareDebianVersions)).toEqual([
      '0.8.6-1',
      '0.8.6-1.pgdg13+1',
      '3.6.4+dfsg-2',
      '3.7.0~beta1-1',
      '3.7.0-1',
      '3.7.0+dfsg-1',
      '3.7.0+dfsg-1.pgdg13+1',
      '1:1.10-1',
    ]);
  });

  test('compares digit runs longer than any number type', () => {
    expect(order('1.18446744073709551616', '1.18446744073709551615')).toBe(1);
    expect(order('1.000000000000000000000001', '1.1')).toBe(0);
  });

  test('rejects what is not a Debian version', () => {
    expect(() => compareDebianVersions('abc', '1.0')).toThrow(DefinitionError);
    expect(() => compareDebianVersions('1.0', '1.0-')).toThrow(/not a Debian version/);
  });

  /** Debian versions (Policy 5.6.12), biased towards the characters that order specially. */
  const part = (chars: string) => fc.array(fc.oneof(fc.constantFrom('~', '+', '.', '0', '1', '9', '10', 'a', 'Z'), fc.stringMatching(new RegExp(`^[${chars}]{1,3}$`))), { maxLength: 5 }).map((p) => p.join(''));
  const version = fc.tuple(fc.option(fc.nat({ max: 3 }), { nil: undefined }), fc.nat({ max: 12 }), part('A-Za-z0-9.+~'), fc.option(part('A-Za-z0-9.+~').filter((r) => r.length > 0), { nil: undefined }))
    .map(([epoch, lead, upstream, revision]) => `${epoch === undefined ? '' : `${epoch}:`}${lead}${upstream}${revision === undefined ? '' : `-${revision}`}`);

  test('is a total order: antisymmetric, transitive, and equal versions compare alike', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(order(a, b) + order(b, a)).toBe(0); // not toBe(-x): Object.is(0, -0) is false
        expect(order(a, a)).toBe(0);
        if (order(a, b) <= 0 && order(b, c) <= 0) expect(order(a, c)).toBeLessThanOrEqual(0);
        if (order(a, b) === 0) expect(order(a, c)).toBe(order(b, c));
      }),
      { numRuns: 2000 },
    );
  });

  test('sorting gives the same order whatever the input order', () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), (versions) => {
        const sorted = [...versions].sort(compareDebianVersions);
        const again = [...versions].reverse().sort(compareDebianVersions);
        expect(sorted.map((v, i) => order(v, again[i]))).toEqual(sorted.map(() => 0));
        sorted.slice(1).forEach((v, i) => expect(order(sorted[i], v)).toBeLessThanOrEqual(0));
      }),
    );
  });

  // dpkg itself is the reference; Debian machines (and CI) have it.
  const dpkg = spawnSync('dpkg', ['--version']).status === 0;
  (dpkg ? test : test.skip)('agrees with dpkg --compare-versions', () => {
    const pairs = fc.sample(fc.tuple(version, version), { numRuns: 300, seed: 20261030 });
    pairs.push(['1.0~rc1-1', '1.0-1'], ['1:0.1-1', '9.9-1'], ['0.8.6-1.pgdg13+1', '0.8.7-1']);
    // One shell for all pairs: each line prints lt, eq or gt as dpkg sees it.
    const script = 'while read a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
    const result = spawnSync('sh', ['-c', script], { input: pairs.map(([a, b]) => `${a} ${b}\n`).join(''), encoding: 'utf8' });
    expect(result.status).toBe(0);
    const byDpkg = result.stdout.trim().split('\n').map(Number);
    expect(pairs.map(([a, b]) => `${a} ${b} ${order(a, b)}`)).toEqual(pairs.map(([a, b], i) => `${a} ${b} ${byDpkg[i]}`));
  });
});

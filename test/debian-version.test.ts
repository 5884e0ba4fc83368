import { DefinitionError, parseDebianVersion, tagVersionOf } from '../src';

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

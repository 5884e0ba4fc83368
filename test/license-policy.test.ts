import { CNCF_ALLOWED_LICENSES, checkLicensePolicy } from '../src';
import { definitions, imageOf, pgvectorWith } from './fixtures';

const gpl = { license: 'GPL-2.0-or-later', name: 'gpl-ok', reason: 'shipped unmodified' };

describe('license policy', () => {
  test('allowlisted licenses need no exception', () => {
    expect(() => checkLicensePolicy(['PostgreSQL', 'Apache-2.0', 'MIT'], [])).not.toThrow();
    expect(CNCF_ALLOWED_LICENSES).toEqual(expect.arrayContaining(['Apache-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'PostgreSQL', 'ISC', 'Zlib']));
  });

  test('a license off the allowlist stops the definition unless a named exception accepts it', () => {
    expect(() => imageOf(pgvectorWith({ licenses: ['PostgreSQL', 'GPL-2.0-or-later'] })))
      .toThrow(/licenses\[1\]: "GPL-2.0-or-later" is not on the CNCF allowlist .*licenseExceptions/);
    expect(imageOf(pgvectorWith({ licenses: ['GPL-2.0-or-later'], licenseExceptions: [gpl] })).licenseExceptions).toEqual([gpl]);
    expect(imageOf(definitions.postgis).licenseExceptions.map((e) => e.license)).toEqual(['GPL-2.0-or-later']);
  });

  test('exceptions must be named, reasoned and not stale', () => {
    expect(() => checkLicensePolicy(['MIT'], [gpl])).toThrow(/licenseExceptions\[0\]\.license: .*stale/);
    expect(() => checkLicensePolicy(['GPL-3.0-only'], [{ ...gpl, license: 'GPL-3.0-only', name: '' }])).toThrow(/licenseExceptions\[0\]\.name/);
    expect(() => checkLicensePolicy(['GPL-3.0-only'], [{ ...gpl, license: 'GPL-3.0-only', reason: ' ' }])).toThrow(/licenseExceptions\[0\]\.reason/);
  });
});

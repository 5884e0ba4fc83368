import { CNCF_ALLOWED_LICENSES } from '../../src';
import { DefinitionError } from '../../src/model/definition-error';
import { checkLicensePolicy, SPDX_LICENSE_EXCEPTIONS, validateLicense } from '../../src/model/license-policy';
import { definitions, imageOf, pgvectorWith } from '../fixtures';

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

  describe('license expressions', () => {
    const bison = 'GPL-3.0-or-later WITH Bison-exception-2.2';
    const bisonOk = { license: bison, name: 'bison-ok', reason: 'the Bison exception frees the generated parser' };
    const malformed = /: ".*" is not an SPDX license identifier or "<id> WITH <exception>" expression$/s;

    /** The DefinitionError `validateLicense(value, 'licenses[3]')` throws, or undefined. */
    function errorOf(value: unknown): DefinitionError | undefined {
      try {
        validateLicense(value, 'licenses[3]');
        return undefined;
      } catch (e) {
        return e as DefinitionError;
      }
    }

    test('a bare id or "<id> WITH <known exception>" is valid', () => {
      for (const value of ['MIT', '0BSD', 'GPL-2.0+', bison, 'Apache-2.0 WITH LLVM-exception', 'GPL-2.0-only WITH Linux-syscall-note']) {
        expect(errorOf(value)).toBeUndefined();
      }
      expect(SPDX_LICENSE_EXCEPTIONS).toEqual(expect.arrayContaining(['Bison-exception-2.2', 'Classpath-exception-2.0', 'GCC-exception-3.1', 'LLVM-exception']));
    });

    test.each([
      'GPL-2.0 with Bison-exception-2.2', 'GPL-2.0  WITH Bison-exception-2.2', 'GPL-2.0 WITH  Bison-exception-2.2', ' GPL-2.0 WITH Bison-exception-2.2',
      'GPL-2.0 WITH Bison-exception-2.2 ', 'WITH Bison-exception-2.2', 'GPL-2.0 WITH', 'GPL-2.0 WITH ', 'WITH WITH Bison-exception-2.2',
      'GPL-2.0 WITH Bison-exception-2.2 WITH LLVM-exception', 'MIT AND GPL-2.0', 'MIT OR GPL-2.0', '(MIT)', 'GPL-2.0\tWITH\tBison-exception-2.2',
      ' ', 'a b', '', 'MIT;rm -rf /', '$(id)', '`id`', "MIT'", 'MIT"', 'MIT\n', 'MIT|cat', 'MIT&', 'MIT>x', 'MIT*', '-MIT',
    ])('%j is malformed, reported against its field', (value) => {
      const error = errorOf(value);
      expect(error).toBeInstanceOf(DefinitionError);
      expect(error?.field).toBe('licenses[3]');
      expect(error?.message).toMatch(malformed);
      expect(error?.rule).toMatch(/not an SPDX license identifier/);
    });

    test('a non-string is rejected against its field', () => {
      for (const value of [undefined, null, 3, ['MIT'], { license: 'MIT' }]) {
        expect(errorOf(value)?.message).toBe('licenses[3]: must be a string: an SPDX license identifier or "<id> WITH <exception>" expression');
      }
    });

    test('an exception id off the SPDX list is rejected, naming the list', () => {
      for (const [value, exception] of [['GPL-2.0 WITH Bison-exception-2.3', 'Bison-exception-2.3'], ['GPL-2.0 WITH bison-exception-2.2', 'bison-exception-2.2'], ['GPL-2.0 WITH MIT', 'MIT']]) {
        const error = errorOf(value);
        expect(error?.field).toBe('licenses[3]');
        expect(error?.rule).toBe(`"${exception}" in "${value}" is not a known SPDX license exception (${SPDX_LICENSE_EXCEPTIONS.join(', ')})`);
      }
    });

    test('the policy validates every license before judging it', () => {
      expect(() => checkLicensePolicy(['MIT', 'MIT WITH'], [])).toThrow(/^licenses\[1\]: "MIT WITH" is not an SPDX license identifier/);
      expect(() => checkLicensePolicy(['MIT', 'MIT WITH Nope'], [])).toThrow(/^licenses\[1\]: "Nope" in "MIT WITH Nope" is not a known SPDX license exception/);
      expect(() => checkLicensePolicy(['a b'], [gpl])).toThrow(/^licenses\[0\]: "a b" is not an SPDX license identifier/);
    });

    test('"X WITH E" needs no exception when X is allowlisted', () => {
      expect(() => checkLicensePolicy(['0BSD', 'Apache-2.0 WITH LLVM-exception'], [])).not.toThrow();
    });

    test('"X WITH E" with X off the allowlist (orafce\'s GPL part) needs a named exception for X or for the whole expression', () => {
      expect(() => checkLicensePolicy(['0BSD', bison], []))
        .toThrow(/^licenses\[1\]: "GPL-3.0-or-later" \(in "GPL-3.0-or-later WITH Bison-exception-2.2"\) is not on the CNCF allowlist .*licenseExceptions/);
      expect(() => checkLicensePolicy(['0BSD', bison], [bisonOk])).not.toThrow();
      expect(() => checkLicensePolicy(['0BSD', bison], [{ ...bisonOk, license: 'GPL-3.0-or-later' }])).not.toThrow();
    });

    test('an exception for "X WITH E" does not cover X alone or X with another exception', () => {
      expect(() => checkLicensePolicy(['GPL-3.0-or-later', bison], [bisonOk])).toThrow(/^licenses\[0\]: "GPL-3.0-or-later" is not on the CNCF allowlist/);
      expect(() => checkLicensePolicy(['GPL-3.0-or-later WITH Autoconf-exception-3.0', bison], [bisonOk]))
        .toThrow(/^licenses\[0\]: "GPL-3.0-or-later" \(in "GPL-3.0-or-later WITH Autoconf-exception-3.0"\) is not on the CNCF allowlist/);
    });

    test('an exception license must itself be a valid expression', () => {
      expect(() => checkLicensePolicy([bison], [{ ...bisonOk, license: 'GPL-3.0-or-later with Bison-exception-2.2' }]))
        .toThrow(/^licenseExceptions\[0\]\.license: "GPL-3.0-or-later with Bison-exception-2.2" is not an SPDX license identifier/);
      expect(() => checkLicensePolicy([bison], [{ ...bisonOk, license: 'GPL-3.0-or-later WITH Bison' }]))
        .toThrow(/^licenseExceptions\[0\]\.license: "Bison" in "GPL-3.0-or-later WITH Bison" is not a known SPDX license exception/);
    });

    test('an exception is stale unless it names a declared expression or the license before its WITH', () => {
      expect(() => checkLicensePolicy(['GPL-3.0-or-later'], [bisonOk]))
        .toThrow(/^licenseExceptions\[0\]\.license: "GPL-3.0-or-later WITH Bison-exception-2.2" is not among the definition's licenses; remove the stale exception$/);
      expect(() => checkLicensePolicy(['MIT', 'GPL-2.0-or-later WITH Bison-exception-2.2'], [gpl])).not.toThrow();
      expect(() => checkLicensePolicy(['MIT', 'GPL-2.0-only WITH Bison-exception-2.2'], [gpl])).toThrow(/^licenseExceptions\[0\]\.license: .*stale/);
      expect(() => checkLicensePolicy(['Apache-2.0 WITH LLVM-exception'], [{ ...gpl, license: 'Apache-2.0 WITH Classpath-exception-2.0' }]))
        .toThrow(/^licenseExceptions\[0\]\.license: .*stale/);
    });
  });
});

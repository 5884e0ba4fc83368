import { check } from './definition-error';
import { CONTROL_CHARACTERS } from './extension-configuration';

/**
 * SPDX identifiers on the CNCF license allowlist: images with only these
 * licenses need no exception.
 */
export const CNCF_ALLOWED_LICENSES: readonly string[] = [
  '0BSD', 'Apache-2.0', 'BSD-2-Clause', 'BSD-2-Clause-FreeBSD', 'BSD-3-Clause', 'BSD-3-Clause-Clear', 'BSL-1.0', 'CC0-1.0',
  'ISC', 'MIT', 'MIT-0', 'OpenSSL', 'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Unicode-DFS-2015', 'Unicode-DFS-2016', 'Unlicense', 'X11', 'Zlib',
];

/** A license outside the allowlist, accepted on purpose. */
export interface LicenseException {
  /** The SPDX identifier the exception covers. */
  readonly license: string;
  /** A short name for the exception, e.g. a decision record ID. */
  readonly name: string;
  /** Why it is acceptable. */
  readonly reason: string;
}

const LICENSE_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

/**
 * Throws unless every license is on the CNCF allowlist or covered by a named
 * exception, and every exception covers a license actually declared.
 */
export function checkLicensePolicy(licenses: readonly string[], exceptions: readonly LicenseException[]): void {
  check(Array.isArray(exceptions), 'licenseExceptions', 'must be a list of { license, name, reason }');
  exceptions.forEach((e, i) => {
    const field = `licenseExceptions[${i}]`;
    check(typeof e === 'object' && e !== null, field, 'must be { license, name, reason }');
    check(typeof e.license === 'string' && LICENSE_ID.test(e.license), `${field}.license`, `"${e.license}" is not an SPDX license identifier`);
    check(typeof e.name === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(e.name), `${field}.name`, 'must name the exception (letters, digits, ".", "_", "-")');
    check(typeof e.reason === 'string' && e.reason.trim().length > 0 && !CONTROL_CHARACTERS.test(e.reason), `${field}.reason`, 'must say, in one line, why the license is acceptable');
    check(licenses.includes(e.license), `${field}.license`, `"${e.license}" is not among the definition's licenses; remove the stale exception`);
  });
  licenses.forEach((license, i) => {
    check(CNCF_ALLOWED_LICENSES.includes(license) || exceptions.some((e) => e.license === license), `licenses[${i}]`,
      `"${license}" is not on the CNCF allowlist (${CNCF_ALLOWED_LICENSES.join(', ')}); add a named entry to licenseExceptions to accept it`);
  });
}

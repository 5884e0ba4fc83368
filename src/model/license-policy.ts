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

/** SPDX license exception ids a definition may name after WITH: the common ones, so typos fail loudly. */
export const SPDX_LICENSE_EXCEPTIONS: readonly string[] = [
  'Autoconf-exception-2.0', 'Autoconf-exception-3.0', 'Bison-exception-2.2', 'Classpath-exception-2.0', 'Font-exception-2.0',
  'GCC-exception-2.0', 'GCC-exception-3.1', 'GPL-3.0-linking-exception', 'LGPL-3.0-linking-exception', 'Libtool-exception',
  'Linux-syscall-note', 'LLVM-exception', 'openvpn-openssl-exception', 'Qt-GPL-exception-1.0', 'Qt-LGPL-exception-1.1',
  'Universal-FOSS-exception-1.0', 'WxWindows-exception-3.1',
];

/** A license outside the allowlist, accepted on purpose. */
export interface LicenseException {
  /** The SPDX license identifier or "<id> WITH <exception>" expression the exception covers. */
  readonly license: string;
  /** A short name for the exception, e.g. a decision record ID. */
  readonly name: string;
  /** Why it is acceptable. */
  readonly reason: string;
}

/** `<id>` or `<id> WITH <exception-id>`, single spaces only, so values stay safe to interpolate into shell and labels. */
const LICENSE_EXPRESSION = /^([A-Za-z0-9][A-Za-z0-9.+-]*)(?: WITH ([A-Za-z0-9][A-Za-z0-9.+-]*))?$/;

/** SPDX expression operators, which are never license ids themselves. */
const OPERATOR = /^(?:AND|OR|WITH)$/i;

/** Throws unless `value` is an SPDX license id or "<id> WITH <exception>" expression with a known exception. */
export function validateLicense(value: unknown, field: string): asserts value is string {
  check(typeof value === 'string', field, 'must be a string: an SPDX license identifier or "<id> WITH <exception>" expression');
  const match = LICENSE_EXPRESSION.exec(value);
  check(match !== null && !OPERATOR.test(match[1]), field, `"${value}" is not an SPDX license identifier or "<id> WITH <exception>" expression`);
  const exception = match[2];
  check(exception === undefined || SPDX_LICENSE_EXCEPTIONS.includes(exception), field,
    `"${exception}" in "${value}" is not a known SPDX license exception (${SPDX_LICENSE_EXCEPTIONS.join(', ')})`);
}

/** The license an expression grants before its WITH exception, which only adds permissions. */
function baseLicense(expression: string): string {
  return expression.split(' WITH ', 1)[0];
}

/** Whether `exception` accepts `license`: it names the whole expression or the license before WITH. */
function covers(exception: LicenseException, license: string): boolean {
  return exception.license === license || exception.license === baseLicense(license);
}

/** The exception that accepts `license`, if any. */
export function exceptionFor(license: string, exceptions: readonly LicenseException[]): LicenseException | undefined {
  return exceptions.find((e) => covers(e, license));
}

/** Throws unless every license is valid and allowlisted (before WITH) or named by an exception, and no exception is stale. */
export function checkLicensePolicy(licenses: readonly string[], exceptions: readonly LicenseException[]): void {
  check(Array.isArray(licenses), 'licenses', 'must be a list of SPDX license expressions');
  licenses.forEach((license, i) => validateLicense(license, `licenses[${i}]`));
  check(Array.isArray(exceptions), 'licenseExceptions', 'must be a list of { license, name, reason }');
  exceptions.forEach((e, i) => {
    const field = `licenseExceptions[${i}]`;
    check(typeof e === 'object' && e !== null, field, 'must be { license, name, reason }');
    validateLicense(e.license, `${field}.license`);
    check(typeof e.name === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(e.name), `${field}.name`, 'must name the exception (letters, digits, ".", "_", "-")');
    check(typeof e.reason === 'string' && e.reason.trim().length > 0 && !CONTROL_CHARACTERS.test(e.reason), `${field}.reason`, 'must say, in one line, why the license is acceptable');
    check(licenses.some((license) => covers(e, license)), `${field}.license`, `"${e.license}" is not among the definition's licenses; remove the stale exception`);
  });
  licenses.forEach((license, i) => {
    const base = baseLicense(license);
    check(CNCF_ALLOWED_LICENSES.includes(base) || exceptions.some((e) => covers(e, license)), `licenses[${i}]`,
      `"${base}"${base === license ? '' : ` (in "${license}")`} is not on the CNCF allowlist (${CNCF_ALLOWED_LICENSES.join(', ')}); add a named entry to licenseExceptions to accept it`);
  });
}

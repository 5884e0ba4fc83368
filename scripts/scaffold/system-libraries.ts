/**
 * Which shared libraries an extension needs beyond those of CloudNativePG's
 * minimal operand image: Debian with postgresql-<major> and its dependencies.
 */

/**
 * Sonames the minimal operand image has: the C runtime, and the libraries
 * the PostgreSQL server and libpq link (SSL, compression, ICU, XML, Kerberos,
 * LDAP, PAM, SELinux, systemd, NUMA, io_uring).
 */
const OPERAND_LIBRARIES: readonly RegExp[] = [
  /^ld-linux[-\w.]*\.so\.\d+$/, /^lib(c|m|dl|pthread|rt|resolv|util|anl)\.so\.\d+$/, /^libgcc_s\.so\.1$/, /^libstdc\+\+\.so\.6$/,
  /^libpq\.so\.5$/, /^lib(ssl|crypto)\.so\.3$/, /^libz\.so\.1$/, /^libzstd\.so\.1$/, /^liblz4\.so\.1$/, /^liblzma\.so\.5$/,
  /^libicu(uc|i18n|data)\.so\.\d+$/, /^libxml2\.so\.\d+$/,
  /^lib(gssapi_krb5|krb5|k5crypto|krb5support)\.so\.\d+$/, /^libcom_err\.so\.2$/, /^libkeyutils\.so\.1$/,
  /^lib(ldap|lber)(-[\d.]+)?\.so\.\d+$/, /^libsasl2\.so\.2$/, /^libpam\.so\.0$/, /^libselinux\.so\.1$/, /^libpcre2-8\.so\.0$/,
  /^libsystemd\.so\.0$/, /^libcap\.so\.2$/, /^libuuid\.so\.1$/, /^libnuma\.so\.1$/, /^liburing\.so\.2$/, /^libcrypt\.so\.1$/,
];

/** The sonames of `needed` the minimal operand image lacks, sorted and unique. */
export function librariesOutsideOperand(needed: readonly string[]): string[] {
  return [...new Set(needed.filter((soname) => !OPERAND_LIBRARIES.some((known) => known.test(soname))))].sort();
}

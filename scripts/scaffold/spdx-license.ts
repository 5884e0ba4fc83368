/**
 * SPDX identifiers for the short license names of machine-readable
 * debian/copyright files (DEP-5), e.g. "BSD-3-clause" -> "BSD-3-Clause",
 * "GPL-2+" -> "GPL-2.0-or-later", "Expat" -> "MIT".
 */
import { CNCF_ALLOWED_LICENSES } from '../../src';

/** Debian short names whose SPDX identifier is spelled differently, by lower-cased name. */
const DEBIAN_NAMES: Readonly<Record<string, string>> = {
  'apache-2': 'Apache-2.0',
  // Debian's /usr/share/common-licenses/Artistic is the Perl Artistic License 1.0.
  'artistic': 'Artistic-1.0-Perl',
  'artistic-2.0': 'Artistic-2.0',
  'bsd-4-clause': 'BSD-4-Clause',
  'cc0': 'CC0-1.0',
  'expat': 'MIT',
  'mpl-1.1': 'MPL-1.1',
  'mpl-2.0': 'MPL-2.0',
  'psf-2': 'PSF-2.0',
};

/** The GNU licenses: "+" means "or any later version", as "-or-later" does in SPDX. */
const GNU_LICENSE = /^(AGPL|LGPL|GPL|GFDL)-(\d+)(?:\.(\d+))?(\+)?$/i;

/** The SPDX identifier of a Debian short license name, or undefined when it is not a known one. */
export function spdxOfDebianName(name: string): string | undefined {
  const lower = name.toLowerCase();
  const allowed = CNCF_ALLOWED_LICENSES.find((id) => id.toLowerCase() === lower);
  if (allowed) return allowed;
  if (DEBIAN_NAMES[lower]) return DEBIAN_NAMES[lower];
  const gnu = GNU_LICENSE.exec(name);
  if (gnu) return `${gnu[1].toUpperCase()}-${gnu[2]}.${gnu[3] ?? '0'}-${gnu[4] ? 'or-later' : 'only'}`;
  return undefined;
}

/** An SPDX user-defined license reference for a name that is no SPDX identifier, e.g. "LicenseRef-public-domain". */
export function licenseRefOf(name: string): string {
  return `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown'}`;
}

import { ExtensionImageProps } from '../src';

/** asn1oid: scaffolded by new-extension from postgresql-18-asn1oid 1.6-3. */
export const asn1oid: ExtensionImageProps = {
  name: 'asn1oid',
  description: 'ASN.1 OID data type for PostgreSQL',
  homepage: 'https://github.com/df7cb/pgsql-asn1oid',
  packages: ['postgresql-{major}-asn1oid'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  // debian/copyright (not machine-readable) grants the GNU GPL version 3 or, at your option, any later version.
  licenses: ['GPL-3.0-or-later'],
  licenseExceptions: [
    {
      license: 'GPL-3.0-or-later',
      name: 'asn1oid-gpl-3.0-or-later',
      reason: "asn1oid is GPL-3.0-or-later; the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ['asn1oid.so'],
    extension: ['asn1oid.control', 'asn1oid--*.sql'],
  },
  sqlVersionPattern: '^(\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // OIDs order by their arcs, which the type implements in C.
  smokeTest: {
    sql: "SELECT '1.3.6.1.4.1'::asn1oid < '1.3.6.1.4.1.2'::asn1oid",
    expected: 't',
  },
};

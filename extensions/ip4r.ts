import { ExtensionImageProps } from '../src';

/** ip4r: IPv4/IPv6 address and range types with index support. */
export const ip4r: ExtensionImageProps = {
  name: 'ip4r',
  description: 'IPv4 and IPv6 address and range types for PostgreSQL, indexable with GiST',
  homepage: 'https://github.com/RhodiumToad/ip4r',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-ip4r'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['ip4r.so'],
    extension: ['ip4r.control', 'ip4r--*.sql'],
  },
  // The control file's default_version has only major.minor: 2.4 for 2.4.3.
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  smokeTest: {
    sql: "SELECT lower('10.1.2.0/24'::ip4r) || '-' || upper('10.1.2.0/24'::ip4r) || ' ' || ('10.0.0.0/8'::ip4r >>= '10.1.2.3'::ip4)",
    expected: '10.1.2.0-10.1.2.255 true',
  },
};

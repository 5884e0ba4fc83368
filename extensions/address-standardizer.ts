import { ExtensionImageProps } from '../src';

/** address-standardizer: scaffolded by new-extension from postgresql-18-address-standardizer 3.7.0-1. */
export const addressStandardizer: ExtensionImageProps = {
  name: 'address-standardizer',
  sqlName: 'address_standardizer',
  description: 'Postgres extension to parse a US street address string',
  homepage: 'https://github.com/postgis/address_standardizer',
  packages: ['postgresql-{major}-address-standardizer'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['address_standardizer.so'],
    extension: [
      'address_standardizer.control',
      'address_standardizer--*.sql',
      'address_standardizer_data_us.control',
      'address_standardizer_data_us--*.sql',
    ],
  },
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // Parses a US address into its parts; the state is the last field it recognizes.
  smokeTest: {
    sql: "SELECT (parse_address('1 Devonshire Place PH 301, Boston, MA 02109')).state",
    expected: 'MA',
  },
};

import { ExtensionImageProps } from '../src';

/** pgvector: vector similarity search. */
export const pgvector: ExtensionImageProps = {
  name: 'pgvector',
  sqlName: 'vector',
  description: 'Open-source vector similarity search for PostgreSQL',
  homepage: 'https://github.com/pgvector/pgvector',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-pgvector'],
  licenses: ['PostgreSQL'],
  files: {
    lib: ['vector.so'],
    extension: ['vector.control', 'vector--*.sql'],
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  smokeTest: { sql: "SELECT '[1,2,3]'::vector <-> '[4,5,6]'::vector", expected: '5.196152422706632' },
};

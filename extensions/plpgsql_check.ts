import { ExtensionImageProps } from '../src';

/** plpgsql_check: linter, profiler and tracer for PL/pgSQL. */
export const plpgsqlCheck: ExtensionImageProps = {
  name: 'plpgsql_check',
  description: 'Static analysis, profiler and tracer for PL/pgSQL functions',
  homepage: 'https://github.com/okbob/plpgsql_check',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-plpgsql-check'],
  licenses: ['MIT'],
  files: {
    lib: ['plpgsql_check.so'],
    extension: ['plpgsql_check.control', 'plpgsql_check--*.sql'],
  },
  // The control file's default_version has only major.minor: 2.10 for 2.10.15.
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // A fresh database has no PL/pgSQL function to check; switching the profiler on goes through
  // the module's PL/pgSQL plugin hooks.
  smokeTest: { sql: 'SELECT plpgsql_check_profiler(true)', expected: 't' },
};

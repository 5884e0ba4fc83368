import { ExtensionImageProps } from '../src';

/** plprofiler: scaffolded by new-extension from postgresql-18-plprofiler 4.2.5-4. */
export const plprofiler: ExtensionImageProps = {
  name: 'plprofiler',
  description: 'PostgreSQL PL/pgSQL functions performance profiler',
  homepage: 'https://github.com/bigsql/plprofiler',
  packages: ['postgresql-{major}-plprofiler'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  // debian/copyright names the Artistic license for the server extension (the image ships none of the CDDL-licensed Python front end's FlameGraph files).
  licenses: ['Artistic-1.0-Perl'],
  licenseExceptions: [
    {
      license: 'Artistic-1.0-Perl',
      name: 'plprofiler-artistic-1.0-perl',
      reason: "plprofiler is under the Artistic license; the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ['plprofiler.so'],
    extension: ['plprofiler.control', 'plprofiler--*.sql'],
  },
  sharedPreloadLibraries: ['plprofiler'],
  sqlVersionPattern: '^(\\d+\\.\\d+)',
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The profiler library answers; it is off until enabled.
  smokeTest: {
    sql: 'SELECT pl_profiler_get_enabled_local()',
    expected: 'f',
  },
};

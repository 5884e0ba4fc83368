import { ExtensionImageProps } from '../src';

/** pldebugger: scaffolded by new-extension from postgresql-18-pldebugger 1:1.10-1. */
export const pldebugger: ExtensionImageProps = {
  name: "pldebugger",
  sqlName: "pldbgapi",
  description: "PostgreSQL pl/pgsql Debugger API",
  homepage: "https://git.postgresql.org/gitweb/",
  packages: ["postgresql-{major}-pldebugger"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  // debian/copyright names the Artistic license, Debian's /usr/share/common-licenses/Artistic: the Perl Artistic License 1.0.
  licenses: ["Artistic-1.0-Perl"],
  licenseExceptions: [
    {
      license: "Artistic-1.0-Perl",
      name: "pldebugger-artistic-1.0-perl",
      reason: "pldebugger is under the Artistic license; the image ships Debian's build unmodified, as a separate program PostgreSQL loads at run time, with the package's copyright file in /licenses; the source is Debian's source package",
    },
  ],
  files: {
    lib: ["plugin_debugger.so"],
    extension: ["pldbgapi.control", "pldbgapi--*.sql"],
  },
  sharedPreloadLibraries: ["plugin_debugger"],
  stripLibdirPrefix: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // The debugger API answers from the server.
  smokeTest: {
    sql: "SELECT (pldbg_get_proxy_info()).serverversionstr LIKE 'PostgreSQL 18%'",
    expected: "t",
  },
};

import { ExtensionImageProps } from '../src';

/** plsh: scaffolded by new-extension from postgresql-18-plsh 1.20220917-4. */
export const plsh: ExtensionImageProps = {
  name: "plsh",
  description: "PL/sh procedural language for PostgreSQL",
  homepage: "https://github.com/petere/plsh",
  packages: ["postgresql-{major}-plsh"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["plsh.so"],
    extension: ["plsh.control", "plsh--*.sql"],
  },
  stripLibdirPrefix: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // A shell function, created and called.
  smokeTest: {
    sql: "CREATE FUNCTION plsh_smoke(text) RETURNS text LANGUAGE plsh AS $$#!/bin/sh\necho \"hello $1\"$$; SELECT plsh_smoke('world')",
    expected: "hello world",
  },
};

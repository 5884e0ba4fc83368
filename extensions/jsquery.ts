import { ExtensionImageProps } from '../src';

/** jsquery: scaffolded by new-extension from postgresql-18-jsquery 1.2-3. */
export const jsquery: ExtensionImageProps = {
  name: "jsquery",
  description: "PostgreSQL JSON query language with GIN indexing support",
  homepage: "https://github.com/postgrespro/jsquery",
  packages: ["postgresql-{major}-jsquery"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["PostgreSQL"],
  files: {
    lib: ["jsquery.so"],
    extension: ["jsquery.control", "jsquery--*.sql"],
  },
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // A jsquery predicate over a JSON array.
  smokeTest: {
    sql: "SELECT '{\"a\": [1, 2, 3]}'::jsonb @@ 'a.#: > 2'::jsquery",
    expected: "t",
  },
};

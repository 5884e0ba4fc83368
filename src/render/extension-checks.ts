import { quoteIdentifier, quoteLiteral } from './sql';
import { ComponentBuild, ImageBuild } from '../model/extension-image';

/** One query and the value `psql -At` must print for it. */
export interface SqlCheck {
  /** What the check proves. */
  readonly description: string;
  /** One SQL statement returning one value. */
  readonly sql: string;
  /** The expected output. */
  readonly expected: string;
}

/** The components created in a database, in order: required images first, then each image's components. */
function created(builds: readonly ImageBuild[]): ComponentBuild[] {
  return builds.flatMap((b) => b.components).filter((c) => c.component.createExtension);
}

/** `CREATE EXTENSION` statements, in order (required extensions first), pinned to the expected version. */
export function createExtensionStatements(builds: readonly ImageBuild[]): string[] {
  return created(builds).map((c) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdentifier(c.component.sqlName)} VERSION ${quoteLiteral(c.sqlVersion)}`);
}

/**
 * What proves the images work once mounted and their extensions created:
 * each created extension is at its SQL version, then the smoke tests of the
 * last image's components. The same checks run in the e2e and in the
 * Chainsaw suites.
 */
export function extensionChecks(builds: readonly ImageBuild[]): SqlCheck[] {
  const versions = created(builds).map(({ component, sqlVersion }) => ({
    description: `${component.sqlName} is installed at version ${sqlVersion}`,
    sql: `SELECT extversion FROM pg_extension WHERE extname = ${quoteLiteral(component.sqlName)}`,
    expected: sqlVersion,
  }));
  const subject = builds[builds.length - 1]?.components ?? [];
  const smoke = subject.flatMap(({ component }) => (component.smokeTest
    ? [{ description: `${component.name} smoke test`, sql: component.smokeTest.sql, expected: component.smokeTest.expected }]
    : []));
  return [...versions, ...smoke];
}

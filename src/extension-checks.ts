import { ExtensionImage } from './extension-image';
import { quoteIdentifier, quoteLiteral } from './sql';

/** One query and the value `psql -At` must print for it. */
export interface SqlCheck {
  /** What the check proves. */
  readonly description: string;
  /** One SQL statement returning one value. */
  readonly sql: string;
  /** The expected output. */
  readonly expected: string;
}

/** An extension image and the SQL version expected of it in one environment. */
export interface ExpectedExtension {
  /** The extension image. */
  readonly image: ExtensionImage;
  /** The version CREATE EXTENSION must install. */
  readonly sqlVersion: string;
}

/** The images that are created in a database, required ones first. */
function created(extensions: readonly ExpectedExtension[]): ExpectedExtension[] {
  return extensions.filter((e) => e.image.createExtension);
}

/** `CREATE EXTENSION` statements, in order (required extensions first), pinned to the expected version. */
export function createExtensionStatements(extensions: readonly ExpectedExtension[]): string[] {
  return created(extensions).map((e) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdentifier(e.image.sqlName)} VERSION ${quoteLiteral(e.sqlVersion)}`);
}

/**
 * What proves the extensions work once mounted and created: each created
 * extension is at its SQL version, then the last extension's smoke test.
 * The same checks run in the e2e and in the Chainsaw suites.
 */
export function extensionChecks(extensions: readonly ExpectedExtension[]): SqlCheck[] {
  const versions = created(extensions).map((e) => ({
    description: `${e.image.sqlName} is installed at version ${e.sqlVersion}`,
    sql: `SELECT extversion FROM pg_extension WHERE extname = ${quoteLiteral(e.image.sqlName)}`,
    expected: e.sqlVersion,
  }));
  const last = extensions[extensions.length - 1]?.image;
  const smoke = last?.smokeTest ? [{ description: `${last.name} smoke test`, sql: last.smokeTest.sql, expected: last.smokeTest.expected }] : [];
  return [...versions, ...smoke];
}

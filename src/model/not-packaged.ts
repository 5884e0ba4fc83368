/**
 * The PostgreSQL packages a repository deliberately does not turn into
 * images, each with the reason: kept next to the definitions, so that every
 * package of the distro is either defined or explained.
 */
import { DefinitionError, check } from './definition-error';
import { DEBIAN_PACKAGE_NAME } from './extension-component';
import { CONTROL_CHARACTERS } from './extension-configuration';
import { compareCodePoints } from './ordering';

/** The file, next to the definitions, that lists the packages left out. */
export const NOT_PACKAGED_FILE = 'not-packaged.json';

/** Why a package cannot be an image volume extension. */
export enum NotPackagedKind {
  /** A daemon or program that runs outside PostgreSQL; its server-side part is useless without it. */
  EXTERNAL_PROGRAM = 'external-program',
  /** A command-line tool, not something the server loads. */
  CLIENT_TOOL = 'client-tool',
  /** Debug symbols or the JIT provider, which belong in the operand image. */
  DEBUG_OR_JIT = 'debug-or-jit',
  /** Needs files, a runtime or writable state outside its read-only mount. */
  OUTSIDE_THE_MOUNT = 'outside-the-mount',
  /** Its license is outside the policy, and no exception is taken. */
  LICENSE = 'license',
  /** Tried, and it does not work as an image volume extension: the reason says what failed. */
  DOES_NOT_WORK = 'does-not-work',
  /** Could be an image, but is not one yet: the reason says what is missing. */
  PENDING = 'pending',
}

const KINDS = Object.values(NotPackagedKind) as string[];

/** One package left out. */
export interface NotPackaged {
  /** The Debian package name, e.g. "postgresql-18-repmgr". */
  readonly package: string;
  /** The kind of reason. */
  readonly kind: NotPackagedKind;
  /** Why, in one line a reader can check. */
  readonly reason: string;
}

/** The list of packages left out, validated: unique names, a known kind and a one-line reason each. */
export class NotPackagedList {
  /** Parses the JSON text of `file` (named in errors); throws DefinitionError naming the entry, the field and the rule. */
  public static parse(text: string, file: string): NotPackagedList {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new DefinitionError('(file)', `is not JSON: ${(error as Error).message}`, file);
    }
    try {
      return new NotPackagedList(entriesOf(data));
    } catch (error) {
      throw error instanceof DefinitionError && !error.file ? error.inFile(file) : error;
    }
  }

  /** The entries, sorted by package name. */
  public readonly entries: readonly NotPackaged[];

  public constructor(entries: readonly NotPackaged[]) {
    this.entries = [...entries].sort((a, b) => compareCodePoints(a.package, b.package));
  }

  /** The entry of `packageName`, if it is listed. */
  public entry(packageName: string): NotPackaged | undefined {
    return this.entries.find((e) => e.package === packageName);
  }
}

function entriesOf(data: unknown): NotPackaged[] {
  check(typeof data === 'object' && data !== null && !Array.isArray(data), '(file)', 'must be an object with "packages"');
  const { packages, ...rest } = data as Record<string, unknown>;
  const extra = Object.keys(rest).filter((key) => key !== 'comment');
  check(extra.length === 0, extra[0], 'is not a field of the list (comment, packages)');
  check(Array.isArray(packages), 'packages', 'must be an array of { package, kind, reason }');
  const seen = new Set<string>();
  return packages.map((entry: unknown, index) => {
    const at = `packages[${index}]`;
    check(typeof entry === 'object' && entry !== null && !Array.isArray(entry), at, 'must be an object { package, kind, reason }');
    const { package: name, kind, reason, ...others } = entry as Record<string, unknown>;
    const unknown = Object.keys(others);
    check(unknown.length === 0, `${at}.${unknown[0]}`, 'is not a field of an entry (package, kind, reason)');
    check(typeof name === 'string' && DEBIAN_PACKAGE_NAME.test(name), `${at}.package`,
      `must be a Debian package name (lowercase letters, digits, "+", "-", "."), got ${JSON.stringify(name)}`);
    check(!seen.has(name), `${at}.package`, `"${name}" is listed twice`);
    seen.add(name);
    check(typeof kind === 'string' && KINDS.includes(kind), `${at}.kind`, `must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    check(typeof reason === 'string' && reason.trim().length > 0 && !CONTROL_CHARACTERS.test(reason), `${at}.reason`,
      'must be one non-empty line of text');
    return { package: name, kind: kind as NotPackagedKind, reason };
  });
}

/**
 * PostgreSQL extension control files (`<name>.control`): `parameter = value`
 * lines in the syntax of postgresql.conf.
 */

/** What a control file says that a definition needs. */
export interface ExtensionControl {
  /** `default_version`: the version `CREATE EXTENSION` installs. */
  readonly defaultVersion?: string;
  /** `module_pathname`, e.g. "$libdir/hypopg". */
  readonly modulePathname?: string;
  /** `requires`: the SQL names of the extensions it needs. */
  readonly requires: string[];
}

const PARAMETER = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=?\s*/;

/** The parameters of a control file; later settings win, as in PostgreSQL. */
function parseControlParameters(text: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const line of text.split('\n')) {
    const name = PARAMETER.exec(line);
    if (!name) continue;
    const value = valueAt(line.slice(name[0].length));
    if (value !== undefined) parameters.set(name[1].toLowerCase(), value);
  }
  return parameters;
}

/** The fields of a control file a definition needs. */
export function parseExtensionControl(text: string): ExtensionControl {
  const parameters = parseControlParameters(text);
  return {
    defaultVersion: parameters.get('default_version'),
    modulePathname: parameters.get('module_pathname'),
    requires: (parameters.get('requires') ?? '').split(',').map((r) => r.trim()).filter((r) => r.length > 0),
  };
}

/**
 * A quoted value or a bare word; undefined when the line holds neither. In a
 * quoted value '' is a quote and a backslash takes the next character as is
 * (PostgreSQL also reads \n, \t and octal escapes there, which control files do not use).
 */
function valueAt(rest: string): string | undefined {
  if (!rest.startsWith("'")) return /^[^\s#']+/.exec(rest)?.[0];
  let value = '';
  for (let i = 1; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\' && i + 1 < rest.length) {
      value += rest[++i];
    } else if (c === "'" && rest[i + 1] === "'") {
      value += "'";
      i++;
    } else if (c === "'") {
      return value;
    } else {
      value += c;
    }
  }
  return undefined;
}

/**
 * The TypeScript source of a definition file, in the layout and lint style of
 * extensions/*.ts. Strings are escaped from JSON.stringify's output, so no value
 * can leave its literal.
 */
import { ExtensionImageProps } from '../../src';

const MAX_LINE_LENGTH = 120;
const INDENT = '  ';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Words an exported const cannot be named (ECMAScript reserved words, in strict mode). */
const RESERVED_WORDS = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null',
  'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var',
  'void', 'while', 'with', 'yield',
]);

/**
 * A string literal in the lint style: single quotes, or double quotes when that
 * spares escaping a single quote (the @stylistic/quotes rule with avoidEscape).
 */
export function stringLiteral(value: string): string {
  const json = JSON.stringify(value);
  if (value.includes("'") && !value.includes('"')) return json;
  // JSON's escapes are JavaScript's; only the quote changes: \" needs no escape between single quotes, ' does.
  const body = json.slice(1, -1).replace(/\\(.)/g, (escape, c: string) => (c === '"' ? '"' : escape)).replace(/'/g, "\\'");
  return `'${body}'`;
}

/** Whether a property name must be quoted: it is neither an identifier nor a number written as JavaScript writes it. */
function needsQuotes(key: string): boolean {
  return !IDENTIFIER.test(key) && !(/^\d+(\.\d+)?$/.test(key) && String(Number(key)) === key);
}

/** The source of `extensions/<name>.ts` exporting `props`, under a doc comment of one line. */
export function renderDefinitionSource(props: ExtensionImageProps, comment: string): string {
  return [
    "import { ExtensionImageProps } from '../src';",
    '',
    `/** ${comment.replace(/\s+/g, ' ').replace(/\*\//g, '* /')} */`,
    `export const ${exportNameOf(props.name)}: ExtensionImageProps = ${renderValue(props, '', 0)};`,
    '',
  ].join('\n');
}

/** The name of the const a definition file exports: the extension name in camel case ("pg_cron" -> "pgCron"). */
export function exportNameOf(extensionName: string): string {
  const camel = extensionName.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return IDENTIFIER.test(camel) && !RESERVED_WORDS.has(camel) ? camel : `_${camel}`;
}

/**
 * A value as TypeScript: lists and objects of plain values on one line when
 * that line fits (`column` is where the value starts), others one entry a line.
 * Undefined properties are left out.
 */
function renderValue(value: unknown, indent: string, column: number): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) throw new Error(`cannot write ${String(value)} into a definition`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const defined = Object.entries(value).filter(([, v]) => v !== undefined);
  // The names of one object are all quoted or none: quoted when one of them has to be (@stylistic/quote-props, consistent-as-needed).
  const quoted = defined.some(([key]) => needsQuotes(key));
  const entries = Array.isArray(value)
    ? value.map((item): [string, unknown] => ['', item])
    : defined.map(([key, v]): [string, unknown] => [`${quoted ? stringLiteral(key) : key}: `, v]);
  if (entries.length === 0) return `${open}${close}`;
  const flat = entries.every(([, v]) => typeof v !== 'object');
  const pad = Array.isArray(value) ? '' : ' ';
  const inline = `${open}${pad}${entries.map(([prefix, v]) => `${prefix}${renderValue(v, '', 0)}`).join(', ')}${pad}${close}`;
  if (flat && column + inline.length + 1 <= MAX_LINE_LENGTH) return inline;
  const inner = indent + INDENT;
  const lines = entries.map(([prefix, v]) => `${inner}${prefix}${renderValue(v, inner, inner.length + prefix.length)},`);
  return `${open}\n${lines.join('\n')}\n${indent}${close}`;
}

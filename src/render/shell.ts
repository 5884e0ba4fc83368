/**
 * A tiny typed model of POSIX shell commands, so that values reach a shell
 * only through quoting and validated patterns.
 */

/** One word of a shell command. */
export type ShellWord =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'glob'; readonly pattern: string; readonly parameters: Readonly<Record<string, string>> }
  | { readonly kind: 'concat'; readonly parts: readonly ShellWord[] };

/** One line of a script: a command as words, or a trusted fragment written by this library. */
export type ShellLine = { readonly kind: 'command'; readonly words: readonly ShellWord[] } | { readonly kind: 'trusted'; readonly code: string };

const SAFE_UNQUOTED = /^[A-Za-z0-9._/:=@+,%-]+$/;
const PARAMETER_NAME = /^[A-Z_][A-Z0-9_]*$/;
const GLOB_TEXT = /^[A-Za-z0-9._/@+,%=*?-]*$/;

/** A literal word, quoted as needed. */
export function literal(text: string): ShellWord {
  return { kind: 'literal', text };
}

/** A parameter expansion, always double-quoted. */
export function parameter(name: string): ShellWord {
  if (!PARAMETER_NAME.test(name)) throw new Error(`invalid shell parameter name "${name}"`);
  return { kind: 'parameter', name };
}

/** Words joined with no space between, e.g. a path made of a literal and a parameter. */
export function concat(...parts: ShellWord[]): ShellWord {
  return { kind: 'concat', parts };
}

/**
 * A path glob whose `*` and `?` stay active; `{key}` placeholders become the
 * parameters in `parameters` (e.g. `{major}` -> `${PG_MAJOR}`).
 */
export function glob(pattern: string, parameters: Record<string, string> = {}): ShellWord {
  return { kind: 'glob', pattern, parameters };
}

/** A command line. */
export function command(...words: ShellWord[]): ShellLine {
  return { kind: 'command', words };
}

/** Shell code written by this library itself, never containing user input. */
export function trusted(code: string): ShellLine {
  return { kind: 'trusted', code };
}

/** `text` as one shell word: bare when safe, otherwise single-quoted. */
export function quote(text: string): string {
  if (SAFE_UNQUOTED.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Renders a word. */
export function renderWord(word: ShellWord): string {
  switch (word.kind) {
    case 'literal':
      return quote(word.text);
    case 'parameter':
      return `"\${${word.name}}"`;
    case 'concat':
      return word.parts.map(renderWord).join('');
    case 'glob':
      return renderGlob(word.pattern, word.parameters);
  }
}

function renderGlob(pattern: string, parameters: Readonly<Record<string, string>>): string {
  return pattern.split(/(\{[a-z_]+\})/).map((piece) => {
    const placeholder = /^\{([a-z_]+)\}$/.exec(piece);
    if (placeholder) {
      const name = parameters[placeholder[1]];
      if (name === undefined) throw new Error(`unknown placeholder ${piece} in glob "${pattern}"`);
      return renderWord(parameter(name));
    }
    if (!GLOB_TEXT.test(piece)) throw new Error(`unsafe characters in glob "${pattern}"`);
    return piece;
  }).join('');
}

/** Renders a line. */
export function renderLine(line: ShellLine): string {
  return line.kind === 'trusted' ? line.code : line.words.map(renderWord).join(' ');
}

/**
 * A tiny typed model of POSIX shell commands, so that values reach a shell
 * only through quoting and validated patterns. Everything a generated
 * Dockerfile runs is a command of these words; the shell code they call is
 * cnpg-build.sh (build-script.ts), which takes them as arguments.
 */

/** One word of a shell command. */
export type ShellWord =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'glob'; readonly pattern: string; readonly parameters: Readonly<Record<string, string>> }
  | { readonly kind: 'concat'; readonly parts: readonly ShellWord[] };

/**
 * One command: its words, then optionally a list (packages, files) that is
 * written one item a line when the command is too long for one line.
 */
export interface ShellCommand {
  readonly words: readonly ShellWord[];
  readonly items: readonly ShellWord[];
}

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

/** A command of words. */
export function command(...words: ShellWord[]): ShellCommand {
  return { words, items: [] };
}

/** A command of words followed by a list, e.g. `apt-get install` and its packages. */
export function listCommand(words: readonly ShellWord[], items: readonly ShellWord[]): ShellCommand {
  return { words, items };
}

/** `text` as one shell word: bare when safe, otherwise single-quoted. */
export function quote(text: string): string {
  if (SAFE_UNQUOTED.test(text)) return text;
  return `'${text.replace(/'/g, '\'\\\'\'')}'`;
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

/** How {@link renderCommandLines} lays a command out. */
export interface CommandLayout {
  /** What the first line starts with, e.g. `RUN `. */
  readonly firstIndent: string;
  /** What every continuation line starts with. */
  readonly continuationIndent: string;
  /** The longest line allowed. */
  readonly width: number;
  /** Room to leave at the end of the last line, for what follows the command (e.g. ` && \`). */
  readonly suffixWidth: number;
}

/** Room a continued line leaves for ` \`. */
const CONTINUATION_SUFFIX = 2;

/**
 * A command as lines without their line-continuation backslashes: one line
 * when it fits; otherwise its words packed onto lines as they fit, then each
 * item of its list on a line of its own. A single word longer than a line
 * stays whole.
 */
export function renderCommandLines(cmd: ShellCommand, layout: CommandLayout): string[] {
  const words = cmd.words.map(renderWord);
  const items = cmd.items.map(renderWord);
  const oneLine = `${layout.firstIndent}${[...words, ...items].join(' ')}`;
  if (oneLine.length + layout.suffixWidth <= layout.width) return [oneLine];
  const room = layout.width - Math.max(CONTINUATION_SUFFIX, layout.suffixWidth);
  const lines: string[] = [];
  let line = `${layout.firstIndent}${words[0]}`;
  for (const word of words.slice(1)) {
    if (line.length + 1 + word.length > room) {
      lines.push(line);
      line = `${layout.continuationIndent}${word}`;
    } else {
      line = `${line} ${word}`;
    }
  }
  lines.push(line);
  return [...lines, ...items.map((item) => `${layout.continuationIndent}${item}`)];
}

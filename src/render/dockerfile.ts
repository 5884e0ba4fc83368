import { ShellCommand, renderCommandLines } from './shell';

/** The longest line a generated Dockerfile or script may have; only a digest-pinned `ARG BASE=...` is longer. */
export const MAX_LINE_LENGTH = 120;

/** Where comments wrap: shorter than code lines, for reading. */
const COMMENT_WIDTH = 100;

/** One Dockerfile instruction, as a typed model. Every build step says what it does and why in `comment`. */
export type DockerfileInstruction =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'arg'; readonly name: string; readonly defaultValue?: string }
  | { readonly kind: 'from'; readonly image: string; readonly stage?: string; readonly comment: string }
  | { readonly kind: 'user'; readonly user: string; readonly comment?: string }
  | { readonly kind: 'env'; readonly name: string; readonly value: string }
  | { readonly kind: 'run'; readonly commands: readonly ShellCommand[]; readonly comment: string }
  | {
    readonly kind: 'copy';
    readonly from?: string;
    readonly chmod?: string;
    readonly source: string;
    readonly destination: string;
    readonly comment: string;
  };

const ARG_NAME = /^[A-Z_][A-Z0-9_]*$/;
const BARE_VALUE = /^[A-Za-z0-9._:/@+~${}-]+$/;
const STAGE = /^[a-z][a-z0-9_-]*$/;
const MODE = /^0?[0-7]{3}$/;
const ONE_LINE = /^[^\n\r]*$/;

/** Indentation of a RUN's second and later commands, and of a long command's continuation lines. */
const COMMAND_INDENT = '    ';
const CONTINUATION_INDENT = '        ';

/**
 * Renders a list of instructions to Dockerfile text, checking every value it
 * writes bare. A commented instruction starts a paragraph: a blank line, its
 * comment, then the instruction. A RUN has one command a line, joined by `&&`.
 */
export function renderDockerfile(instructions: readonly DockerfileInstruction[]): string {
  return instructions.map((instruction, i) => {
    const comment = instruction.kind !== 'comment' && 'comment' in instruction ? instruction.comment : undefined;
    const text = renderInstruction(instruction);
    return comment === undefined ? text : `${i === 0 ? '' : '\n'}${commentLines(comment).join('\n')}\n${text}`;
  }).join('\n') + '\n';
}

/**
 * `text` as `# ` comment lines of at most COMMENT_WIDTH characters, broken
 * between words (a single longer word stays whole). Used by the Dockerfiles and cnpg-build.sh.
 */
export function commentLines(text: string): string[] {
  if (!ONE_LINE.test(text)) throw new Error('a comment must be one line of text; it is wrapped when rendered');
  const width = COMMENT_WIDTH - 2;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map((l) => `# ${l}`.trimEnd());
}

function bare(value: string, what: string): string {
  if (!BARE_VALUE.test(value)) throw new Error(`unsafe ${what} "${value}" for a Dockerfile`);
  return value;
}

function renderInstruction(instruction: DockerfileInstruction): string {
  switch (instruction.kind) {
    case 'comment':
      return commentLines(instruction.text).join('\n');
    case 'arg':
      if (!ARG_NAME.test(instruction.name)) throw new Error(`invalid ARG name "${instruction.name}"`);
      return instruction.defaultValue === undefined
        ? `ARG ${instruction.name}`
        : `ARG ${instruction.name}=${bare(instruction.defaultValue, 'ARG default')}`;
    case 'from':
      if (instruction.stage !== undefined && !STAGE.test(instruction.stage)) throw new Error(`invalid stage name "${instruction.stage}"`);
      return `FROM ${bare(instruction.image, 'base image')}${instruction.stage ? ` AS ${instruction.stage}` : ''}`;
    case 'user':
      return `USER ${bare(instruction.user, 'user')}`;
    case 'env':
      if (!ARG_NAME.test(instruction.name)) throw new Error(`invalid ENV name "${instruction.name}"`);
      return `ENV ${instruction.name}=${bare(instruction.value, 'ENV value')}`;
    case 'copy': {
      if (instruction.chmod !== undefined && !MODE.test(instruction.chmod)) throw new Error(`invalid COPY mode "${instruction.chmod}"`);
      const flags = [
        ...(instruction.from ? [`--from=${bare(instruction.from, 'stage')}`] : []),
        ...(instruction.chmod ? [`--chmod=${instruction.chmod}`] : []),
      ];
      return ['COPY', ...flags, bare(instruction.source, 'COPY source'), bare(instruction.destination, 'COPY destination')].join(' ');
    }
    case 'run':
      return renderRun(instruction.commands);
  }
}

/**
 * `RUN a && \`, `    b && \`, `    c`: each command starts a line; one too long
 * for MAX_LINE_LENGTH continues on more deeply indented lines (see renderCommandLines).
 */
function renderRun(commands: readonly ShellCommand[]): string {
  if (commands.length === 0) throw new Error('a RUN needs at least one command');
  const lines: string[] = [];
  commands.forEach((command, i) => {
    const first = i === 0 ? 'RUN ' : COMMAND_INDENT;
    const last = i === commands.length - 1;
    // Room for " && \" after the command's last line, or " \" after a line it continues on.
    const rendered = renderCommandLines(command, {
      firstIndent: first, continuationIndent: CONTINUATION_INDENT, width: MAX_LINE_LENGTH, suffixWidth: last ? 0 : 5,
    });
    rendered.forEach((line, j) => {
      const ends = j === rendered.length - 1;
      lines.push(`${line}${ends ? (last ? '' : ' && \\') : ' \\'}`);
    });
  });
  return lines.join('\n');
}

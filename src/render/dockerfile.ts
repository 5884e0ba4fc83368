import { ShellLine, renderLine } from './shell';

/** One Dockerfile instruction, as a typed model. */
export type DockerfileInstruction =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'arg'; readonly name: string; readonly defaultValue?: string }
  | { readonly kind: 'from'; readonly image: string; readonly stage?: string }
  | { readonly kind: 'user'; readonly user: string }
  | { readonly kind: 'env'; readonly name: string; readonly value: string }
  | { readonly kind: 'run'; readonly lines: readonly ShellLine[] }
  | { readonly kind: 'copy'; readonly from?: string; readonly source: string; readonly destination: string };

const ARG_NAME = /^[A-Z_][A-Z0-9_]*$/;
const BARE_VALUE = /^[A-Za-z0-9._:/@+~${}-]+$/;
const STAGE = /^[a-z][a-z0-9_-]*$/;
const COMMENT = /^[^\n\r]*$/;

/** Renders a list of instructions to Dockerfile text, checking every value it writes bare. */
export function renderDockerfile(instructions: readonly DockerfileInstruction[]): string {
  return instructions.map(renderInstruction).join('\n') + '\n';
}

function bare(value: string, what: string): string {
  if (!BARE_VALUE.test(value)) throw new Error(`unsafe ${what} "${value}" for a Dockerfile`);
  return value;
}

function renderInstruction(instruction: DockerfileInstruction): string {
  switch (instruction.kind) {
    case 'comment':
      if (!COMMENT.test(instruction.text)) throw new Error('a Dockerfile comment must be one line');
      return `# ${instruction.text}`.trimEnd();
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
    case 'copy':
      return `COPY ${instruction.from ? `--from=${bare(instruction.from, 'stage')} ` : ''}${bare(instruction.source, 'COPY source')} ${bare(instruction.destination, 'COPY destination')}`;
    case 'run':
      return `RUN ${instruction.lines.map(renderLine).join('; \\\n    ')}`;
  }
}

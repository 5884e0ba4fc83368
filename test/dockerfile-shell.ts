import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerfileParser, Instruction } from 'dockerfile-ast';

/** The shell text of a RUN, as the builder's /bin/sh gets it (line continuations removed). */
export function shellOf(run: Instruction): string {
  return run.getArgumentsContent()!.replace(/\\\n/g, '');
}

/** The commands a generated Dockerfile's RUNs may run; anything else fails {@link commandsRun}. */
const COMMANDS = ['cnpg-build', 'apt-get', 'env'];

/**
 * Runs a Dockerfile's RUN bodies under sh, with globbing off and a PATH of
 * stubs for cnpg-build, apt-get and env that print their argv, one `[word]`
 * each: the commands as the builder's shell would run them, after quoting and
 * expansion of the build arguments `args`. A RUN that runs anything else fails.
 */
export function commandsRun(
  dockerfile: string, args: Readonly<Record<string, string>>,
): { status: number | null; stderr: string; commands: string[] } {
  const runs = DockerfileParser.parse(dockerfile).getInstructions().filter((i) => i.getKeyword() === 'RUN').map(shellOf);
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerfile-stubs-'));
  try {
    for (const name of COMMANDS) fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nprintf %s ${name}; printf ' [%s]' "$@"; echo\n`, { mode: 0o755 });
    // Each RUN in a subshell of its own, as each is its own shell in a build; the first that fails stops.
    const script = runs.map((run, i) => `( ${run}\n) || { echo "RUN ${i + 1} failed" >&2; exit 1; }`).join('\n');
    // Only the stubs are on PATH, and sh finds printf and echo as builtins.
    const result = spawnSync('/bin/sh', ['-f', '-c', script], { encoding: 'utf8', env: { ...args, PATH: bin } });
    return { status: result.status, stderr: result.stderr, commands: result.stdout.trimEnd().split('\n').filter((l) => l) };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

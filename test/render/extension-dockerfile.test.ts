import { spawnSync } from 'child_process';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { geospatial } from '../../extensions/geospatial';
import { ExtensionDefinition, OperandImage } from '../../src';
import { DOCKERFILE_ARGS, IMAGE_USER, renderExtensionDockerfile } from '../../src/projen';
import { BUILD_SCRIPT_FILE, BUILD_SCRIPT_PATH } from '../../src/render/build-script';
import { MAX_LINE_LENGTH } from '../../src/render/dockerfile';
import { commandsRun, shellOf } from '../dockerfile-shell';
import { definitions, imageOf, operands, pgvectorWith } from '../fixtures';

const trixie18 = operands().image('trixie', 18) as OperandImage;
const ALL: Array<[string, ExtensionDefinition]> = [...Object.entries(definitions), ['geospatial', geospatial]];

function parse(props: ExtensionDefinition = definitions.pgvector) {
  const text = renderExtensionDockerfile(imageOf(props), trixie18);
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const runs = instructions.filter((i) => i.getKeyword() === 'RUN');
  return { text, dockerfile, instructions, runs };
}

/** A one-line instruction as written, flags included. */
function lineOf(instruction: Instruction): string {
  return instruction.getTextContent();
}

/** The commands the RUNs run, as printed by commandsRun; fails the test when a RUN fails. */
function commandsOf(text: string, args: Record<string, string>): string[] {
  const { status, stderr, commands } = commandsRun(text, args);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  return commands;
}

/** The ARG defaults of a Dockerfile: what a build without --build-arg uses. */
function argDefaults(text: string): Record<string, string> {
  return Object.fromEntries(DockerfileParser.parse(text).getARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()!]));
}

describe('extension Dockerfile', () => {
  test('builder stage starts from the operand image pinned by digest; final stage is scratch and non-root', () => {
    const { dockerfile, instructions } = parse();
    const froms = dockerfile.getFROMs();
    expect(froms.map((f) => f.getImageName())).toEqual(['${BASE}', 'scratch']);
    expect(froms[0].getBuildStage()).toBe('builder');
    const args = argDefaults(parse().text);
    expect(args[DOCKERFILE_ARGS.base]).toBe(trixie18.reference);
    expect(args[DOCKERFILE_ARGS.base]).toMatch(/@sha256:[a-f0-9]{64}$/);
    expect(args[DOCKERFILE_ARGS.pgMajor]).toBe('18');
    expect(args[DOCKERFILE_ARGS.packageVersion]).toBe('0.8.4-1.pgdg13+1');
    const finalStage = instructions.slice(instructions.findIndex((i) => i.getKeyword() === 'FROM' && i.getArgumentsContent() === 'scratch'));
    expect(finalStage.map(lineOf)).toEqual(['FROM scratch', 'COPY --from=builder /image/ /', `USER ${IMAGE_USER}`]);
  });

  test('the builder gets the shared script from the build context, executable, before any RUN', () => {
    const { instructions } = parse();
    const copy = instructions.findIndex((i) => i.getKeyword() === 'COPY');
    expect(lineOf(instructions[copy])).toBe(`COPY --chmod=0755 ${BUILD_SCRIPT_FILE} ${BUILD_SCRIPT_PATH}`);
    expect(copy).toBeLessThan(instructions.findIndex((i) => i.getKeyword() === 'RUN'));
  });

  test('pgvector: the commands the shell runs, in order, with the build arguments\' defaults', () => {
    const { text } = parse();
    expect(commandsOf(text, argDefaults(text))).toEqual([
      'cnpg-build [require-number] [PG_MAJOR] [18]',
      'cnpg-build [require-debian-version] [PACKAGE_VERSION] [0.8.4-1.pgdg13+1]',
      'cnpg-build [record-base-libraries]',
      'apt-get [update]',
      'env [DEBIAN_FRONTEND=noninteractive] [apt-get] [install] [-y] [--no-install-recommends] [postgresql-18-pgvector=0.8.4-1.pgdg13+1]',
      'cnpg-build [stage] [/image/lib] [/usr/lib/postgresql/18/lib/vector.so]',
      'cnpg-build [stage] [/image/share/extension] [/usr/share/postgresql/18/extension/vector.control]',
      'cnpg-build [stage] [/image/share/extension] [/usr/share/postgresql/18/extension/vector--*.sql]',
      'cnpg-build [require-base-libraries] [/image] [pgvector]',
      'cnpg-build [localize-links] [/image]',
      'cnpg-build [require-control-file] [vector.control] [/image/share/extension/vector.control]',
      'cnpg-build [stage-license] [/image/licenses] [postgresql-18-pgvector]',
      'cnpg-build [record-packages] [/image/licenses/debian-packages.txt] [postgresql-18-pgvector]',
    ]);
  });

  test('a build argument overridden with shell code reaches the checks as one word, and nothing runs it', () => {
    const { text } = parse();
    const hostile = '1; touch /tmp/pwned $(id) `id`';
    const commands = commandsOf(text, { ...argDefaults(text), PACKAGE_VERSION: hostile });
    expect(commands).toContain(`cnpg-build [require-debian-version] [PACKAGE_VERSION] [${hostile}]`);
    expect(commands).toContain(`env [DEBIAN_FRONTEND=noninteractive] [apt-get] [install] [-y] [--no-install-recommends] [postgresql-18-pgvector=${hostile}]`);
  });

  test('an extension of SQL scripts only checks no libraries; one without CREATE EXTENSION needs no control file', () => {
    const sqlOnly = parse(pgvectorWith({ files: { extension: ['vector.control'] } })).text;
    expect(commandsOf(sqlOnly, argDefaults(sqlOnly)).filter((c) => /base-libraries|system/.test(c))).toEqual([]);
    const noCreate = parse(pgvectorWith({ createExtension: false, files: { lib: ['wal2json.so'] } })).text;
    expect(commandsOf(noCreate, argDefaults(noCreate)).filter((c) => c.includes('require-control-file'))).toEqual([]);
  });

  test('postgis bundles system libraries with their licenses, localizes links after that, strips $libdir/, stages contrib, gdal and proj', () => {
    const { text } = parse(definitions.postgis);
    const commands = commandsOf(text, argDefaults(text));
    const steps = commands.map((c) => c.split(' ').slice(0, 2).join(' '));
    const at = (command: string) => commands.indexOf(command);
    expect(at('cnpg-build [record-base-libraries]')).toBeLessThan(at('apt-get [update]'));
    expect(at('cnpg-build [bundle-system-libraries] [/image]')).toBeGreaterThan(steps.lastIndexOf('cnpg-build [stage]'));
    expect(at('cnpg-build [stage-system-licenses] [/image/licenses]')).toBeGreaterThan(at('cnpg-build [bundle-system-libraries] [/image]'));
    expect(at('cnpg-build [localize-links] [/image]')).toBeGreaterThan(at('cnpg-build [stage-system-licenses] [/image/licenses]'));
    expect(commands).toContain('cnpg-build [strip-libdir-prefix] [/image/share]');
    expect(steps).not.toContain('cnpg-build [require-base-libraries]');
    for (const dir of ['contrib', 'gdal', 'proj']) expect(commands.some((c) => c.startsWith(`cnpg-build [stage] [/image/share/${dir}] `))).toBe(true);
  });

  test('a bundle pins each component\'s packages to its own argument and stages, checks and strips each under its directory', () => {
    const { text } = parse(geospatial);
    const args = argDefaults(text);
    expect(args).toMatchObject({ PACKAGE_VERSION_POSTGIS: '3.6.1+dfsg-1.pgdg13+1', PACKAGE_VERSION_PGROUTING: '4.0.2-1.pgdg13+1' });
    expect(args[DOCKERFILE_ARGS.packageVersion]).toBeUndefined();
    const commands = commandsOf(text, args);
    expect(commands).toEqual(expect.arrayContaining([
      'cnpg-build [require-debian-version] [PACKAGE_VERSION_PGROUTING] [4.0.2-1.pgdg13+1]',
      'env [DEBIAN_FRONTEND=noninteractive] [apt-get] [install] [-y] [--no-install-recommends] [postgresql-18-postgis-3=3.6.1+dfsg-1.pgdg13+1]'
        + ' [postgresql-18-postgis-3-scripts=3.6.1+dfsg-1.pgdg13+1] [postgresql-18-pgrouting=4.0.2-1.pgdg13+1] [postgresql-18-pgrouting-scripts=4.0.2-1.pgdg13+1]',
      'cnpg-build [stage] [/image/postgis/lib] [/usr/lib/postgresql/18/lib/postgis*-3.so]',
      'cnpg-build [stage] [/image/pgrouting/share/extension] [/usr/share/postgresql/18/extension/pgrouting.control]',
      'cnpg-build [bundle-system-libraries] [/image/postgis]',
      'cnpg-build [require-base-libraries] [/image/pgrouting] [pgrouting]',
      'cnpg-build [require-control-file] [postgis.control] [/image/postgis/share/extension/postgis.control]',
      'cnpg-build [require-control-file] [pgrouting.control] [/image/pgrouting/share/extension/pgrouting.control]',
      // What dpkg installed is recorded once, for every package of every component.
      'cnpg-build [record-packages] [/image/licenses/debian-packages.txt] [postgresql-18-postgis-3] [postgresql-18-postgis-3-scripts]'
        + ' [postgresql-18-pgrouting] [postgresql-18-pgrouting-scripts]',
    ]));
    // Only postgis asks for $libdir/ stripping; licenses stay at the image root, once per package.
    expect(commands.filter((c) => c.includes('strip-libdir-prefix'))).toEqual(['cnpg-build [strip-libdir-prefix] [/image/postgis/share]']);
    expect(commands.filter((c) => c.includes('[stage-license]'))).toEqual(
      ['postgis-3', 'postgis-3-scripts', 'pgrouting', 'pgrouting-scripts'].map((p) => `cnpg-build [stage-license] [/image/licenses] [postgresql-18-${p}]`));
  });

  describe.each(ALL)('%s: readable', (_name, props) => {
    const { text, instructions, runs } = parse(props);
    const lines = text.split('\n');

    test(`no line is longer than ${MAX_LINE_LENGTH} characters, but for the digest-pinned ARG BASE`, () => {
      const long = lines.filter((l) => l.length > MAX_LINE_LENGTH && !/^ARG BASE=\S+@sha256:[a-f0-9]{64}$/.test(l));
      expect(long).toEqual([]);
    });

    test('every FROM, COPY and RUN has a comment right above it saying what it does', () => {
      for (const instruction of instructions.filter((i) => ['RUN', 'COPY', 'FROM'].includes(i.getKeyword()))) {
        const start = instruction.getRange().start.line;
        let first = start;
        while (first > 0 && lines[first - 1].startsWith('# ')) first -= 1;
        const comment = lines.slice(first, start).map((l) => l.slice(2)).join(' ');
        expect({ instruction: lines[start], comment }).toEqual({ instruction: lines[start], comment: expect.stringMatching(/^[A-Z].{20,}\.$/) });
      }
    });

    test('one command a line: each line of a RUN starts a command or continues a long one, and commands are joined by &&', () => {
      for (const run of runs) {
        const body = lines.slice(run.getRange().start.line, run.getRange().end.line + 1);
        for (const [i, line] of body.entries()) {
          // The first line is RUN, a new command is indented by 4, a continued command's words by 8.
          expect(line).toMatch(i === 0 ? /^RUN \S/ : /^( {4}| {8})\S/);
          if (i < body.length - 1) expect(line).toMatch(/ \\$/);
          if (/^ {4}\S/.test(line)) expect(body[i - 1]).toMatch(/ && \\$/);
        }
        expect(shellOf(run)).not.toMatch(/;|\|\||[^&]&[^&]|\|/);
      }
    });

    test('defines no shell function: the shared steps live in cnpg-build.sh only', () => {
      expect(text).not.toMatch(/\w+\s*\(\)\s*\{/);
      for (const run of runs) expect(shellOf(run)).not.toMatch(/\b(find|sed|awk|cp|ldd|xargs|while|for|if|case)\b/);
    });

    test('every RUN is valid sh and the Dockerfile lints clean', () => {
      for (const run of runs) {
        const result = spawnSync('sh', ['-n', '-c', shellOf(run)], { encoding: 'utf8' });
        expect(result.stderr).toBe('');
      }
      expect(validate(text).map((d) => d.message)).toEqual([]);
    });
  });
});

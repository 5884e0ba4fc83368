import * as fs from 'fs';
import * as path from 'path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { Copy, DockerfileParser, Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { ExtensionDefinition } from '../src';
import { commandsRun, shellOf } from './dockerfile-shell';
import { REPOSITORY_LOCK, ROOT, imageOf, operands } from './fixtures';
import { loadExtensionDefinitions } from '../src/projen';
import { BUILD_SCRIPT_FILE, BUILD_SCRIPT_PATH, renderBuildScript } from '../src/render/build-script';
import { PACKAGES_FILE, packageVersionArg } from '../src/render/extension-dockerfile';

const GENERATED = path.join(ROOT, 'generated');
const DIGEST_PINNED = /^[^@\s]+@sha256:[a-f0-9]{64}$/;
const OPERANDS = operands();
const DEFINITIONS = new Map<string, ExtensionDefinition>(loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT).map(({ props }) => [props.name, props]));
const DOCKERFILES = fs.readdirSync(GENERATED).filter((d) => fs.existsSync(path.join(GENERATED, d, 'Dockerfile'))).sort();

/** The generated bake file's targets, by name. */
let targets: Record<string, any>;
beforeAll(async () => {
  targets = Object.fromEntries(Object.entries((await parseHcl('docker-bake.hcl', fs.readFileSync(path.join(GENERATED, 'docker-bake.hcl'), 'utf8'))).target)
    .map(([name, [target]]: [string, any]) => [name, target]));
});

/** A generated Dockerfile: its text, stages (instructions after each FROM), ARG defaults and RUN bodies. */
function dockerfileOf(name: string) {
  const text = fs.readFileSync(path.join(GENERATED, name, 'Dockerfile'), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const fromIndexes = instructions.flatMap((i, n) => (i.getKeyword() === 'FROM' ? [n] : []));
  const stages = fromIndexes.map((start, s) => instructions.slice(start, fromIndexes[s + 1]));
  const args = Object.fromEntries(dockerfile.getARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()!]));
  const runs = instructions.filter((i) => i.getKeyword() === 'RUN').map(shellOf);
  return { text, stages, args, runs };
}

/** The bake targets built from `generated/<name>/Dockerfile`. */
function targetsOf(name: string): any[] {
  return Object.values(targets).filter((t) => t.context === 'generated' && t.dockerfile === `${name}/Dockerfile`);
}

const keywords = (stage: readonly Instruction[]) => stage.map((i) => i.getKeyword());

describe('supply chain of the generated images', () => {
  test(`${BUILD_SCRIPT_FILE}, the one script every Dockerfile runs, is written once, at the root of every target's context`, () => {
    expect(fs.readFileSync(path.join(GENERATED, BUILD_SCRIPT_FILE), 'utf8')).toBe(renderBuildScript());
    expect(new Set(Object.values(targets).map((t) => t.context))).toEqual(new Set(['generated']));
  });

  test('every definition has a generated Dockerfile and bake targets, and every Dockerfile a definition', () => {
    expect(DOCKERFILES).toEqual([...DEFINITIONS.keys()].sort());
    for (const name of DOCKERFILES) expect(targetsOf(name).length).toBe(imageOf(DEFINITIONS.get(name)!, REPOSITORY_LOCK).builds.length);
  });

  test('every bake target builds from its distro and major\'s operand image, pinned by digest', () => {
    expect(Object.keys(targets).length).toBeGreaterThan(0);
    for (const [name, target] of Object.entries(targets)) {
      const distro = target.labels['io.cloudnativepg.image.base.os'];
      const major = Number(target.args.PG_MAJOR);
      expect({ name, base: target.args.BASE }).toEqual({ name, base: expect.stringMatching(DIGEST_PINNED) });
      expect({ name, base: target.args.BASE }).toEqual({ name, base: OPERANDS.image(distro, major)?.reference });
    }
  });

  describe.each(DOCKERFILES)('%s/Dockerfile', (name) => {
    const { text, stages, args, runs } = dockerfileOf(name);
    const [builder, final] = [stages[0], stages[stages.length - 1]];

    test('lints clean', () => {
      expect(validate(text).map((d) => d.message)).toEqual([]);
    });

    test('the final stage is FROM scratch with only files copied from the builder\'s staging directory, and a non-root USER last', () => {
      expect(stages.length).toBe(2);
      expect(final[0].getArgumentsContent()).toBe('scratch');
      expect(keywords(final).slice(1).filter((k) => k !== 'COPY' && k !== 'USER')).toEqual([]); // no RUN, SHELL, CMD, ENTRYPOINT, ADD
      for (const copy of final.filter((i) => i.getKeyword() === 'COPY') as Copy[]) {
        expect(copy.getFromFlag()?.getValue()).toBe('builder');
        expect(copy.getArguments()[0].getValue()).toMatch(/^\/image\//);
      }
      const last = final[final.length - 1];
      expect(last.getKeyword()).toBe('USER');
      const uid = last.getArgumentsContent()!.split(':')[0];
      expect(uid).toMatch(/^\d+$/); // a name would need /etc/passwd, which scratch lacks
      expect(Number(uid)).not.toBe(0);
    });

    test('its README names the user the final stage runs as', () => {
      const readme = fs.readFileSync(path.join(GENERATED, name, 'README.md'), 'utf8');
      expect(readme).toContain(`Final stage: \`FROM scratch\`, user \`${final[final.length - 1].getArgumentsContent()}\`.`);
    });

    test('the builder stage is FROM ${BASE}, whose default is the digest-pinned operand image of one of its bake targets', () => {
      expect(builder[0].getArgumentsContent()).toBe('${BASE} AS builder');
      expect(text.indexOf('ARG BASE=')).toBeLessThan(text.indexOf('FROM '));
      expect(args.BASE).toMatch(DIGEST_PINNED);
      const defaults = { ...args }; // BASE, PG_MAJOR and the package version of each component
      const target = targetsOf(name).find((t) => t.args.PG_MAJOR === args.PG_MAJOR && t.labels['io.cloudnativepg.image.base.name'] === args.BASE);
      expect(target?.args).toEqual(defaults);
      expect(args.BASE).toBe(OPERANDS.image(target.labels['io.cloudnativepg.image.base.os'], Number(args.PG_MAJOR))?.reference);
      expect(keywords([...builder, ...final])).not.toContain('ADD');
      expect(runs.join('\n')).not.toMatch(/\b(curl|wget|dpkg -i|pip)\b/);
    });

    test('installs exactly the definition\'s packages, each pinned to a version, and stages each one\'s copyright file under /licenses', () => {
      const { components } = imageOf(DEFINITIONS.get(name)!, REPOSITORY_LOCK);
      const major = Number(args.PG_MAJOR);
      const packages = components.flatMap((c) => c.packages(major));
      for (const c of components) {
        expect(args[packageVersionArg(c)]).toMatch(/^[0-9][A-Za-z0-9.+~:-]*$/);
        expect(runs.join('\n')).toContain(`="\${${packageVersionArg(c)}}"`); // pinned to the build argument bake sets per target
      }
      // What the builder's shell runs, with the ARG defaults (stubs print the commands).
      const { status, stderr, commands } = commandsRun(text, args);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      const words = (command: string) => [...command.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
      expect(commands.filter((c) => /^(apt-get|env) /.test(c)).map(words)).toEqual([
        ['update'],
        ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends',
          ...components.flatMap((c) => c.packages(major).map((p) => `${p}=${args[packageVersionArg(c)]}`))],
      ]);
      const licensed = commands.filter((c) => c.startsWith('cnpg-build [stage-license] ')).map(words);
      expect(licensed).toEqual(packages.map((p) => ['stage-license', '/image/licenses', p]));
      expect(commands.filter((c) => c.startsWith('cnpg-build [record-packages] ')).map(words))
        .toEqual([['record-packages', `/image${PACKAGES_FILE}`, ...packages]]);
    });

    test('runs only cnpg-build.sh, copied from the build context, for what it does besides apt-get', () => {
      expect(text).toContain(`\nCOPY --chmod=0755 ${BUILD_SCRIPT_FILE} ${BUILD_SCRIPT_PATH}\n`);
      expect(text).not.toMatch(/\w+\s*\(\)\s*\{/); // no shell function of its own
      const { commands } = commandsRun(text, args);
      expect([...new Set(commands.map((c) => c.split(' ')[0]))].sort()).toEqual(['apt-get', 'cnpg-build', 'env']);
    });
  });
});

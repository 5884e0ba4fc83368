import { parse as parseHcl } from '@cdktf/hcl2json';
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { pgvector } from '../extensions/pgvector';
import { DefinitionError, ExtensionImageProps, VersionsLock, VersionsLockEntry } from '../src';
import { commandsRun } from './dockerfile-shell';
import { operands, pgvectorWith, syntheticLock } from './fixtures';
import { globSegmentMatchesDotEntry } from '../src/model/extension-component';
import { parameterNameProblem } from '../src/model/postgresql-parameters';
import { ExtensionRepository, releaseVersionOf } from '../src/projen';
import { MAX_LINE_LENGTH } from '../src/render/dockerfile';

const OPERANDS = operands();
const TRIXIE = OPERANDS.image('trixie', 18)!;
const BOOKWORM = OPERANDS.image('bookworm', 18)!;

/** C0 and C1 controls, DEL and the Unicode line and paragraph separators: what one-line text must not hold. */
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029]/u;

/** Printable one-line text, biased towards what needs escaping in a shell, a Dockerfile, HCL and YAML. */
const SPECIAL = ['"', "'", '\\', '`', '$(id)', '$HOME', '$$', '$${', '$${x}', '%{', '%%{', '${image_root}', ': ', ' #', '- ', '&a', '*a', '!x', '|', '>', '{}', '[]', 'null', '~'];
const printable = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).filter((s) => !NOT_ONE_LINE.test(s));
const text = (piece: fc.Arbitrary<string>) => fc.array(fc.oneof(piece, fc.constantFrom(...SPECIAL)), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));

/** A description: any printable one-line text that is not blank, in Unicode NFC (HCL normalizes labels to it). */
const description = text(printable).map((s) => s.normalize('NFC')).filter((s) => s.trim().length > 0);
/**
 * An env value: printable text, `${image_root}`, `$${` (a literal `${`) and `$` not starting a placeholder.
 * Only the special pieces hold "$", so no `${...}` other than `${image_root}` can form.
 */
const envValue = text(printable.filter((s) => !s.includes('$')));
const envName = fc.stringMatching(/^X_[A-Z0-9_]{0,10}$/);

/** CloudNativePG extension names that are also valid SQL names and image repository names. */
const name = fc.stringMatching(/^[a-z][a-z0-9]{0,10}([-_][a-z0-9]{1,10}){0,3}$/).filter((n) => n !== 'default');
/** Debian versions (Policy 5.6.12): [epoch:]upstream[-revision], with "~" and "+", hyphens in upstream only with a revision. */
const debianVersion = fc.tuple(
  fc.option(fc.nat({ max: 99 }), { nil: undefined }),
  fc.stringMatching(/^[0-9][A-Za-z0-9.+~-]{0,20}$/),
  fc.option(fc.stringMatching(/^[A-Za-z0-9.+~]{1,12}$/), { nil: undefined }),
).map(([epoch, upstream, revision]) => `${epoch === undefined ? '' : `${epoch}:`}${revision === undefined ? upstream.replace(/-/g, '.') : `${upstream}-${revision}`}`);
// "." and "..", and glob segments sh expands to them (".*", ".?"), are rejected (issue 16).
const segment = (chars: string) => fc.stringMatching(new RegExp(`^[${chars}]{1,8}$`)).filter((s) => s !== '.' && s !== '..' && !globSegmentMatchesDotEntry(s));
/** Paths relative to the image root. */
const imagePath = fc.array(segment('A-Za-z0-9._+@-'), { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
const imagePaths = fc.uniqueArray(imagePath, { minLength: 1, maxLength: 3 });
/** Globs, with wildcards and `{major}`. */
const glob = fc.array(fc.oneof(segment('A-Za-z0-9._+@%,=*?-'), segment('a-z*').map((s) => `${s}{major}`)), { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
const globs = fc.uniqueArray(glob, { maxLength: 3 });

const definition = fc.record({
  name,
  description,
  packages: fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9.+-]{0,12}$/).map((p) => `postgresql-{major}-${p}`), { minLength: 1, maxLength: 3 }),
  files: fc.record({ lib: globs, extension: fc.uniqueArray(glob, { minLength: 1, maxLength: 3 }), bin: globs, share: fc.dictionary(imagePath.filter((p) => p !== 'extension'), globs, { maxKeys: 2 }) }),
  extensionControlPath: imagePaths,
  dynamicLibraryPath: imagePaths,
  ldLibraryPath: imagePaths,
  binPath: imagePaths,
  env: fc.dictionary(envName, envValue, { maxKeys: 3 }),
  postgresqlParameters: fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}\.[a-z_][a-z0-9_]{0,8}$/).filter((n) => parameterNameProblem(n) === undefined), description, { maxKeys: 2 }),
}).map((overrides) => pgvectorWith({ ...overrides, sqlName: undefined, smokeTest: undefined, builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }] }));

/** A locked build: the package version the lock gives it, and the SQL version that version installs. */
interface LockedBuild {
  readonly distro: string;
  readonly packageVersion: string;
  readonly sqlVersion: string;
}

/** A definition and its two builds' versions, which go into the versions lock. */
const definitionAndVersions = fc.record({ props: definition, bookworm: debianVersion, trixie: debianVersion }).map(({ props, bookworm, trixie }) => ({
  props,
  builds: [['bookworm', bookworm], ['trixie', trixie]].map(([distro, packageVersion]): LockedBuild => ({ distro, packageVersion, sqlVersion: releaseVersionOf(packageVersion) })),
}));

/**
 * The versions lock of `props` with each build's packages at its version, as
 * written to extensions/versions.lock.json and read back (the loader's path).
 */
function lockOf(props: ExtensionImageProps, builds: readonly LockedBuild[]): VersionsLock {
  const entries = builds.flatMap((b) => syntheticLock([props], b.packageVersion).entries.filter((e) => e.distro === b.distro));
  return VersionsLock.parse(new VersionsLock(entries).render(), 'extensions/versions.lock.json');
}

function synthesize(props: ExtensionImageProps, versionsLock: VersionsLock = syntheticLock([pgvector])): Map<string, string> {
  return new ExtensionRepository({
    definitions: [{ file: `extensions/${props.name}.ts`, props }], operands: OPERANDS, versionsLock, source: 'https://example.com/repo',
  }).synthesize();
}

/** How hcl2json prints literal template text: in HCL's escaped form, so that a literal `${` differs from an interpolation. */
function hclLiteral(value: string): string {
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** The install, staging and license commands the definition means, for PostgreSQL 18, as commandsRun prints them. */
function intendedCommands(props: ExtensionImageProps, packageVersion: string): string[] {
  const at18 = (s: string) => s.split('{major}').join('18');
  const packages = props.packages.map(at18);
  const stage = (dest: string, dir: string, list: readonly string[] = []) => list.map((g) => `cnpg-build [stage] [/image/${dest}] [${dir}/${at18(g)}]`);
  return [
    `env [DEBIAN_FRONTEND=noninteractive] [apt-get] [install] [-y] [--no-install-recommends]${packages.map((p) => ` [${p}=${packageVersion}]`).join('')}`,
    ...stage('lib', '/usr/lib/postgresql/18/lib', props.files.lib),
    ...stage('share/extension', '/usr/share/postgresql/18/extension', props.files.extension),
    ...stage('bin', '/usr/lib/postgresql/18/bin', props.files.bin),
    ...Object.entries(props.files.share ?? {}).flatMap(([target, list]) => stage(`share/${target}`, '/usr/share', list)),
    ...packages.map((p) => `cnpg-build [stage-license] [/image/licenses] [${p}]`),
  ].sort();
}

function yamlDocuments(source: string): any[] {
  return parseAllDocuments(source).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

/**
 * ARG defaults are the intended values; for either build's version, the RUNs run (under sh, with stubs) exactly
 * the intended install, staging and license commands; no line is longer than MAX_LINE_LENGTH but ARG BASE
 * and a line holding a single word (a path or glob) longer than that, which no wrapping can shorten.
 */
function checkDockerfile(props: ExtensionImageProps, builds: readonly LockedBuild[], files: Map<string, string>): void {
  const dockerfile = files.get(`${props.name}/Dockerfile`)!;
  const args = Object.fromEntries(DockerfileParser.parse(dockerfile).getARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()]));
  expect(args).toEqual({ BASE: TRIXIE.reference, PG_MAJOR: '18', PACKAGE_VERSION: builds[1].packageVersion });
  for (const { packageVersion } of builds) {
    const { status, stderr, commands } = commandsRun(dockerfile, { PG_MAJOR: '18', PACKAGE_VERSION: packageVersion });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(commands.filter((c) => /^(env|cnpg-build \[(stage|stage-license)\]) /.test(c)).sort()).toEqual(intendedCommands(props, packageVersion));
  }
  // Its continuation (a trailing "&&" and backslash) aside, the line is one word.
  const unbreakable = (line: string) => line.trim().replace(/( &&)?( \\)?$/, '').split(' ').length === 1;
  expect(dockerfile.split('\n').filter((l) => l.length > MAX_LINE_LENGTH && !l.startsWith('ARG BASE=') && !unbreakable(l))).toEqual([]);
}

/** Every build's target parses back with the intended args and labels. */
async function checkBakeFile(props: ExtensionImageProps, builds: readonly LockedBuild[], files: Map<string, string>): Promise<void> {
  const hcl = await parseHcl('docker-bake.hcl', files.get('docker-bake.hcl')!);
  for (const [build, operand] of [[builds[0], BOOKWORM], [builds[1], TRIXIE]] as const) {
    const target = hcl.target[`${props.name}-18-${build.distro}`][0];
    expect(target.args).toEqual({ BASE: operand.reference, PG_MAJOR: '18', PACKAGE_VERSION: build.packageVersion });
    expect(target.context).toBe('generated');
    expect(target.dockerfile).toBe(`${props.name}/Dockerfile`);
    expect(target.labels).toMatchObject({
      'org.opencontainers.image.title': props.name,
      'org.opencontainers.image.description': hclLiteral(props.description),
      'org.opencontainers.image.url': props.homepage,
      'io.cloudnativepg.image.sql.version': build.sqlVersion,
      'io.cloudnativepg.image.base.name': operand.reference,
    });
    expect(target.annotations).toContain(`index,manifest:org.opencontainers.image.description=${hclLiteral(props.description)}`);
  }
  expect(hcl.group[props.name][0].targets).toEqual([`${props.name}-18-bookworm`, `${props.name}-18-trixie`]);
}

/** Each catalog's entry parses back with exactly the intended env values and paths; the example Cluster with the parameters. */
function checkYaml(props: ExtensionImageProps, files: Map<string, string>): void {
  const orUndefined = <T>(list: T[]) => (list.length > 0 ? list : undefined);
  const unlessDefault = (paths: string[] | undefined, defaults: string) => (paths?.join(':') === defaults ? undefined : paths);
  for (const distro of ['bookworm', 'trixie']) {
    const [catalog] = yamlDocuments(files.get(`catalogs/catalog-minimal-${distro}.yaml`)!);
    const extension = catalog.spec.images.find((i: any) => i.major === 18).extensions.find((e: any) => e.name === props.name);
    expect(extension).toEqual({
      name: props.name,
      image: { reference: expect.stringMatching(new RegExp(`^ghcr\\.io/cnpg-extensions-cdk/${props.name}:18\\.\\d+-[^:@]+-${distro}$`)) },
      env: orUndefined(Object.entries(props.env!).map(([n, value]) => ({ name: n, value }))),
      extension_control_path: unlessDefault(props.extensionControlPath, 'share'),
      dynamic_library_path: unlessDefault(props.dynamicLibraryPath, 'lib'),
      ld_library_path: props.ldLibraryPath,
      bin_path: props.binPath,
    });
  }
  const [cluster] = yamlDocuments(files.get(`examples/${props.name}/cluster.yaml`)!);
  expect(cluster.spec.postgresql.parameters ?? {}).toEqual(props.postgresqlParameters);
}

describe('property: whatever is accepted renders faithfully', () => {
  test('to a Dockerfile, a bake file and YAML that parse back to the intended values', async () => {
    await fc.assert(fc.asyncProperty(definitionAndVersions, async ({ props, builds }) => {
      const files = synthesize(props, lockOf(props, builds));
      checkDockerfile(props, builds, files);
      await checkBakeFile(props, builds, files);
      checkYaml(props, files);
    }), { numRuns: 100 });
  });
});

describe('property: rejected values never reach rendering', () => {
  /** Shell metacharacters and other characters that packages and globs may not hold. */
  const metacharacter = fc.constantFrom(...';|&$`\'"()<>\\ \t\n#!~[]{}^'.split(''), '$(id)', '${x}', '{pg}');
  const withMetacharacter = fc.tuple(fc.stringMatching(/^[a-z0-9.+-]{1,6}$/), metacharacter, fc.stringMatching(/^[a-z0-9.+-]{0,6}$/)).map((p) => p.join(''));

  test.each([
    ['packages[0]', (bad: string) => ({ packages: [bad] })],
    ['files.lib[0]', (bad: string) => ({ files: { lib: [bad] } })],
    ['files.extension[0]', (bad: string) => ({ files: { extension: [`x/${bad}`] } })],
    ['files.share.doc[0]', (bad: string) => ({ files: { share: { doc: [bad] } } })],
  ])('%s with a shell metacharacter throws a DefinitionError before synthesis', (field, inject) => {
    fc.assert(fc.property(withMetacharacter, (bad) => {
      let error: unknown;
      let output: Map<string, string> | undefined;
      try {
        output = synthesize(pgvectorWith(inject(bad)));
      } catch (e) {
        error = e;
      }
      expect(output).toBeUndefined();
      expect(error).toBeInstanceOf(DefinitionError);
      expect((error as DefinitionError).field).toBe(field);
    }), { numRuns: 200 });
  });

  /** What a Debian version and an extension version may not hold ("~" they may: it sorts before a release). */
  const versionWithMetacharacter = fc.tuple(fc.stringMatching(/^[0-9][a-z0-9.+]{0,5}$/), metacharacter.filter((m) => m !== '~'), fc.stringMatching(/^[a-z0-9.+]{0,6}$/))
    .map((p) => p.join(''));

  /** The error `fn` throws, or undefined. */
  function thrown(fn: () => unknown): unknown {
    try {
      fn();
    } catch (e) {
      return e;
    }
    return undefined;
  }

  /** pgvector's lock with `edit` applied to every entry, written as JSON and read back as the loader reads it. */
  function editedLock(edit: (e: VersionsLockEntry) => object): VersionsLock {
    const entries = syntheticLock([pgvector]).entries.map(edit);
    return VersionsLock.parse(JSON.stringify({ entries }), 'extensions/versions.lock.json');
  }

  test('a locked package version with a shell metacharacter throws a DefinitionError naming the lock entry', () => {
    fc.assert(fc.property(versionWithMetacharacter, (bad) => {
      const error = thrown(() => synthesize(pgvector, editedLock((e) => ({ ...e, packages: e.packages.map((p) => ({ ...p, version: bad })) }))));
      expect(error).toBeInstanceOf(DefinitionError);
      expect({ ...(error as DefinitionError) }).toMatchObject({ file: 'extensions/versions.lock.json', field: 'entries[0].packages[0].version' });
      expect((error as DefinitionError).rule).toMatch(/is not a Debian version/);
    }), { numRuns: 200 });
  });

  test('a locked SQL version with a shell metacharacter throws a DefinitionError before synthesis', () => {
    fc.assert(fc.property(versionWithMetacharacter, (bad) => {
      let output: Map<string, string> | undefined;
      const error = thrown(() => {
        output = synthesize(pgvector, editedLock((e) => ({ ...e, sqlVersion: bad })));
      });
      expect(output).toBeUndefined();
      expect(error).toBeInstanceOf(DefinitionError);
      expect({ ...(error as DefinitionError) }).toMatchObject({ file: 'extensions/versions.lock.json', field: 'entries[0].sqlVersion' });
      expect((error as DefinitionError).rule).toMatch(/must be the SQL version the packages install/);
    }), { numRuns: 200 });
  });
});

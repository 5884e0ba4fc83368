import * as fs from 'fs';
import * as path from 'path';
import { DefinitionError, ExtensionDefinitionSource, ExtensionImageProps, ExtensionRepository, loadExtensionDefinitions } from '../src';
import { ROOT, definitions, operands } from './fixtures';

const SOURCE = 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk';

function repository(defs: readonly ExtensionDefinitionSource[]) {
  return new ExtensionRepository({ definitions: defs, operands: operands(), source: SOURCE, registry: 'ghcr.io/cnpg-extensions-cdk' });
}

const own = () => loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT);

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('ExtensionRepository', () => {
  test('generated/ holds exactly what synthesis produces, byte for byte', () => {
    const files = repository(own()).synthesize();
    expect(listFiles(path.join(ROOT, 'generated')).sort()).toEqual([...files.keys()].sort());
    for (const [file, content] of files) expect(fs.readFileSync(path.join(ROOT, 'generated', file), 'utf8')).toBe(content);
  });

  test('synthesis is deterministic whatever order the definitions come in', () => {
    const forward = repository(own()).synthesize();
    const backward = repository([...own()].reverse()).synthesize();
    expect([...backward.entries()]).toEqual([...forward.entries()]);
  });

  test('output holds no absolute paths of this machine and no synthesis time', () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const [file, content] of repository(own()).synthesize()) {
      expect(`${file}: ${content.includes(ROOT)}`).toBe(`${file}: false`);
      expect(`${file}: ${content.includes(today) || content.includes(today.replace(/-/g, ''))}`).toBe(`${file}: false`);
    }
  });

  test('every extension gets its Dockerfile, README and examples; catalogs cover every operand distro', () => {
    const files = [...repository(own()).synthesize().keys()];
    for (const name of Object.keys(definitions)) {
      expect(files).toEqual(expect.arrayContaining([`${name}/Dockerfile`, `${name}/README.md`, `examples/${name}/cluster.yaml`, `examples/${name}/database.yaml`]));
    }
    expect(files).toEqual(expect.arrayContaining(['docker-bake.hcl', 'catalogs/catalog-minimal-bookworm.yaml', 'catalogs/catalog-minimal-trixie.yaml']));
  });

  const source = (name: string, props: Partial<Record<keyof ExtensionImageProps, unknown>>): ExtensionDefinitionSource =>
    ({ file: `extensions/${name}.ts`, props: { ...definitions.pgvector, name, ...props } as ExtensionImageProps });
  const build = { distro: 'trixie', major: 18, packageVersion: '1.0-1', sqlVersion: '1.0' };

  test.each([
    ['a name breaking the rule', [source('Bad_Name', {})], 'extensions/Bad_Name.ts', 'name', /must match/],
    ['a name that is not its file name', [{ ...source('a', {}), file: 'extensions/b.ts' }], 'extensions/b.ts', 'name', /must equal the file name "b"/],
    ['names colliding once "_" becomes "-"', [source('pg_x', {}), source('pg-x', { imageName: 'pgx2' })], 'extensions/pg_x.ts', 'name', /collides with "pg-x".*volume "ext-pg-x".*extensions\/pg-x\.ts/],
    ['a distro and major with no version', [source('a', { versions: [{ distro: 'trixie', major: 18 }] })], 'extensions/a.ts', 'versions[0].packageVersion', /no package version/],
    ['a distro not in the operand catalog', [source('a', { versions: [{ ...build, distro: 'bullseye' }] })], 'extensions/a.ts', 'versions[distro=bullseye, major=18].distro', /not in the operand catalog \(bookworm, trixie\)/],
    ['a major not in the operand catalog', [source('a', { versions: [{ ...build, major: 19 }] })], 'extensions/a.ts', 'versions[distro=trixie, major=19].major', /PostgreSQL 19 is not in the trixie operand catalog/],
    ['a reserved env name', [source('a', { env: { LD_LIBRARY_PATH: 'x' } })], 'extensions/a.ts', 'env.LD_LIBRARY_PATH', /reserved/],
    ['a path escaping the image', [source('a', { dynamicLibraryPath: ['lib/../..'] })], 'extensions/a.ts', 'dynamicLibraryPath[0]', /escapes the image/],
    ['shell metacharacters in a package name', [source('a', { packages: ['postgresql-18-a`id`'] })], 'extensions/a.ts', 'packages[0]', /shell metacharacters/],
    ['shell metacharacters in a version', [source('a', { versions: [{ ...build, packageVersion: '1.0-1$(id)' }] })], 'extensions/a.ts', 'versions[0].packageVersion', /not a Debian version/],
    ['a required extension that does not exist', [source('a', { requiredExtensions: ['nope'] })], 'extensions/a.ts', 'requiredExtensions[0]', /"nope" is not defined/],
    ['required extensions forming a cycle', [source('a', { requiredExtensions: ['b'] }), source('b', { imageName: 'b', requiredExtensions: ['a'] })], 'extensions/a.ts', 'requiredExtensions', /cycle: a -> b -> a/],
    ['the reserved name "default"', [source('default', {})], 'extensions/default.ts', 'name', /reserved/],
    ['two images with the same image name', [source('a', { imageName: 'x' }), source('b', { imageName: 'x' })], 'extensions/a.ts', 'imageName', /also the image name of b/],
  ])('rejects %s, naming the file, the field and the rule', (_what, defs, file, field, rule) => {
    let error: unknown;
    try {
      repository(defs).synthesize();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    const { file: f, field: fl, rule: r, message } = error as DefinitionError;
    expect({ file: f, field: fl }).toEqual({ file, field });
    expect(r).toMatch(rule);
    expect(message.startsWith(`${file}: ${field}: `)).toBe(true);
  });
});

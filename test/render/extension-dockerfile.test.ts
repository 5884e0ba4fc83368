import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { ExtensionDefinition, OperandImage } from '../../src';
import { DOCKERFILE_ARGS, IMAGE_USER, renderExtensionDockerfile } from '../../src/projen';
import { geospatial } from '../../extensions/geospatial';
import { definitions, imageOf, operands, pgvectorWith } from '../fixtures';

const trixie18 = operands().image('trixie', 18) as OperandImage;

function parse(props: ExtensionDefinition = definitions.pgvector) {
  const text = renderExtensionDockerfile(imageOf(props), trixie18);
  const dockerfile = DockerfileParser.parse(text);
  const runs = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent()!.replace(/\\\n/g, '\n'));
  return { text, dockerfile, runs };
}

/** Parses a RUN body with the builder's /bin/sh grammar (dash), without running it. */
function shellSyntaxErrors(script: string): string {
  const result = spawnSync('sh', ['-n', '-c', script], { encoding: 'utf8' });
  return result.status === 0 ? '' : result.stderr;
}

/**
 * The part of a Dockerfile's RUN that deals with symlinks, as a script: the
 * shell functions it defines and its loop over the image's links, with the
 * staging directory moved to `image`.
 */
function linkLocalization(dockerfile: string, image: string): string {
  const lines = dockerfile.split('\n').map((l) => l.trim().replace(/; \\$/, ''));
  const loop = lines.findIndex((l) => l.startsWith('find /image -type l '));
  expect(loop).toBeGreaterThan(0);
  const functions = lines.slice(0, loop).filter((l) => /^[a-z_]+\(\) \{ /.test(l));
  return ['set -eu', ...functions, lines[loop]].join('\n').replace(/\/image\b/g, image);
}

/** Makes `file` (and its directory) with `content`, or a symlink to `target`. */
const put = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};
const link = (target: string, file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(target, file);
};

/** Regular files under `dir`, relative, with their content. */
function regularFiles(dir: string, prefix = ''): Array<[string, string]> {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e): Array<[string, string]> => {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) return regularFiles(dir, rel);
    return e.isFile() ? [[rel, fs.readFileSync(path.join(dir, rel), 'utf8')]] : [];
  });
}

describe('extension Dockerfile', () => {
  test('builder stage starts from the operand image pinned by digest; final stage is scratch and non-root', () => {
    const { dockerfile, text } = parse();
    const froms = dockerfile.getFROMs();
    expect(froms.map((f) => f.getImageName())).toEqual(['${BASE}', 'scratch']);
    expect(froms[0].getBuildStage()).toBe('builder');
    const args = Object.fromEntries(dockerfile.getARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()]));
    expect(args[DOCKERFILE_ARGS.base]).toBe(trixie18.reference);
    expect(args[DOCKERFILE_ARGS.base]).toMatch(/@sha256:[a-f0-9]{64}$/);
    expect(args[DOCKERFILE_ARGS.pgMajor]).toBe('18');
    expect(args[DOCKERFILE_ARGS.packageVersion]).toBe('0.8.4-1.pgdg13+1');
    const finalStage = text.slice(text.indexOf('FROM scratch')).trim().split('\n');
    expect(finalStage).toEqual(['FROM scratch', 'COPY --from=builder /image/ /', `USER ${IMAGE_USER}`]);
  });

  test('installs exactly the pinned packages and stages every glob, control file and license', () => {
    const { runs } = parse();
    expect(runs[0]).toContain('apt-get install -y --no-install-recommends postgresql-"${PG_MAJOR}"-pgvector="${PACKAGE_VERSION}"');
    expect(runs[1]).toContain('stage /image/lib /usr/lib/postgresql/"${PG_MAJOR}"/lib/vector.so;');
    expect(runs[1]).toContain('stage /image/share/extension /usr/share/postgresql/"${PG_MAJOR}"/extension/vector--*.sql;');
    expect(runs[1]).toContain("[ -e /image/share/extension/vector.control ]");
    expect(runs[1]).toContain('stage_license postgresql-"${PG_MAJOR}"-pgvector');
    expect(runs.join('\n')).not.toMatch(/\/image\/system|\$libdir/);
  });

  test('without systemLibraries, a library the operand image lacks fails the build, before installing records what the base has', () => {
    const { runs } = parse();
    expect(runs[0].indexOf('> /tmp/base-libraries')).toBeLessThan(runs[0].indexOf('apt-get install'));
    expect(runs[1]).toContain("find /image/lib -name '*.so' -type f -exec ldd {} +");
    expect(runs[1]).toContain('grep -vxF -f /tmp/base-libraries /tmp/needed-libraries');
    expect(runs[1]).toContain('pgvector needs libraries the operand image lacks');
    // Nothing to link-check in an extension of SQL scripts only.
    expect(parse(pgvectorWith({ files: { extension: ['vector.control'] } })).runs.join('\n')).not.toMatch(/ldd|base-libraries/);
  });

  test('postgis bundles system libraries, strips $libdir/ and copies contrib, gdal and proj data', () => {
    const { runs } = parse(definitions.postgis);
    expect(runs[0].indexOf('/tmp/base-libraries')).toBeLessThan(runs[0].indexOf('apt-get install'));
    expect(runs[1]).toContain('ldd');
    expect(runs[1]).toContain('/image/system');
    expect(runs[1]).toMatch(/sed -i -E .*LOAD\|AS.*libdir/);
    for (const dir of ['contrib', 'gdal', 'proj']) expect(runs[1]).toContain(`stage /image/share/${dir} `);
    expect(runs[1]).toContain('stage_license postgresql-"${PG_MAJOR}"-postgis-3-scripts');
  });

  test('a bundle pins each component\'s packages to its own argument and stages each under its directory', () => {
    const { dockerfile, runs } = parse(geospatial);
    const args = Object.fromEntries(dockerfile.getARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()]));
    expect(args).toMatchObject({ PACKAGE_VERSION_POSTGIS: '3.6.1+dfsg-1.pgdg13+1', PACKAGE_VERSION_PGROUTING: '4.0.2-1.pgdg13+1' });
    expect(args[DOCKERFILE_ARGS.packageVersion]).toBeUndefined();
    expect(runs[0]).toContain('postgresql-"${PG_MAJOR}"-postgis-3-scripts="${PACKAGE_VERSION_POSTGIS}" postgresql-"${PG_MAJOR}"-pgrouting="${PACKAGE_VERSION_PGROUTING}"');
    expect(runs[0]).toContain('case "${PACKAGE_VERSION_PGROUTING}" in');
    expect(runs[1]).toContain('stage /image/postgis/lib /usr/lib/postgresql/"${PG_MAJOR}"/lib/postgis*-3.so;');
    expect(runs[1]).toContain('stage /image/pgrouting/share/extension /usr/share/postgresql/"${PG_MAJOR}"/extension/pgrouting.control;');
    expect(runs[1]).toContain('find /image/postgis/lib -name \'*.so\' -type f -exec ldd');
    expect(runs[1]).toContain('cp -a -- "$lib" /image/postgis/system/');
    expect(runs[1]).toContain('[ -e /image/postgis/share/extension/postgis.control ]');
    expect(runs[1]).toContain('[ -e /image/pgrouting/share/extension/pgrouting.control ]');
    // Only postgis asks for $libdir/ stripping; licenses stay at the image root, once per package.
    expect(runs[1].match(/find \S+ -name '\*\.sql'/g)).toEqual(["find /image/postgis/share -name '*.sql'"]);
    expect(runs[1].match(/stage_license postgresql\S+/g)).toEqual([
      'stage_license postgresql-"${PG_MAJOR}"-postgis-3;', 'stage_license postgresql-"${PG_MAJOR}"-postgis-3-scripts;',
      'stage_license postgresql-"${PG_MAJOR}"-pgrouting;', 'stage_license postgresql-"${PG_MAJOR}"-pgrouting-scripts;',
    ]);
    // What dpkg installed is recorded once, for every package of every component.
    expect(runs[1].match(/record_packages postgresql.*$/m)?.[0]).toBe(
      'record_packages postgresql-"${PG_MAJOR}"-postgis-3 postgresql-"${PG_MAJOR}"-postgis-3-scripts postgresql-"${PG_MAJOR}"-pgrouting postgresql-"${PG_MAJOR}"-pgrouting-scripts');
  });

  test.each([...Object.keys(definitions), 'geospatial'])('%s: every RUN is valid sh, and the Dockerfile lints clean', (name) => {
    const { text, runs } = parse(name === 'geospatial' ? geospatial : definitions[name as keyof typeof definitions]);
    for (const run of runs) expect(shellSyntaxErrors(run)).toBe('');
    expect(validate(text).map((d) => d.message)).toEqual([]);
  });

  test('an extension without CREATE EXTENSION needs no control file', () => {
    const { runs } = parse(pgvectorWith({ createExtension: false, files: { lib: ['wal2json.so'] } }));
    expect(runs[1]).not.toContain('.control');
  });

  describe('symlinks leaving the image, run under sh against a builder-like tree', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'localize-links-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const localize = () => spawnSync('sh', ['-c', linkLocalization(parse(definitions.postgis).text, `${root}/image`)], { encoding: 'utf8' });

    test('a link through Debian\'s alternatives to a library bundled next to it becomes a relative link to it, not a second copy', () => {
      // What the system-library step stages for postgis: libblas.so.3 as found in /usr/lib (a link into
      // /etc/alternatives) and the file it ends at, copied next to it.
      for (const lib of ['blas', 'lapack']) {
        put(`${root}/usr/lib/x86_64-linux-gnu/${lib}/lib${lib}.so.3.11.0`, `${lib} 3.11.0`);
        link(`lib${lib}.so.3.11.0`, `${root}/usr/lib/x86_64-linux-gnu/${lib}/lib${lib}.so.3`);
        link(`${root}/usr/lib/x86_64-linux-gnu/${lib}/lib${lib}.so.3`, `${root}/etc/alternatives/lib${lib}.so.3-x86_64-linux-gnu`);
        link(`${root}/etc/alternatives/lib${lib}.so.3-x86_64-linux-gnu`, `${root}/image/system/lib${lib}.so.3`);
        put(`${root}/image/system/lib${lib}.so.3.11.0`, `${lib} 3.11.0`);
      }
      // A link inside the image stays as it is.
      put(`${root}/image/lib/postgis-3.so`, 'postgis');
      link('postgis-3.so', `${root}/image/lib/postgis.so`);

      const result = localize();
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(regularFiles(`${root}/image`)).toEqual([
        ['lib/postgis-3.so', 'postgis'], ['system/libblas.so.3.11.0', 'blas 3.11.0'], ['system/liblapack.so.3.11.0', 'lapack 3.11.0'],
      ]);
      expect(fs.readlinkSync(`${root}/image/system/libblas.so.3`)).toBe('libblas.so.3.11.0');
      expect(fs.readlinkSync(`${root}/image/system/liblapack.so.3`)).toBe('liblapack.so.3.11.0');
      expect(fs.readlinkSync(`${root}/image/lib/postgis.so`)).toBe('postgis-3.so');
    });

    test('a target the image lacks is copied once, in the first link by name; a later link to it points to that copy', () => {
      put(`${root}/usr/share/postgresql/18/extension/postgis-3.control`, 'control');
      link(`${root}/usr/share/postgresql/18/extension/postgis-3.control`, `${root}/etc/alternatives/postgresql-18-postgis.control`);
      for (const name of ['postgis.control', 'postgis_raster.control']) link(`${root}/etc/alternatives/postgresql-18-postgis.control`, `${root}/image/share/extension/${name}`);

      const result = localize();
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(regularFiles(`${root}/image`)).toEqual([['share/extension/postgis.control', 'control']]);
      expect(fs.readlinkSync(`${root}/image/share/extension/postgis_raster.control`)).toBe('postgis.control');
    });

    test('a link to nothing fails the build, naming it', () => {
      link(`${root}/etc/alternatives/missing`, `${root}/image/share/extension/postgis.control`);
      const result = localize();
      expect(result.status).not.toBe(0);
      expect(result.stderr).toBe(`cnpg-extensions-cdk: ${root}/image/share/extension/postgis.control points to ${root}/etc/alternatives/missing, which does not exist\n`);
    });
  });
});

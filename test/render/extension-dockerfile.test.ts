import { spawnSync } from 'child_process';
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
});

import { geospatial } from '../../extensions/geospatial';
import { pgSqueeze } from '../../extensions/pg_squeeze';
import { pgrouting } from '../../extensions/pgrouting';
import { wal2json } from '../../extensions/wal2json';
import { DEFAULT_PLATFORMS, DefinitionError, VersionsLock } from '../../src';
import { DPKG_MAX_EPOCH, EXTENSION_IMAGE_FIELDS, globSegmentMatchesDotEntry } from '../../src/model/extension-component';
import { ExtensionImage, MAX_CATALOG_ENTRY_BYTES } from '../../src/model/extension-image';
import { REPOSITORY_LOCK, definitions, imageOf, pgvectorWith, syntheticLock } from '../fixtures';

describe('ExtensionImage', () => {
  test('fills in CloudNativePG defaults', () => {
    const image = imageOf(definitions.pgvector);
    expect(image.isBundle).toBe(false);
    expect(image.components.map((c) => [c.name, c.sqlName, c.directory])).toEqual([['pgvector', 'vector', '']]);
    expect(image.imageName).toBe('pgvector');
    expect(image.extensionControlPath).toEqual(['share']);
    expect(image.dynamicLibraryPath).toEqual(['lib']);
    expect(image.ldLibraryPath).toEqual([]);
    expect(image.platforms).toEqual(DEFAULT_PLATFORMS);
    expect(image.components[0].createExtension).toBe(true);
    expect(image.components[0].packages(18)).toEqual(['postgresql-18-pgvector']);
    expect(image.builds.map((b) => `${b.distro}/${b.major}`)).toEqual(['bookworm/18', 'trixie/18']);
  });

  test('public lists are copies, frozen: neither the definition nor a caller can change them afterwards', () => {
    const licenseExceptions = [{ license: 'GPL-2.0-only', name: 'x', reason: 'accepted here' }];
    const definition = { ...definitions.pgvector, licenses: ['GPL-2.0-only'], licenseExceptions };
    const image = imageOf(definition);
    licenseExceptions.push({ license: 'MIT', name: 'y', reason: 'added later' });
    expect(image.components[0].licenseExceptions.map((e) => e.name)).toEqual(['x']);
    expect(() => image.licenses.push('MIT')).toThrow(TypeError);
    expect(() => image.components.pop()).toThrow(TypeError);
    expect(() => image.components[0].files.lib.push('*.so')).toThrow(TypeError);
    expect(() => { image.postgresqlParameters.x = 'y'; }).toThrow(TypeError);
    expect(() => image.components[0].declaredBuilds.splice(0)).toThrow(TypeError);
    expect(image.licenses).toEqual(['GPL-2.0-only']);
  });

  test('system libraries imply ld_library_path "system"; env keeps ${image_root}', () => {
    const postgis = imageOf(definitions.postgis);
    expect(postgis.ldLibraryPath).toEqual(['system']);
    expect(postgis.extensionConfiguration('r/postgis:1')).toEqual({
      name: 'postgis',
      imageReference: 'r/postgis:1',
      extensionControlPath: undefined,
      dynamicLibraryPath: undefined,
      ldLibraryPath: ['system'],
      binPath: undefined,
      env: [{ name: 'GDAL_DATA', value: '${image_root}/share/gdal' }, { name: 'PROJ_DATA', value: '${image_root}/share/proj' }],
    });
  });

  test('SQL versions follow the package version, or sqlVersionPattern', () => {
    expect(imageOf(definitions.postgis).components[0].sqlVersionOf('3.6.1+dfsg-1.pgdg13+1')).toBe('3.6.1');
    const cronLike = pgvectorWith({ sqlVersionPattern: '^(\\d+\\.\\d+)' });
    const cron = imageOf(cronLike, syntheticLock([cronLike], '1.6.7-1.pgdg13+1'));
    expect(cron.buildFor('trixie', 18)?.components[0].sqlVersion).toBe('1.6');
    expect(cron.components[0].sqlVersionOf('1:1.6.7-2')).toBe('1.6');
    // A lock whose SQL version disagrees with its package version is refused.
    const lock = syntheticLock([definitions.pgvector], '0.8.4-1');
    const tampered = lock.withEntries(lock.entries.map((e) => ({ ...e, sqlVersion: '0.8.3' })));
    expect(() => imageOf(definitions.pgvector, tampered)).toThrow(/builds\[0\]\.sqlVersion: versions\.lock\.json entry pgvector bookworm\/18: "0\.8\.3" disagrees with package version 0\.8\.4-1/);
  });

  test('builds take their versions from the lock, and say how each was obtained', () => {
    const image = imageOf(definitions.pgvector, REPOSITORY_LOCK);
    for (const build of image.builds) {
      const entry = REPOSITORY_LOCK.entry({ extension: 'pgvector', component: 'pgvector', distro: build.distro, major: build.major })!;
      expect(build.components[0]).toMatchObject({ packageVersion: entry.packages[0].version, sqlVersion: entry.sqlVersion, pin: entry.source });
    }
    expect(image.builds.map((b) => b.distro)).toEqual(['bookworm', 'trixie']);
  });

  const lockCases: Array<[string, (lock: VersionsLock) => VersionsLock, string, RegExp]> = [
    ['a missing entry', (lock) => lock.without(lock.entries.filter((e) => e.distro === 'trixie')), 'builds[1]', /pgvector trixie\/18 has no entry in versions\.lock\.json; run `npx projen update-versions --distro trixie pgvector`/],
    ['other packages', (lock) => lock.withEntries(lock.entries.map((e) => ({ ...e, packages: [{ ...e.packages[0], name: 'postgresql-18-other' }] }))), 'builds[0]', /with packages postgresql-18-other, but the definition installs postgresql-18-pgvector/],
    ['a platform the index does not serve', (lock) => lock.withEntries(lock.entries.map((e) => ({ ...e, packages: e.packages.map((p) => ({ ...p, architectures: ['amd64'] })) }))), 'builds[0]', /is not served for arm64/],
    ['an unresolved entry', (lock) => lock.withEntries(lock.entries.filter((e) => e.distro === 'trixie').map((e) => ({ ...e, source: 'unresolved' as const, packages: [], sqlVersion: undefined, index: undefined, reason: 'not in the index' }))), '', /never thrown/],
  ];
  test.each(lockCases)('applying a lock with %s', (what, change, field, rule) => {
    const lock = change(syntheticLock([definitions.pgvector], '0.8.4-1'));
    if (what === 'an unresolved entry') {
      const image = imageOf(definitions.pgvector, lock);
      expect(image.builds.map((b) => b.distro)).toEqual(['bookworm']);
      expect(image.unresolvedBuilds).toEqual([{ distro: 'trixie', major: 18, reason: 'not in the index' }]);
      return;
    }
    let error: unknown;
    try {
      imageOf(definitions.pgvector, lock);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).field).toBe(field);
    expect((error as DefinitionError).rule).toMatch(rule);
  });

  test('versionRange limits which locked versions are accepted', () => {
    const ranged = pgvectorWith({ versionRange: '>=0.8 <0.9' });
    expect(imageOf(ranged, syntheticLock([ranged], '0.8.7-1')).buildFor('trixie', 18)?.version).toBe('0.8.7');
    expect(() => imageOf(ranged, syntheticLock([ranged], '0.9.0-1'))).toThrow(/at 0\.9\.0-1, outside versionRange >=0\.8 <0\.9/);
  });

  test('binaries imply bin_path "bin"', () => {
    expect(imageOf(pgvectorWith({ files: { bin: ['pg_repack'], lib: ['x.so'] } })).binPath).toEqual(['bin']);
  });

  test('addBuild extends the matrix and rejects a duplicate pair', () => {
    const image = imageOf(definitions.pgvector);
    expect(image.buildFor('trixie', 19)).toBeUndefined();
    image.addBuild({ distro: 'trixie', major: 19, packageVersion: '0.9.0-1', sqlVersion: '0.9.0' });
    expect(image.buildFor('trixie', 19)?.components[0].sqlVersion).toBe('0.9.0');
    expect(image.buildFor('trixie', 19)?.version).toBe('0.9.0');
    expect(() => image.addBuild({ distro: 'trixie', major: 19, packageVersion: '0.9.0-1', sqlVersion: '0.9.0' })).toThrow(/trixie\/19 is declared twice/);
  });

  const build = { distro: 'trixie', major: 18 };
  test.each([
    ['name breaking the pattern', { name: 'PgVector' }, 'name', /must match/],
    ['name ending in "-"', { name: 'pgvector-' }, 'name', /must match/],
    ['name too long', { name: 'a'.repeat(60) }, 'name', /at most 59/],
    ['shell metacharacters in a package', { packages: ['postgresql-{major}-pgvector;id'] }, 'packages[0]', /shell metacharacters/],
    ['command substitution in a package', { packages: ['$(id)'] }, 'packages[0]', /not a Debian package name/],
    ['versions of the old form', { versions: [{ ...build, packageVersion: '0.8.4-1', sqlVersion: '0.8.4' }] }, 'versions', /was replaced by builds: .*versions\.lock\.json \(npx projen update-versions\)/],
    ['no builds', { builds: [] }, 'builds', /at least one/],
    ['metacharacters in a distro', { builds: [{ ...build, distro: 'trixie;id' }] }, 'builds[0].distro', /not a distro name/],
    ['a major before 18', { builds: [{ ...build, major: 17 }] }, 'builds[0].major', /18 or later/],
    ['a duplicate pair', { builds: [build, build] }, 'builds[1]', /declared twice/],
    ['a versionRange that is no semver range', { versionRange: 'newest please' }, 'versionRange', /not a semver range/],
    ['a hold reason on two lines', { hold: 'a\nb' }, 'hold', /one line/],
    ['a reserved env name', { env: { PGDATA: '/x' } }, 'env.PGDATA', /reserved by CloudNativePG/],
    ['an unknown placeholder', { env: { X: '${pwd}' } }, 'env.X', /unknown placeholder/],
    ['a path escaping the image', { ldLibraryPath: ['../lib'] }, 'ldLibraryPath[0]', /escapes the image/],
    ['an absolute path', { extensionControlPath: ['/share'] }, 'extensionControlPath[0]', /is absolute/],
    ['a glob escaping its directory', { files: { lib: ['../../bin/sh'] } }, 'files.lib[0]', /escapes its directory/],
    ['a glob with a quote', { files: { lib: ["vector'.so"] } }, 'files.lib[0]', /shell metacharacters/],
    ['a glob with backticks', { files: { extension: ['`id`'] } }, 'files.extension[0]', /shell metacharacters/],
    ['empty licenses', { licenses: [] }, 'licenses', /must not be empty/],
    ['a description with a newline', { description: 'a\nb' }, 'description', /one line/],
    ['a homepage with a quote', { homepage: 'https://x"y' }, 'homepage', /https URL/],
    ['a parameter with a newline', { postgresqlParameters: { 'a.b': 'x\ny' } }, 'postgresqlParameters.a.b', /one line/],
    ['a self-requirement', { requiredExtensions: ['pgvector'] }, 'requiredExtensions[0]', /cannot require itself/],
    ['a bad platform', { platforms: ['amd64'] }, 'platforms[0]', /not a platform/],
    ['nothing selected', { files: {} }, 'files', /selects no files/],
  ])('rejects %s', (_what, overrides, field, rule) => {
    let error: unknown;
    try {
      imageOf(pgvectorWith(overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).field).toBe(field);
    expect((error as DefinitionError).rule).toMatch(rule);
  });
});

describe('ExtensionImage bundles', () => {
  test('put each component in its own directory, with CloudNativePG paths and env under it', () => {
    const image = imageOf(geospatial);
    expect(image.isBundle).toBe(true);
    expect(image.components.map((c) => [c.name, c.directory, c.inImage('lib')])).toEqual([['postgis', 'postgis', 'postgis/lib'], ['pgrouting', 'pgrouting', 'pgrouting/lib']]);
    expect(image.extensionConfiguration('r/geospatial:1')).toEqual({
      name: 'geospatial',
      imageReference: 'r/geospatial:1',
      extensionControlPath: ['postgis/share', 'pgrouting/share'],
      dynamicLibraryPath: ['postgis/lib', 'pgrouting/lib'],
      ldLibraryPath: ['postgis/system'],
      binPath: undefined,
      env: [{ name: 'GDAL_DATA', value: '${image_root}/postgis/share/gdal' }, { name: 'PROJ_DATA', value: '${image_root}/postgis/share/proj' }],
    });
    // pgrouting's requirement is met inside the image.
    expect(image.requiredExtensions).toEqual([]);
    expect(image.licenses).toEqual(['GPL-2.0-or-later']);
    expect(image.licenseExceptions.map((e) => e.name)).toEqual(['postgis-gpl', 'pgrouting-gpl']);
    expect(image.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('builds are the pairs every component has; the tag version joins the components\' versions', () => {
    const versions: Record<string, string> = { postgis: '3.6.1+dfsg-1.pgdg', pgrouting: '4.0.2-1.pgdg' };
    const image = imageOf(geospatial, syntheticLock([geospatial], (component, distro) => `${versions[component]}${distro === 'trixie' ? 13 : 12}+1`));
    expect(image.builds.map((b) => `${b.distro}/${b.major} ${b.version}`)).toEqual(['bookworm/18 3.6.1_4.0.2', 'trixie/18 3.6.1_4.0.2']);
    expect(image.buildFor('trixie', 18)!.components.map((c) => [c.component.name, c.packageVersion, c.sqlVersion])).toEqual([
      ['postgis', '3.6.1+dfsg-1.pgdg13+1', '3.6.1'], ['pgrouting', '4.0.2-1.pgdg13+1', '4.0.2'],
    ]);
    image.components[0].addBuild({ distro: 'trixie', major: 19, packageVersion: '3.7.0-1', sqlVersion: '3.7.0' });
    expect(image.buildFor('trixie', 19)).toBeUndefined(); // pgrouting has no 19 yet
    image.components[1].addBuild({ distro: 'trixie', major: 19, packageVersion: '4.1.0-1', sqlVersion: '4.1.0' });
    expect(image.buildFor('trixie', 19)?.version).toBe('3.7.0_4.1.0');
    expect(() => image.addBuild({ distro: 'trixie', major: 20, packageVersion: '1-1', sqlVersion: '1' })).toThrow(/builds: geospatial is a bundle: add the build to each component/);
  });

  test('library list parameters merge; a component\'s outside requirement stays the image\'s', () => {
    const plugins = imageOf({ name: 'decoding', description: 'Decoding plugins', homepage: 'https://example.com', owners: ['@example'], components: [wal2json, pgSqueeze] });
    expect(plugins.postgresqlParameters).toEqual({ wal_level: 'logical', output_plugin_libraries: 'pgoutput, test_decoding, wal2json, pg_squeeze' });
    expect(plugins.sharedPreloadLibraries).toEqual(['pg_squeeze']);
    const routing = imageOf({ name: 'routing', description: 'Routing and vectors', homepage: 'https://example.com', owners: ['@example'], components: [pgrouting, definitions.pgvector] });
    expect(routing.requiredExtensions).toEqual(['postgis']);
  });
});

describe('definition fields, globs and epochs', () => {
  test('the field lists are complete: every field a real definition uses is known', () => {
    for (const definition of [definitions.pgvector, definitions.pgaudit, definitions.postgis, pgrouting, pgSqueeze, wal2json]) {
      expect(Object.keys(definition).filter((f) => !EXTENSION_IMAGE_FIELDS.includes(f))).toEqual([]);
    }
    expect(() => new ExtensionImage(geospatial)).not.toThrow();
  });

  test('an unknown field is named, with the field it most likely meant; null is not "left out"', () => {
    expect(() => new ExtensionImage(pgvectorWith({ sharedPreloadLibrary: ['vector'] } as never))).toThrow(/^sharedPreloadLibrary: is not a field of ExtensionImageProps; did you mean sharedPreloadLibraries\?$/);
    expect(() => new ExtensionImage(pgvectorWith({ env: null }))).toThrow(/^env: is null; leave it out to use its default, or give it a value$/);
    expect(() => new ExtensionImage(pgvectorWith({ sqlName: undefined }))).not.toThrow();
  });

  test('globSegmentMatchesDotEntry: what sh would expand to "." or ".."', () => {
    for (const segment of ['.*', '.?', '..*', '.*.', '.?*', '.**', '.*?', '.*.*']) expect([segment, globSegmentMatchesDotEntry(segment)]).toEqual([segment, true]);
    for (const segment of ['*', '?', '??', '.??', '.??*', '.x*', '*.so', 'a.*', '.a', '.*x']) expect([segment, globSegmentMatchesDotEntry(segment)]).toEqual([segment, false]);
  });

  test('an epoch dpkg accepts is accepted, one above INT_MAX is not', () => {
    const image = new ExtensionImage(pgvectorWith({ builds: [{ distro: 'trixie', major: 18 }] }));
    image.addBuild({ distro: 'trixie', major: 18, packageVersion: `${DPKG_MAX_EPOCH}:1.0-1`, sqlVersion: '1.0' });
    const other = new ExtensionImage(pgvectorWith({ builds: [{ distro: 'trixie', major: 18 }] }));
    expect(() => other.addBuild({ distro: 'trixie', major: 18, packageVersion: `${DPKG_MAX_EPOCH + 1}:1.0-1`, sqlVersion: '1.0' }))
      .toThrow(/has the epoch 2147483648, above dpkg's largest \(2147483647\)/);
  });

  test('a catalog entry stays within MAX_CATALOG_ENTRY_BYTES', () => {
    expect(MAX_CATALOG_ENTRY_BYTES).toBe(16384);
    const env = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`X${i}`, 'x'.repeat(4000)]));
    expect(() => new ExtensionImage(pgvectorWith({ env }))).not.toThrow();
    expect(() => new ExtensionImage(pgvectorWith({ env: { ...env, X3: 'x'.repeat(4000), X4: 'x'.repeat(4000) } }))).toThrow(/^\(catalog entry\): takes \d+ bytes/);
  });
});

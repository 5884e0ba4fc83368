import * as path from 'path';
import { REPOSITORY_LOCK, ROOT, definitions } from './fixtures';
import { ExtensionImage, PackagedExtensions } from '../src';
import { loadExtensionDefinitions } from '../src/repository/definition-loader';

/** What a build amounts to: where, and each component's exact package and SQL version. */
function buildSummary(image: ExtensionImage): string[] {
  return image.builds.map((b) => `${b.distro}/${b.major} ${b.components.map((c) => `${c.component.name}=${c.packageVersion} (SQL ${c.sqlVersion})`).join(' ')}`);
}

describe('PackagedExtensions: the ready-made definitions for every jsii language', () => {
  test('names() lists every definition file of extensions/, by its CloudNativePG name', () => {
    const loaded = loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT).map((d) => d.props.name).sort();
    expect(PackagedExtensions.names()).toEqual(loaded);
    expect(loaded.length).toBeGreaterThan(60);
  });

  test('image(name) is the definition with its builds from the packaged lock, as TypeScript users make it', () => {
    const expected = new ExtensionImage(definitions.pgvector);
    expected.addBuildsFromLock(REPOSITORY_LOCK);
    const image = PackagedExtensions.image('pgvector');
    expect(image.name).toBe('pgvector');
    expect(buildSummary(image)).toEqual(buildSummary(expected));
    expect(image.builds.length).toBeGreaterThan(0);
  });

  test('a bundle comes with its components and their builds', () => {
    const image = PackagedExtensions.image('geospatial');
    expect(image.isBundle).toBe(true);
    expect(image.components.map((c) => c.name)).toEqual(['postgis', 'pgrouting']);
    expect(image.builds.length).toBeGreaterThan(0);
  });

  test('each call gives a new image, so adding a build to one leaves the next untouched', () => {
    expect(PackagedExtensions.image('pgaudit')).not.toBe(PackagedExtensions.image('pgaudit'));
  });

  test('an unknown name throws naming the closest packaged one', () => {
    expect(() => PackagedExtensions.image('pgvectr')).toThrow('PackagedExtensions.image: name: "pgvectr" is not a packaged extension (did you mean pgvector?)');
    expect(() => PackagedExtensions.image('nothing-like-it')).toThrow(/"nothing-like-it" is not a packaged extension; PackagedExtensions.names\(\) lists them/);
  });

  test('versionsLock() is the packaged lock', () => {
    expect(PackagedExtensions.versionsLock().render()).toBe(REPOSITORY_LOCK.render());
  });

  test('loading the definitions first or the library first both work (the definitions import the library)', () => {
    for (const first of ['../extensions', '../src']) {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(first);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require('../src') as typeof import('../src');
        expect(lib.PackagedExtensions.image('pgvector').builds.length).toBeGreaterThan(0);
      });
    }
  });
});

import * as fs from 'fs';
import * as path from 'path';
import * as publicApi from '../src';
import { ROOT } from './fixtures';

/** The layers of src/, lowest first: a module may import only from its own layer or lower ones. */
const LAYERS = ['imports', 'model', 'render', 'validation', 'cdk8s', 'repository'];

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? modules(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('src layers', () => {
  const src = path.join(ROOT, 'src');
  const layered = modules(src).filter((f) => LAYERS.includes(path.relative(src, f).split(path.sep)[0]));

  // packaged-extensions.ts sits with the entry points: it reaches the package's definitions (extensions/), which import the library.
  test('every module but the two entry points and the packaged definitions\' lookup lives in a layer', () => {
    const loose = modules(src).filter((f) => !layered.includes(f)).map((f) => path.relative(src, f)).sort();
    expect(loose).toEqual(['index.ts', 'packaged-extensions.ts', 'projen.ts']);
  });

  test.each(LAYERS.slice(1))('%s imports nothing from a higher layer', (layer) => {
    const rank = LAYERS.indexOf(layer);
    for (const file of layered.filter((f) => path.relative(src, f).startsWith(`${layer}${path.sep}`))) {
      for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        expect(`${path.relative(src, file)} -> ${spec}: ${LAYERS.indexOf(target) <= rank}`).toBe(`${path.relative(src, file)} -> ${spec}: true`);
      }
    }
  });

  test('the public API is curated: constructs, values and validation, no shell, HCL or ordering helpers', () => {
    const names = Object.keys(publicApi);
    for (const expected of ['ExtensionImage', 'ClusterExtension', 'CatalogEntry', 'OperandImageCatalog', 'TagPolicy', 'VersionsLock', 'addManifestValidationToAll']) {
      expect(names).toContain(expected);
    }
    for (const internal of ['check', 'compareCodePoints', 'quote', 'literal', 'renderBakeFile', 'str', 'template', 'quoteIdentifier', 'ExtensionRepository', 'ExtensionImages']) {
      expect(names).not.toContain(internal);
    }
  });
});

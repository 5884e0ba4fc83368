import * as fs from 'fs';
import * as path from 'path';
import { ExtensionDefinitionSource } from './extension-repository';
import { DefinitionError } from '../model/definition-error';
import { DEFINITION_MARKERS, isDefinitionLike } from '../model/extension-image';
import { closestName } from '../model/suggestions';

/** Files in a definitions directory that are not definitions. */
const NOT_DEFINITIONS = new Set(['index.ts', 'index.js']);

/** The definition files of `dir` (`*.ts` but index.ts), sorted by name. */
export function definitionFiles(dir: string): string[] {
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_DEFINITIONS.has(f))
    .sort();
}

/**
 * Loads every definition file of `dir`; each must export exactly one
 * ExtensionImageProps or ExtensionBundleProps. `root` makes the file names in errors relative.
 * Needs a TypeScript-aware `require` (tsx, ts-node or ts-jest).
 */
export function loadExtensionDefinitions(dir: string, root: string): ExtensionDefinitionSource[] {
  return definitionFiles(dir).map((name) => {
    const absolute = path.join(dir, name);
    const file = path.relative(root, absolute).split(path.sep).join('/');
    let exports: Record<string, unknown>;
    try {
      // Synthesis is synchronous, so a definition is loaded by path with require; import() would make it async.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exports = require(absolute);
    } catch (error) {
      throw new DefinitionError('(module)', `cannot be loaded: ${(error as Error).message}`, file);
    }
    const definitions = Object.values(exports).filter(isDefinitionLike);
    if (definitions.length !== 1) {
      throw new DefinitionError('(exports)', `must export exactly one ExtensionImageProps or ExtensionBundleProps object (found ${definitions.length})${definitions.length === 0 ? nearMisses(exports) : ''}`, file);
    }
    return { file, props: definitions[0] };
  });
}

/** What keeps exported objects with a name from being definitions: no builds or components, perhaps misspelt. */
function nearMisses(exports: Record<string, unknown>): string {
  const named = Object.entries(exports).filter(([, v]) => typeof v === 'object' && v !== null && 'name' in v);
  return named.map(([key, value]) => {
    const misspelt = Object.keys(value as object).map((f) => [f, closestName(f, DEFINITION_MARKERS)]).find(([, meant]) => meant !== undefined);
    return `; ${key} has a name but neither builds nor components${misspelt ? ` (${misspelt[0]}: did you mean ${misspelt[1]}?)` : ''}`;
  }).join('');
}

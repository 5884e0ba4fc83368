import * as fs from 'fs';
import * as path from 'path';

/** The nearest directory above this module with a package.json: the repository (src/) or the installed package (lib/src/). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

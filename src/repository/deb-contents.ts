/**
 * The file list of a package from an apt index: its .deb is downloaded once
 * into the cache, checked against the index's SHA-256, and listed with dpkg-deb.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AptFetcher, AptPackage, AptSource } from '../model/apt-index';

/** Where downloaded packages are kept between runs. */
function cacheDir(): string {
  const root = process.env.CNPG_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cnpg-extensions-cdk');
  return path.join(root, 'debs');
}

/** The paths a package installs, without the leading "./". */
export async function packageFiles(source: AptSource, pkg: AptPackage, fetcher: AptFetcher): Promise<string[]> {
  const file = path.join(cacheDir(), `${pkg.sha256}.deb`);
  if (!fs.existsSync(file)) {
    const location = `${source.url.replace(/\/+$/, '')}/${pkg.filename}`;
    const bytes = Buffer.from(await fetcher(location));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== pkg.size || digest !== pkg.sha256) {
      throw new Error(`${location}: ${bytes.length} bytes with SHA-256 ${digest}, but the index says ${pkg.size} bytes with ${pkg.sha256}`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so that an interrupted download never looks complete.
    fs.writeFileSync(`${file}.${process.pid}`, bytes);
    fs.renameSync(`${file}.${process.pid}`, file);
  }
  const tar = execFileSync('dpkg-deb', ['--fsys-tarfile', file], { maxBuffer: 1024 * 1024 * 1024 });
  const listing = execFileSync('tar', ['-t'], { input: tar, maxBuffer: 256 * 1024 * 1024 }).toString();
  return listing.split('\n').filter((l) => l && !l.endsWith('/')).map((l) => l.replace(/^\.\//, ''));
}

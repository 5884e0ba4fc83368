/**
 * A Debian package of a PostgreSQL extension, fetched from Debian sid with the
 * e2e test's private apt configuration and unpacked with dpkg-deb.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Deb822Paragraph, parseDeb822 } from './deb822';
import { ElfFacts, dynamicSymbolsOf, isElf, neededLibrariesOf } from './elf-dynamic';
import { run, sidApt, sidCandidateVersion } from '../lib/tools';

/** What the scaffold reads from a package; tests provide it without dpkg. */
export interface PackageFacts {
  /** The package name, e.g. "postgresql-18-hypopg". */
  readonly packageName: string;
  /** The fields of its control paragraph (Version, Description, Homepage, ...). */
  readonly fields: Deb822Paragraph;
  /** Its files and symlinks, relative to the package root (e.g. "usr/lib/postgresql/18/lib/hypopg.so"), sorted. */
  readonly paths: readonly string[];
  /** The content of a file of the package, following symlinks inside it; undefined when there is none. */
  readFile(packagePath: string): Buffer | undefined;
  /** The dynamic linking facts of an ELF file of the package; undefined for other files. */
  elf(packagePath: string): ElfFacts | undefined;
}

const MAX_SYMLINK_HOPS = 16;

/** Downloads sid's version of `packageName` into `workDir`, unpacks it there and returns its facts. */
export function fetchPackage(packageName: string, workDir: string): PackageFacts {
  const version = sidCandidateVersion(packageName);
  if (version === undefined) throw new Error(`Debian sid has no package ${packageName}`);
  sidApt(['apt-get', 'download', `${packageName}=${version}`], { cwd: workDir });
  const deb = fs.readdirSync(workDir).find((f) => f.endsWith('.deb'));
  if (deb === undefined) throw new Error(`apt-get download ${packageName} left no .deb in ${workDir}`);
  const root = path.join(workDir, 'root');
  run('dpkg-deb', ['-x', path.join(workDir, deb), root]);
  const fields = parseDeb822(run('dpkg-deb', ['-f', path.join(workDir, deb)]))[0] ?? new Map<string, string>();
  return unpackedPackage(packageName, fields, root);
}

/** The facts of a package unpacked at `root`. */
function unpackedPackage(packageName: string, fields: Deb822Paragraph, root: string): PackageFacts {
  const readFile = (packagePath: string) => {
    const file = resolveInPackage(root, packagePath);
    return file === undefined ? undefined : fs.readFileSync(file);
  };
  return {
    packageName,
    fields,
    paths: listFiles(root),
    readFile,
    elf: (packagePath) => {
      const file = resolveInPackage(root, packagePath);
      if (file === undefined || !isElf(fs.readFileSync(file).subarray(0, 4))) return undefined;
      return { needed: neededLibrariesOf(run('readelf', ['-d', '-W', file])), ...dynamicSymbolsOf(run('readelf', ['--dyn-syms', '-W', file])) };
    },
  };
}

/** Files and symlinks under `root`, as sorted paths relative to it with "/" separators. */
function listFiles(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * The real file behind `packagePath`, following symlinks as they would resolve
 * once installed (absolute targets stay inside `root`); undefined when it
 * leaves the package, dangles, or is not a regular file.
 */
function resolveInPackage(root: string, packagePath: string): string | undefined {
  let current = path.join(root, packagePath);
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    const stat = fs.lstatSync(current, { throwIfNoEntry: false });
    if (!stat?.isSymbolicLink()) return stat?.isFile() ? current : undefined;
    const target = fs.readlinkSync(current);
    current = path.isAbsolute(target) ? path.join(root, target) : path.resolve(path.dirname(current), target);
    if (!current.startsWith(`${root}${path.sep}`)) return undefined;
  }
  return undefined;
}

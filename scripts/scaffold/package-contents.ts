/**
 * Which files of a PostgreSQL extension package go into the image, as the
 * globs of a definition's `files`, and which are left out.
 */
import * as path from 'path';
import { ExtensionFilesProps } from '../../src';

/** The files of a package, sorted into what a definition selects and what it leaves. */
export interface PackageContents {
  /** The definition's `files`. */
  readonly files: Required<ExtensionFilesProps>;
  /** Package paths of the primary `.control` files, one per extension. */
  readonly controlFiles: string[];
  /** Package paths of the SQL scripts of the extension directory. */
  readonly sqlScripts: string[];
  /** Package paths of the files of the library directory (bitcode excluded). */
  readonly libraries: string[];
  /** Package paths of the files of the bin directory. */
  readonly binaries: string[];
  /** Package paths of the documentation under usr/share/doc, without copyright files and changelogs. */
  readonly docs: string[];
  /** Directories holding files the image leaves out (headers, programs outside PostgreSQL's bin, ...), sorted. */
  readonly notCopied: string[];
}

/** Directories of the package that hold PostgreSQL's files for `major`, relative to the package root. */
function packageDirectories(major: number) {
  return {
    lib: `usr/lib/postgresql/${major}/lib`,
    bin: `usr/lib/postgresql/${major}/bin`,
    extension: `usr/share/postgresql/${major}/extension`,
    postgresqlShare: `usr/share/postgresql/${major}`,
  };
}

const CONTROL_SUFFIX = '.control';
/** Just-in-time compilation bitcode: PostgreSQL's LLVM JIT cannot load it from an image volume. */
const BITCODE_DIR = 'bitcode';
/** Directories of usr/share that never go into an image. */
const UNSHIPPED_SHARE_DIRS = new Set(['bash-completion', 'bug', 'doc', 'doc-base', 'info', 'lintian', 'locale', 'man', 'menu']);
/** The characters a definition's glob may hold; any other character of a file name is matched by "?". */
const GLOB_UNSAFE = /[^A-Za-z0-9._+@%,=-]/g;

/** Sorts the package paths `paths` (files, relative to the package root) for PostgreSQL `major`. */
export function sortPackageContents(paths: readonly string[], major: number): PackageContents {
  const dirs = packageDirectories(major);
  const under = (dir: string) => paths.filter((p) => p.startsWith(`${dir}/`));
  const libraries = under(dirs.lib).filter((p) => firstComponent(p, dirs.lib) !== BITCODE_DIR);
  const extensionFiles = under(dirs.extension);
  const binaries = under(dirs.bin);
  const share = shareSelection(paths, major);
  const selected = new Set([...libraries, ...extensionFiles, ...binaries, ...share.paths]);
  const docs = under('usr/share/doc').filter((p) => !/\/(copyright|changelog[^/]*)$/.test(p));
  return {
    files: {
      lib: topEntries(libraries, dirs.lib).map(globOfName),
      extension: extensionGlobs(topEntries(extensionFiles, dirs.extension)),
      bin: topEntries(binaries, dirs.bin).map(globOfName),
      share: share.globs,
    },
    controlFiles: extensionFiles.filter((p) => isPrimaryControlFile(path.posix.basename(p))),
    sqlScripts: extensionFiles.filter((p) => p.endsWith('.sql')),
    libraries,
    binaries,
    docs,
    notCopied: [...new Set(paths.filter((p) => !selected.has(p) && !isNeverShipped(p, major)).map((p) => path.posix.dirname(p)))].sort(),
  };
}

/**
 * The extension directory's globs: per primary control file `<name>.control`,
 * `<name>--*.sql` for its scripts and `<name>--*.control` for its secondary
 * control files, when it has them; every other file by name.
 */
export function extensionGlobs(names: readonly string[]): string[] {
  const globs: string[] = [];
  const covered = new Set<string>();
  for (const control of names.filter(isPrimaryControlFile)) {
    const stem = control.slice(0, -CONTROL_SUFFIX.length);
    globs.push(globOfName(control));
    covered.add(control);
    for (const suffix of ['.sql', CONTROL_SUFFIX]) {
      const versioned = names.filter((n) => n.startsWith(`${stem}--`) && n.endsWith(suffix));
      if (versioned.length === 0) continue;
      globs.push(`${globOfName(stem)}--*${suffix}`);
      versioned.forEach((n) => covered.add(n));
    }
  }
  return [...globs, ...names.filter((n) => !covered.has(n)).map(globOfName)];
}

/** Whether `name` is an extension's control file, not a secondary one (`<name>--<version>.control`). */
function isPrimaryControlFile(name: string): boolean {
  return name.endsWith(CONTROL_SUFFIX) && !name.includes('--');
}

/** A glob matching the file name `name`, using "?" for the characters a definition's glob cannot hold. */
export function globOfName(name: string): string {
  return name.replace(GLOB_UNSAFE, '?');
}

/**
 * Share directories other than the extension directory: `usr/share/postgresql/<major>/<dir>`
 * (e.g. contrib, tsearch_data) and `usr/share/<dir>`, each to `/share/<dir>`.
 */
function shareSelection(paths: readonly string[], major: number): { globs: Record<string, string[]>; paths: string[] } {
  const { postgresqlShare, extension } = packageDirectories(major);
  const globs: Record<string, string[]> = {};
  const selected: string[] = [];
  const add = (target: string, glob: string, p: string) => {
    globs[target] = [...new Set([...(globs[target] ?? []), glob])];
    selected.push(p);
  };
  for (const p of paths) {
    const parts = p.split('/');
    if (p.startsWith(`${postgresqlShare}/`) && !p.startsWith(`${extension}/`) && parts.length > 5) {
      add(parts[4], `postgresql/{major}/${parts[4]}/*`, p);
    } else if (parts[0] === 'usr' && parts[1] === 'share' && parts.length > 3 && parts[2] !== 'postgresql' && !UNSHIPPED_SHARE_DIRS.has(parts[2])) {
      add(parts[2], `${parts[2]}/*`, p);
    }
  }
  return { globs, paths: selected };
}

/** Whether `p` is JIT bitcode or documentation-like: left out without mention. */
function isNeverShipped(p: string, major: number): boolean {
  const parts = p.split('/');
  return p.startsWith(`${packageDirectories(major).lib}/${BITCODE_DIR}/`) || (parts[0] === 'usr' && parts[1] === 'share' && UNSHIPPED_SHARE_DIRS.has(parts[2]));
}

/** The names of the entries directly under `dir` that hold `paths`, sorted. */
function topEntries(paths: readonly string[], dir: string): string[] {
  return [...new Set(paths.map((p) => firstComponent(p, dir)))].sort();
}

function firstComponent(p: string, dir: string): string {
  return p.slice(dir.length + 1).split('/')[0];
}

import * as fs from 'fs';
import * as path from 'path';
import { Component, Project, TextFile } from 'projen';
import { definitionFiles, loadExtensionDefinitions } from './definition-loader';
import { ExtensionRepository } from './extension-repository';
import { DefinitionError } from '../model/definition-error';
import { IMAGES_LOCK_FILE, ImagesLock } from '../model/images-lock';
import { NOT_PACKAGED_FILE, NotPackagedList } from '../model/not-packaged';
import { OperandCatalog, OperandCatalogError } from '../model/operand-catalog';
import { packageRoot } from '../model/package-root';
import { bundleSignsContent, signatureBundleName } from '../model/sigstore-bundle';
import { TagPolicy } from '../model/tag-policy';
import { VERSIONS_LOCK_FILE, VersionsLock } from '../model/versions-lock';
import { renderExtensionsTable, replaceExtensionsTable } from '../render/extensions-table';
import { renderNotPackagedTable, replaceNotPackagedTable } from '../render/not-packaged-table';

/** Options of the ExtensionImages component. */
export interface ExtensionImagesOptions {
  /** Directory of the definitions, one file per extension. */
  readonly extensionsDir: string;
  /** Directory of the minimal operand catalogs the extensions are built against. @default - the ones this package vendors (vendor/cloudnative-pg/operand-catalogs) */
  readonly operandCatalogDir?: string;
  /** Output directory; everything in it is generated, and files this component did not write are removed. */
  readonly outdir: string;
  /** Source repository URL for image labels. */
  readonly source: string;
  /** Registry and namespace of the images. */
  readonly registry: string;
  /** Module the generated `extensions/index.ts` imports the library from. @default "cnpg-extensions-cdk" */
  readonly libraryModule?: string;
  /** Whether to write `.github/CODEOWNERS` from the definitions' owners. @default true */
  readonly codeowners?: boolean;
  /** Tag convention of the images. @default TagPolicy.DEFAULT */
  readonly tagPolicy?: TagPolicy;
  /** The hand-written README whose extensions table (between its markers) synthesis rewrites, or false for none. @default "README.md" */
  readonly readme?: string | false;
  /** Command (program and arguments, run without a shell) of the `update-versions` task this component adds. @default ["cnpg-extensions-update-versions"] (this package's bin) */
  readonly updateVersionsCommand?: string[];
  /** apt sources file (which index serves which distro) for `update-versions`. @default - the one this package vendors */
  readonly aptSources?: string;
}

/** The vendored operand catalogs, relative to this package's root. */
const VENDORED_OPERAND_CATALOGS = 'vendor/cloudnative-pg/operand-catalogs';

/**
 * Synthesizes `generated/` from `extensions/*.ts`, plus the barrel
 * `extensions/index.ts`. Every definition is validated, and every file
 * rendered, when the component is constructed: a bad definition stops
 * synthesis before anything is written, so it leaves the tree untouched.
 *
 * The output directory is one unit owned by this component, not one projen
 * file per output (projen's per-file bookkeeping is quadratic in the number of
 * files): `synthesize()` writes the files whose bytes or read-only mode
 * differ, and removes every other file under the directory. The files are
 * written read-only and without projen's marker, as projen would write them;
 * `.gitattributes` marks the whole directory `linguist-generated`, and
 * `.projen/files.json` does not list its files.
 */
export class ExtensionImages extends Component {
  /** The output directory, relative to the project's. */
  public readonly outdir: string;
  private readonly files: ReadonlyMap<string, string>;
  /** The README to rewrite (relative to the project) and its new text, unless the option turned it off. */
  private readonly readme?: { readonly file: string; readonly text: string };

  public constructor(project: Project, options: ExtensionImagesOptions) {
    super(project);
    this.outdir = outputDirectory(options.outdir);
    const extensionsDir = path.join(project.outdir, options.extensionsDir);
    let files: Map<string, string>;
    let readme: { file: string; text: string } | undefined;
    let codeowners: string;
    try {
      const repository = new ExtensionRepository({
        definitions: loadExtensionDefinitions(extensionsDir, project.outdir),
        operands: OperandCatalog.fromDirectory(options.operandCatalogDir !== undefined
          ? path.join(project.outdir, options.operandCatalogDir) : path.join(packageRoot(), VENDORED_OPERAND_CATALOGS)),
        versionsLock: VersionsLock.read(path.join(extensionsDir, VERSIONS_LOCK_FILE), `${options.extensionsDir}/${VERSIONS_LOCK_FILE}`),
        // What publish recorded: catalogs pin those images by digest.
        imagesLock: ImagesLock.read(path.join(extensionsDir, IMAGES_LOCK_FILE), `${options.extensionsDir}/${IMAGES_LOCK_FILE}`),
        source: options.source,
        registry: options.registry,
        outdir: this.outdir,
        tagPolicy: options.tagPolicy,
        cacheDirectory: outputCacheDirectory(project.outdir),
      });
      files = repository.synthesize();
      codeowners = repository.codeowners([VERSIONS_LOCK_FILE, IMAGES_LOCK_FILE, 'index.ts'].map((f) => `${toPosix(path.normalize(options.extensionsDir))}/${f}`));
      const readmeFile = options.readme ?? 'README.md';
      if (readmeFile !== false) {
        const readmePath = path.join(project.outdir, readmeFile);
        if (!fs.existsSync(readmePath)) throw new DefinitionError('(extensions table)', `${readmeFile} does not exist: create it with the markers, or set the ExtensionImages option readme: false`, readmeFile);
        let text = withReadmeHint(() => replaceExtensionsTable(fs.readFileSync(readmePath, 'utf8'), renderExtensionsTable(repository.images, repository.entries), readmeFile));
        // The packages left out on purpose, when the repository keeps that list.
        const notPackagedFile = path.join(extensionsDir, NOT_PACKAGED_FILE);
        if (fs.existsSync(notPackagedFile)) {
          const list = NotPackagedList.parse(fs.readFileSync(notPackagedFile, 'utf8'), `${options.extensionsDir}/${NOT_PACKAGED_FILE}`);
          text = withReadmeHint(() => replaceNotPackagedTable(text, renderNotPackagedTable(list), readmeFile));
        }
        readme = { file: readmeFile, text };
      }
    } catch (error) {
      if (error instanceof DefinitionError || error instanceof OperandCatalogError) {
        // A readable one-line error, and no file written: projen has not synthesized yet.
        console.error(`error: ${error.message}`);
        process.exit(1);
      }
      throw error;
    }
    this.files = files;
    this.readme = readme;
    // What projen recorded per file, once for the directory: generated, and committed.
    project.annotateGenerated(`/${this.outdir}/**`);
    project.addGitIgnore(`!/${this.outdir}/**`);
    const aptSources = options.aptSources !== undefined ? ['--apt-sources', options.aptSources] : [];
    project.addTask('update-versions', {
      description: `Resolve exact package versions from the apt indexes into ${options.extensionsDir}/${VERSIONS_LOCK_FILE} `
        + '(args: [--distro D]... [--source [D=]URL|DIR]... [--check] [--allow-downgrade] [--derive [--cite FILE]] [name...])',
      // No shell between the user and the script: arguments such as --citation '... <extension> ...' arrive verbatim.
      execArgs: [...options.updateVersionsCommand ?? ['cnpg-extensions-update-versions'], '--extensions', options.extensionsDir, ...aptSources],
      receiveArgs: true,
    });
    if (options.codeowners ?? true) new TextFile(project, '.github/CODEOWNERS', { lines: codeowners.split('\n'), marker: false });
    const barrel = definitionFiles(extensionsDir).map((f) => `export * from './${f.replace(/\.ts$/, '')}';`);
    new TextFile(project, `${options.extensionsDir}/index.ts`, {
      lines: [
        '// Generated by projen from the files of this directory; add a definition file instead of editing this one.',
        `import { VersionsLock } from '${options.libraryModule ?? 'cnpg-extensions-cdk'}';`,
        `import * as lockFile from './${VERSIONS_LOCK_FILE}';`,
        ...barrel,
        '',
        '/** The exact package versions of every definition above: give it to ExtensionImage.addBuildsFromLock(). */',
        `export const versionsLock = VersionsLock.fromJson(lockFile, '${options.extensionsDir}/${VERSIONS_LOCK_FILE}');`,
        '',
      ],
      marker: false,
    });
  }

  /**
   * Writes the output directory, then rewrites the extensions table of the
   * README when it changed (the rest of the README is hand-written).
   */
  public synthesize(): void {
    const outdir = path.join(this.project.outdir, this.outdir);
    // Files other components (or subprojects) keep under the output directory are theirs.
    const others = [
      ...this.project.files.map((f) => f.absolutePath),
      ...this.project.subprojects.map((p) => p.outdir),
    ].filter((p) => isInside(outdir, p)).map((p) => toPosix(path.relative(outdir, p)));
    writeGeneratedTree(outdir, this.files, { keep: [...others, ...currentSignatureBundles(outdir, this.files)] });
    if (this.readme === undefined) return;
    const file = path.join(this.project.outdir, this.readme.file);
    if (fs.readFileSync(file, 'utf8') !== this.readme.text) fs.writeFileSync(file, this.readme.text);
  }
}

/** `replace()`, whose missing-markers error also says how to keep no table at all. */
function withReadmeHint(replace: () => string): string {
  try {
    return replace();
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    throw new DefinitionError(error.field, `${error.rule}; or set the ExtensionImages option readme: false to keep no table`, error.file);
  }
}

/**
 * The sigstore bundles under `dir` that sign a generated file exactly as it
 * is about to be written (`publish` signs the catalogs): kept by synthesis.
 * A bundle of an older version of its file no longer signs anything, so it is
 * removed with the other stale files.
 */
export function currentSignatureBundles(dir: string, files: ReadonlyMap<string, string>): string[] {
  // One walk of the directory instead of a failed read per generated file: few files are signed.
  const present = new Set([...listTree(dir)].filter(([, kind]) => kind === 'file').map(([rel]) => rel));
  return [...files].flatMap(([rel, content]) => {
    const bundle = signatureBundleName(rel);
    if (!present.has(bundle)) return [];
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, bundle), 'utf8');
    } catch {
      return [];
    }
    return bundleSignsContent(text, content) ? [bundle] : [];
  });
}

/** What writeGeneratedTree did. */
export interface GeneratedTreeChanges {
  /** Files written because they were missing or their bytes or mode differed, relative to the directory, sorted. */
  readonly written: string[];
  /** Files (and other entries) removed because nothing generated them, sorted. */
  readonly removed: string[];
}

/** Options of writeGeneratedTree. */
export interface GeneratedTreeOptions {
  /** Paths (files or directories, relative and `/`-separated) under the directory that belong to someone else: never removed. */
  readonly keep?: readonly string[];
}

/** The mode of every generated file, as projen writes its read-only files. */
const READ_ONLY = 0o444;

/**
 * Makes `dir` hold exactly `files` (relative `/`-separated path to content),
 * read-only: writes a file only when it is missing or its bytes or mode
 * differ, each through a temporary file renamed into place (a reader never
 * sees half a file), then removes every other entry and the directories left
 * empty. Paths in `keep` are left alone. The result depends only on `files`,
 * not on the umask, locale or time zone.
 */
export function writeGeneratedTree(dir: string, files: ReadonlyMap<string, string>, options: GeneratedTreeOptions = {}): GeneratedTreeChanges {
  const keep = options.keep ?? [];
  const kept = (rel: string) => keep.some((k) => rel === k || rel.startsWith(`${k}/`));
  const wantedDirs = new Set<string>();
  for (const rel of files.keys()) {
    checkRelativePath(rel);
    for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) wantedDirs.add(d);
  }
  const existing = listTree(dir);
  const removed: string[] = [];
  const removedDirs = new Set<string>();
  // An entry under a directory already removed went with it.
  const gone = (rel: string) => ancestors(rel).some((d) => removedDirs.has(d));
  const remove = (rel: string) => {
    if (gone(rel)) return;
    fs.rmSync(path.join(dir, rel), { recursive: true, force: true });
    if (existing.get(rel) === 'dir') removedDirs.add(rel);
    existing.delete(rel);
    removed.push(rel);
  };
  // Entries in the way of what is written: a file where a directory goes, or anything but a file where a file goes.
  for (const [rel, kind] of [...existing]) {
    if (!kept(rel) && ((wantedDirs.has(rel) && kind !== 'dir') || (files.has(rel) && kind !== 'file'))) remove(rel);
  }
  const written: string[] = [];
  for (const [rel, content] of files) {
    const target = path.join(dir, rel);
    const bytes = Buffer.from(content, 'utf8');
    if (existing.get(rel) === 'file' && !gone(rel) && isUnchanged(target, bytes)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeAtomically(target, bytes);
    written.push(rel);
  }
  // Everything else is stale: a deleted definition's outputs, a leftover temporary file. Parents come before
  // their children (the walk is depth first), so a stale directory goes whole; one holding something kept stays.
  const keptDirs = new Set(keep.flatMap((k) => ancestors(k)));
  for (const [rel, kind] of [...existing]) {
    if (files.has(rel) || wantedDirs.has(rel) || kept(rel) || (kind === 'dir' && keptDirs.has(rel))) continue;
    remove(rel);
  }
  removed.sort(compareStrings);
  written.sort(compareStrings);
  return { written, removed };
}

/** Writes `bytes` read-only to a temporary file beside `target`, then renames it over `target`. */
function writeAtomically(target: string, bytes: Buffer): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, bytes, { mode: 0o600 });
    fs.chmodSync(temporary, READ_ONLY);
    try {
      fs.renameSync(temporary, target);
    } catch (error) {
      // Windows refuses to replace a read-only file.
      if (process.platform !== 'win32' || !fs.existsSync(target)) throw error;
      fs.chmodSync(target, 0o600);
      fs.renameSync(temporary, target);
    }
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Every entry under `dir` (relative, `/`-separated) and its kind; symbolic links are not followed. */
function listTree(dir: string): Map<string, 'file' | 'dir' | 'other'> {
  const result = new Map<string, 'file' | 'dir' | 'other'>();
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(rel === '' ? dir : path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && rel === '') return;
      throw error;
    }
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const kind = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
      result.set(child, kind);
      if (kind === 'dir') walk(child);
    }
  };
  walk('');
  return result;
}

/** Same bytes and read-only: nothing to write (the size is compared first, so most changes cost no read). */
function isUnchanged(file: string, bytes: Buffer): boolean {
  const stat = fs.statSync(file);
  // eslint-disable-next-line no-bitwise -- the permission bits of a file mode are a bit mask
  return (stat.mode & 0o777) === READ_ONLY && stat.size === bytes.length && fs.readFileSync(file).equals(bytes);
}

function ancestors(rel: string): string[] {
  const result: string[] = [];
  for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) result.push(d);
  return result;
}

function checkRelativePath(rel: string): void {
  const normal = path.posix.normalize(rel);
  if (rel === '' || rel === '.' || normal !== rel || rel.startsWith('../') || rel === '..' || path.posix.isAbsolute(rel) || rel.includes('\\')) {
    throw new Error(`generated file path "${rel}" must be relative, normalized and inside the output directory`);
  }
}

/**
 * Where the cache of validated per-extension outputs goes: `$CNPG_EXTENSIONS_CDK_CACHE` (`off`: no cache, every
 * extension rendered), else the project's `node_modules/.cache/cnpg-extensions-cdk` (git-ignored; `npm ci` clears it).
 */
function outputCacheDirectory(projectDir: string): string | undefined {
  const setting = process.env.CNPG_EXTENSIONS_CDK_CACHE;
  if (setting === 'off') return undefined;
  if (setting) return setting;
  const nodeModules = path.join(projectDir, 'node_modules');
  return fs.existsSync(nodeModules) ? path.join(nodeModules, '.cache', 'cnpg-extensions-cdk') : undefined;
}

/** The output directory option, checked: a subdirectory of the project, since everything in it not generated is removed. */
function outputDirectory(option: string): string {
  const normal = toPosix(path.normalize(option)).replace(/\/+$/, '');
  if (normal === '' || normal === '.' || normal === '..' || normal.startsWith('../') || path.isAbsolute(normal)) {
    throw new Error(`ExtensionImages outdir "${option}" must be a subdirectory of the project: every file in it that synthesis does not write is removed`);
  }
  return normal;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An extension definition inferred from a PostgreSQL extension's Debian
 * package, with a line for each inferred field and one for everything a
 * maintainer still has to decide or check.
 */
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { InferredVersions, inferVersions } from './build-versions';
import { licensesOfCopyright } from './copyright-licenses';
import { firstLineOf } from './deb822';
import { ExtensionControl, parseExtensionControl } from './extension-control';
import { exceptionsAwaitingReview } from './license-exceptions';
import { PackageContents, sortPackageContents } from './package-contents';
import { PackageFacts } from './package-facts';
import { packageTemplateOf } from './package-name';
import { preloadVerdict } from './shared-preload';
import { licenseRefOf } from './spdx-license';
import { loadsFromLibdir } from './sql-scripts';
import { librariesOutsideOperand } from './system-libraries';
import { ExtensionImageProps, isExtensionBundleProps } from '../../src';
import { ExtensionDefinitionSource } from '../../src/projen';

/** What the inference needs besides the package. */
export interface InferenceOptions {
  /** The CloudNativePG extension name (see extensionNameOf). */
  readonly name: string;
  /** The PostgreSQL major version the package is built for. */
  readonly major: number;
  /** The distros of the operand catalogs that have `major`. */
  readonly distros: readonly string[];
  /** The definitions already in extensions/, to resolve the control file's `requires`. */
  readonly definitions: readonly ExtensionDefinitionSource[];
  /** GitHub users (`@user`) or teams (`@org/team`) who will maintain the extension; no package names them. */
  readonly owners: readonly string[];
}

/** An inferred definition and the report on it. */
export interface InferredDefinition {
  /** The definition. */
  readonly props: ExtensionImageProps;
  /** What was inferred, and from what: one line per field. */
  readonly inferred: string[];
  /** What could not be inferred or needs a maintainer's check. */
  readonly unresolved: string[];
}

/** The report lines an inference step adds to. */
type Report = Pick<InferredDefinition, 'inferred' | 'unresolved'>;

/** A control file of the package and what it says. */
interface ControlFile {
  readonly sqlName: string;
  readonly control: ExtensionControl;
}

/** The definition of the extension packaged as `facts`. */
export function inferDefinition(facts: PackageFacts, options: InferenceOptions): InferredDefinition {
  const report: Report = { inferred: [], unresolved: [] };
  const contents = sortPackageContents(facts.paths, options.major);
  const { name } = options;
  report.inferred.push(`name: ${name}`);
  report.unresolved.push(`owners: ${options.owners.join(' ')} (not in the package) — check that they will review and release it`);
  const main = mainControlFile(controlFilesOf(facts, contents), name, report);
  if (main) checkModuleIsShipped(main, contents, report);
  const description = descriptionOf(facts, options.major, report);
  const homepage = homepageOf(facts, report);
  const licenses = licensesOf(facts, report);
  const files = selectedFiles(contents, report);
  const libraries = analyzeLibraries(facts, contents, documentationOf(facts, contents), report);
  const stripLibdirPrefix = contents.sqlScripts.some((script) => loadsFromLibdir(textOf(facts, script)));
  if (stripLibdirPrefix) report.inferred.push("stripLibdirPrefix: the SQL scripts load '$libdir/...'");
  const requiredExtensions = main ? requiredExtensionsOf(main, options.definitions, report) : [];
  const { builds, sqlVersionPattern } = versionsOf(facts, main, options, report);
  report.unresolved.push('smoke test: none — add smokeTest { sql, expected } with a query whose result proves the extension works');
  report.unresolved.push(...otherDependencies(facts, options.major));
  const props: ExtensionImageProps = {
    name,
    sqlName: main && main.sqlName !== name ? main.sqlName : undefined,
    description,
    homepage,
    owners: [...options.owners],
    packages: [packageTemplateOf(facts.packageName, options.major)],
    licenses,
    licenseExceptions: orUndefined(exceptionsAwaitingReview(name, licenses)),
    files,
    sharedPreloadLibraries: orUndefined(libraries.preload),
    systemLibraries: libraries.systemLibraries || undefined,
    stripLibdirPrefix: stripLibdirPrefix || undefined,
    requiredExtensions: orUndefined(requiredExtensions),
    createExtension: main ? undefined : false,
    sqlVersionPattern,
    builds,
  };
  return { props, ...report };
}

function controlFilesOf(facts: PackageFacts, contents: PackageContents): ControlFile[] {
  return contents.controlFiles.map((file) => ({
    sqlName: path.posix.basename(file, '.control'),
    control: parseExtensionControl(textOf(facts, file)),
  }));
}

/** The control file CREATE EXTENSION uses: the one named like the extension, else the only or first one. */
function mainControlFile(controlFiles: readonly ControlFile[], name: string, report: Report): ControlFile | undefined {
  if (controlFiles.length === 0) {
    report.unresolved.push('sqlName: the package has no control file; written as a plugin (createExtension: false) — check');
    return undefined;
  }
  const main = controlFiles.find((c) => c.sqlName === name) ?? controlFiles[0];
  const version = main.control.defaultVersion === undefined ? 'no default_version' : `default_version ${main.control.defaultVersion}`;
  report.inferred.push(`sqlName: ${main.sqlName}, ${version} (${main.sqlName}.control)`);
  if (controlFiles.length > 1) {
    report.unresolved.push(`sqlName: the package holds ${controlFiles.length} extensions (${controlFiles.map((c) => c.sqlName).join(', ')}); ${main.sqlName} is the one created — check`);
  }
  return main;
}

/** Reports a module_pathname naming a library the package does not ship (another package must provide it). */
function checkModuleIsShipped(main: ControlFile, contents: PackageContents, report: Report): void {
  const module = main.control.modulePathname;
  if (module === undefined) return;
  const library = path.posix.basename(module);
  const shipped = contents.libraries.map((file) => path.posix.basename(file));
  if (!shipped.includes(library) && !shipped.includes(`${library}.so`)) {
    report.unresolved.push(`files: ${main.sqlName}.control loads ${module}, which the package does not ship; add the package that does to packages and files.lib`);
  }
}

/** Definitions whose SQL name the control file requires; the others are reported. */
function requiredExtensionsOf(main: ControlFile, definitions: readonly ExtensionDefinitionSource[], report: Report): string[] {
  const required: string[] = [];
  for (const sqlName of main.control.requires) {
    const definition = definitions.find((d) => !isExtensionBundleProps(d.props) && (d.props.sqlName ?? d.props.name) === sqlName);
    if (definition) {
      required.push(definition.props.name);
      report.inferred.push(`requiredExtensions: ${definition.props.name} (requires = ${sqlName}, defined in ${definition.file})`);
    } else {
      report.unresolved.push(`requiredExtensions: ${main.sqlName}.control requires ${sqlName}, which no definition in extensions/ provides; nothing to do if PostgreSQL ships it, else scaffold it first`);
    }
  }
  return required;
}

/** The builds for the operand distros, and the sqlVersionPattern from the package version and the control file's default_version. */
function versionsOf(facts: PackageFacts, main: ControlFile | undefined, options: InferenceOptions, report: Report): InferredVersions {
  const inferred = inferVersions(firstLineOf(facts.fields.get('version')), main?.control.defaultVersion, options.distros, options.major);
  const builds = inferred.builds.map((b) => `${b.distro}/${b.major}`).join(', ');
  report.inferred.push(`builds: ${builds}${inferred.sqlVersionPattern ? `, sqlVersionPattern ${inferred.sqlVersionPattern}` : ''}`);
  report.unresolved.push(...inferred.review);
  return inferred;
}

/** The first line of the package's Description, without a final full stop or the PostgreSQL major it was built for. */
function descriptionOf(facts: PackageFacts, major: number, report: Report): string {
  const description = firstLineOf(facts.fields.get('description'))
    .replace(/\.$/, '')
    .replace(new RegExp(`\\bPostgreSQL ${major}\\b`), 'PostgreSQL')
    .normalize('NFC');
  report.inferred.push(`description: ${JSON.stringify(description)} (Description)`);
  return description;
}

/** The Homepage field as an https URL without query or fragment; Debian's tracker page when it has no usable one. */
function homepageOf(facts: PackageFacts, report: Report): string {
  const declared = firstLineOf(facts.fields.get('homepage'));
  const url = URL.canParse(declared) ? new URL(declared) : undefined;
  if (url === undefined || !/^https?:$/.test(url.protocol)) {
    const source = firstLineOf(facts.fields.get('source')).split(' ')[0] || facts.packageName;
    const tracker = `https://tracker.debian.org/pkg/${source}`;
    report.unresolved.push(`homepage: the package names ${declared ? `no usable one (${declared})` : 'none'}; ${tracker} stands in — replace it with the upstream project's`);
    return tracker;
  }
  const homepage = `https://${url.host}${url.pathname === '/' && !declared.endsWith('/') ? '' : url.pathname}`;
  report.inferred.push(`homepage: ${homepage} (Homepage${homepage === declared ? '' : `: ${declared}`})`);
  return homepage;
}

function licensesOf(facts: PackageFacts, report: Report): string[] {
  const file = `usr/share/doc/${facts.packageName}/copyright`;
  const copyright = facts.readFile(file);
  if (copyright === undefined) {
    const unknown = licenseRefOf('unknown');
    report.unresolved.push(`licenses: the package has no ${file}; declared as ${unknown}, with an exception a maintainer must review`);
    return [unknown];
  }
  const found = licensesOfCopyright(copyright.toString('utf8'));
  report.inferred.push(`licenses: ${found.licenses.join(', ')} (${found.source})`);
  report.unresolved.push(...found.review);
  return found.licenses;
}

/** Which libraries to preload and whether system libraries are bundled, from the ELF files of lib and bin. */
function analyzeLibraries(
  facts: PackageFacts, contents: PackageContents, docs: string, report: Report,
): { preload: string[]; systemLibraries: boolean } {
  const preload: string[] = [];
  const outside: string[] = [];
  for (const file of contents.libraries) {
    const elf = facts.elf(file);
    if (elf === undefined) continue;
    const library = path.posix.basename(file).replace(/\.so$/, '');
    const verdict = preloadVerdict(library, elf, docs);
    if (verdict.preload) preload.push(library);
    if (verdict.sure) report.inferred.push(`shared_preload_libraries: ${verdict.preload ? '' : 'not '}${library}, as ${verdict.why}`);
    else report.unresolved.push(`shared_preload_libraries: unsure — ${verdict.preload ? 'listed' : 'left out'} ${library}, as ${verdict.why}`);
    outside.push(...librariesOutsideOperand(elf.needed));
  }
  const candidates = [...new Set(outside)].sort();
  const verdict = candidates.length > 0 ? `true, for ${candidates.join(', ')}` : 'not needed';
  report.inferred.push(`systemLibraries: ${verdict} (NEEDED entries of the libraries, against the minimal operand image)`);
  for (const file of contents.binaries) {
    const missing = librariesOutsideOperand(facts.elf(file)?.needed ?? []);
    if (missing.length > 0) report.unresolved.push(`bin: ${path.posix.basename(file)} needs ${missing.join(', ')}, which the image does not bundle (systemLibraries covers lib only)`);
  }
  return { preload, systemLibraries: candidates.length > 0 };
}

/** The definition's files: only the non-empty selections, with a report line on what stays out. */
function selectedFiles(contents: PackageContents, report: Report): ExtensionImageProps['files'] {
  const { lib, extension, bin, share } = contents.files;
  const files = {
    lib: orUndefined(lib),
    extension: orUndefined(extension),
    bin: orUndefined(bin),
    share: Object.keys(share).length > 0 ? share : undefined,
  };
  report.inferred.push(`files: ${Object.entries(files).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}`);
  if (contents.notCopied.length > 0) report.unresolved.push(`files: not copied from ${contents.notCopied.join(', ')} — check nothing there is needed at run time`);
  return files;
}

/** Packages the extension depends on besides PostgreSQL and shared libraries (which the library analysis covers). */
function otherDependencies(facts: PackageFacts, major: number): string[] {
  const names = (facts.fields.get('depends') ?? '').split(/[,|]/).map((d) => d.trim().split(/[\s:(]/)[0]).filter((d) => d.length > 0);
  const others = [...new Set(names.filter((d) => d !== `postgresql-${major}` && d !== 'postgresql-common' && !d.startsWith('lib')))];
  return others.length > 0 ? [`packages: it also depends on ${others.join(', ')}; add those whose files the extension needs at run time`] : [];
}

/** The text of the package's documentation (gzip-compressed files unpacked), for the preload heuristic. */
function documentationOf(facts: PackageFacts, contents: PackageContents): string {
  return contents.docs.map((file) => textOf(facts, file)).join('\n\n');
}

/** A package file as text, gunzipped when it ends in ".gz"; empty when the package has no such file. */
function textOf(facts: PackageFacts, file: string): string {
  const content = facts.readFile(file);
  if (content === undefined) return '';
  return (file.endsWith('.gz') ? gunzipSync(content) : content).toString('utf8');
}

function orUndefined<T>(list: readonly T[]): T[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

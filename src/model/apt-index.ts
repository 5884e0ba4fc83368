import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { promisify } from 'util';
import { gunzip } from 'zlib';
import { XzReadableStream } from 'xz-decompress';
import { compareDebianVersions } from './debian-version';
import { compareCodePoints } from './ordering';

/** Where an apt index lives: `url` is an http(s) URL or a local directory (absolute path or file: URL) laid out like a mirror (dists/<suite>/...). */
export interface AptSource {
  /** The repository root, e.g. "http://deb.debian.org/debian" or "https://apt.postgresql.org/pub/repos/apt". */
  readonly url: string;
  /** The suite (directory under dists/), e.g. "sid", "trixie-pgdg". */
  readonly suite: string;
  /** The component, e.g. "main". */
  readonly component: string;
}

/** One binary package stanza of a Packages file. */
export interface AptPackage {
  /** The binary package name. */
  readonly name: string;
  /** The Debian version, exactly as written. */
  readonly version: string;
  /** "all" or a Debian architecture such as "amd64". */
  readonly architecture: string;
  /** The .deb's pool path relative to the source url. */
  readonly filename: string;
  /** The .deb's SHA-256, in hex. */
  readonly sha256: string;
  /** The .deb's size in bytes. */
  readonly size: number;
  /** The source package name: the Source field without its "(version)", else the binary package name. */
  readonly source: string;
}

/** What the Release file says about the index. */
export interface AptRelease {
  /** The Suite field, e.g. "unstable". */
  readonly suite?: string;
  /** The Codename field, e.g. "sid". */
  readonly codename?: string;
  /** The Origin field, e.g. "Debian". */
  readonly origin?: string;
  /** The Date field exactly as written, e.g. "Fri, 30 Oct 2026 08:08:01 UTC". */
  readonly date: string;
  /** The Architectures field, split; empty when the Release has none. */
  readonly architectures: readonly string[];
}

/** A package version chosen for a set of architectures. */
export interface AptResolution {
  /** The binary package name. */
  readonly name: string;
  /** The version chosen. */
  readonly version: string;
  /** The architectures requested, sorted; each served by an "all" or per-arch stanza of exactly this version. */
  readonly architectures: readonly string[];
  /** The stanzas used, one per distinct architecture entry ("all" once, or one per requested architecture). */
  readonly packages: readonly AptPackage[];
}

/** A failure to read or use an apt index; `notFound` tells a missing file (HTTP 404, ENOENT) from other failures. */
export class AptIndexError extends Error {
  /** Whether the failure is a file that does not exist, as opposed to one that could not be read or used. */
  public readonly notFound: boolean;

  /** Creates an error; `notFound` marks a missing file. */
  public constructor(message: string, options: { readonly notFound?: boolean } = {}) {
    super(message);
    this.name = 'AptIndexError';
    this.notFound = options.notFound ?? false;
  }
}

/** Fetches a URL or local path; tests inject one. Returns the bytes, or throws AptIndexError for not found (404 / ENOENT) distinguishable via a `notFound` boolean property. */
export type AptFetcher = (location: string) => Promise<Uint8Array>;

/** Options of AptIndex.load. */
export interface AptIndexLoadOptions {
  /** Reads a location (URL or path); defaults to HTTP(S) via fetch and local files via fs. */
  readonly fetcher?: AptFetcher;
}

/**
 * The binary packages of one component of one suite of an apt repository, for
 * some architectures, read the way apt reads them: the Release (from InRelease,
 * else Release) lists each Packages file with its size and SHA-256, and every
 * file is checked against that list before it is used.
 *
 * The OpenPGP signature of InRelease is NOT verified: only the hashes are
 * checked, so the index is as trustworthy as the channel the Release came over.
 */
export class AptIndex {
  /** Reads the Release of `source` and the Packages files of `architectures` (Debian names, e.g. "amd64"). */
  public static async load(source: AptSource, architectures: readonly string[], options: AptIndexLoadOptions = {}): Promise<AptIndex> {
    const reader = new IndexReader(source, options.fetcher ?? fetchLocation);
    const wanted = [...new Set(architectures)].sort();
    if (wanted.length === 0) throw new AptIndexError(`${reader.where}: no architecture requested`);
    wanted.forEach((arch) => checkName(arch, 'architecture', reader.where));
    const parsed = await reader.readRelease();
    const lists = wanted.map((arch) => packagesFilesOf(parsed, source.component, arch, reader.where));
    const store = new PackageStore();
    // Downloads run together; decompressing and parsing go one file at a time,
    // so that only one uncompressed Packages file (~65 MB for Debian) is in memory.
    const allLists = wanted.includes('all') ? [] : allArchitectureLists(parsed, source.component);
    const downloads = await Promise.all([...lists, ...allLists].map((list) => reader.download(list)));
    for (const download of downloads) {
      parsePackages(await decompress(download, reader.where), download.file, reader.where, store);
    }
    return new AptIndex(source, parsed.release, wanted, store);
  }

  private readonly where: string;

  private constructor(
    /** Where the index was read from. */
    public readonly source: AptSource,
    /** What the Release says about the index. */
    public readonly release: AptRelease,
    private readonly architectures: readonly string[],
    private readonly store: PackageStore,
  ) {
    this.where = describe(source);
  }

  /** Every stanza of `name` usable on `architecture` (its own arch or "all"), highest version first. */
  public versions(name: string, architecture: string): AptPackage[] {
    this.checkLoaded([architecture]);
    const usable = this.store.get(name).filter((p) => p.architecture === architecture || p.architecture === 'all');
    try {
      // Ties (one version as both "all" and per-arch) put the per-arch stanza first.
      return usable.sort((a, b) => compareDebianVersions(b.version, a.version) || Number(a.architecture === 'all') - Number(b.architecture === 'all'));
    } catch (error) {
      throw new AptIndexError(`${this.where}: ${name} has a version dpkg would not accept: ${messageOf(error)}`);
    }
  }

  /**
   * The version apt would install on every one of `architectures`: the highest version present for ALL of them
   * (optionally only versions accepted by `accept`). Throws AptIndexError naming the package, the suite and the
   * missing architectures when the package is absent for any of them, or when no common version exists / none is accepted.
   */
  public resolve(name: string, architectures: readonly string[], accept?: (version: string) => boolean): AptResolution {
    const wanted = [...new Set(architectures)].sort();
    if (wanted.length === 0) throw new AptIndexError(`${this.where}: no architecture requested for ${name}`);
    this.checkLoaded(wanted);
    const perArch = new Map(wanted.map((arch) => [arch, this.versions(name, arch)]));
    this.checkPresent(name, perArch);
    const common = commonVersions(perArch);
    if (common.length === 0) throw new AptIndexError(`${this.where}: no version of ${name} is there for all of ${wanted.join(', ')} (${versionsByArch(perArch)})`);
    const version = accept ? common.find((v) => accept(v)) : common[0];
    if (version === undefined) throw new AptIndexError(`${this.where}: no version of ${name} for ${wanted.join(', ')} is accepted (${common.join(', ')})`);
    return { name, version, architectures: wanted, packages: stanzasOf(perArch, version) };
  }

  /** The names of every package in the index whose name starts with `prefix`, sorted by code point. */
  public packageNames(prefix = ''): string[] {
    return this.store.names().filter((name) => name.startsWith(prefix)).sort(compareCodePoints);
  }

  /** Throws unless every one of `architectures` was loaded ("all" always is: its stanzas come with every architecture). */
  private checkLoaded(architectures: readonly string[]): void {
    const missing = architectures.filter((arch) => arch !== 'all' && !this.architectures.includes(arch));
    if (missing.length > 0) {
      throw new AptIndexError(`${this.where}: architecture ${missing.join(', ')} was not loaded (loaded: ${this.architectures.join(', ')})`);
    }
  }

  /** Throws naming the architectures that have no stanza of `name` at all. */
  private checkPresent(name: string, perArch: ReadonlyMap<string, readonly AptPackage[]>): void {
    const missing = [...perArch].filter(([, stanzas]) => stanzas.length === 0).map(([arch]) => arch);
    if (missing.length === perArch.size) throw new AptIndexError(`${this.where}: there is no package ${name}`);
    if (missing.length > 0) {
      const present = [...perArch.keys()].filter((arch) => !missing.includes(arch));
      throw new AptIndexError(`${this.where}: ${name} is missing for ${missing.join(', ')} (it is there for ${present.join(', ')})`);
    }
  }
}

/** Maps an OCI platform ("linux/amd64", "linux/arm64", "linux/arm/v7") to the Debian architecture ("amd64", "arm64", "armhf"); throws AptIndexError for an unknown one. */
export function debianArchitectureOf(platform: string): string {
  const architecture = DEBIAN_ARCHITECTURES.get(platform);
  if (architecture === undefined) {
    throw new AptIndexError(`platform "${platform}" has no Debian architecture (known: ${[...DEBIAN_ARCHITECTURES.keys()].join(', ')})`);
  }
  return architecture;
}

/**
 * OCI platforms and the Debian architecture whose binaries they run. Variants
 * follow the OCI image index: "arm64" implies v8 and "arm" v7 (containerd's
 * normalization); armel is Debian's ARMv5 port, so it serves linux/arm/v5 only.
 */
const DEBIAN_ARCHITECTURES: ReadonlyMap<string, string> = new Map([
  ['linux/amd64', 'amd64'],
  ['linux/arm64', 'arm64'],
  ['linux/arm64/v8', 'arm64'],
  ['linux/arm', 'armhf'],
  ['linux/arm/v7', 'armhf'],
  ['linux/arm/v5', 'armel'],
  ['linux/386', 'i386'],
  ['linux/ppc64le', 'ppc64el'],
  ['linux/s390x', 's390x'],
  ['linux/riscv64', 'riscv64'],
  ['linux/loong64', 'loong64'],
  ['linux/mips64le', 'mips64el'],
]);

/** The size and SHA-256 that the Release gives a file, by its path relative to dists/<suite>/. */
interface ListedFile {
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
}

/** A Release as the reader uses it. */
interface ParsedRelease {
  readonly release: AptRelease;
  /** The files of the SHA256 list, by path relative to dists/<suite>/. */
  readonly files: ReadonlyMap<string, ListedFile>;
  /** Whether the Release says `No-Support-for-Architecture-all: Packages`: arch-all stanzas are in every per-arch file. */
  readonly allInArchitectureFiles: boolean;
}

/** A Packages file downloaded and checked against the Release. */
interface Download {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** The Release files, tried in apt's order: InRelease first, Release when there is no InRelease. */
const RELEASE_FILES = ['InRelease', 'Release'] as const;

/**
 * Compressions of a Packages file, in the order they are tried. gzip first
 * because Node's zlib decodes it natively; xz goes through WebAssembly; the
 * plain file last because Debian lists its hash without serving it.
 */
const COMPRESSIONS = [
  { suffix: '.gz', decode: promisify(gunzip) },
  { suffix: '.xz', decode: unxz },
  { suffix: '', decode: async (bytes: Uint8Array) => bytes },
] as const;

/** Reads the files of one source, naming the source in every error. */
class IndexReader {
  /** The source as a sources.list line would name it, for messages. */
  public readonly where: string;

  public constructor(private readonly source: AptSource, private readonly fetcher: AptFetcher) {
    this.where = describe(source);
    checkUrl(source.url, this.where);
    checkName(source.suite, 'suite', this.where);
    checkName(source.component, 'component', this.where);
  }

  /** The Release (from InRelease, else Release) and the files it lists with their SHA-256. */
  public async readRelease(): Promise<ParsedRelease> {
    for (const name of RELEASE_FILES) {
      const bytes = await this.fetchOptional(name);
      if (bytes === undefined) continue;
      const text = Buffer.from(bytes).toString('utf8');
      const fields = parseParagraph(name === 'InRelease' ? clearsignedContent(text, this.fileWhere(name)) : text, this.fileWhere(name));
      return parsedReleaseOf(fields, this.fileWhere(name));
    }
    throw new AptIndexError(`${this.where}: there is neither ${this.relative('InRelease')} nor ${this.relative('Release')}`, { notFound: true });
  }

  /** The first of `candidates` that exists, checked against the Release. */
  public async download(candidates: readonly ListedFile[]): Promise<Download> {
    for (const listed of candidates) {
      const bytes = await this.fetchOptional(listed.file);
      if (bytes === undefined) continue;
      verify(bytes, listed, this.fileWhere(listed.file));
      return { file: listed.file, bytes };
    }
    const names = candidates.map((c) => this.relative(c.file)).join(', ');
    throw new AptIndexError(`${this.where}: the Release lists ${names} but none exists`, { notFound: true });
  }

  /** The bytes of dists/<suite>/`file`, or undefined when it does not exist. */
  private async fetchOptional(file: string): Promise<Uint8Array | undefined> {
    try {
      return await this.fetcher(locationOf(this.source.url, this.relative(file)));
    } catch (error) {
      // Duck-typed: the contract is the notFound property, whichever copy of AptIndexError a fetcher threw.
      if (typeof error === 'object' && error !== null && (error as { notFound?: unknown }).notFound === true) return undefined;
      throw new AptIndexError(`${this.where}: ${messageOf(error)}`);
    }
  }

  /** The path of `file` relative to the repository root. */
  private relative(file: string): string {
    return `dists/${this.source.suite}/${file}`;
  }

  /** The source and one of its files, for messages. */
  private fileWhere(file: string): string {
    return `${this.where}: ${this.relative(file)}`;
  }
}

/** The source as a sources.list line would name it. */
function describe(source: AptSource): string {
  return `${source.url} ${source.suite} ${source.component}`;
}

/** Throws unless `url` is an http(s) URL, a file: URL or an absolute path, the forms locationOf and fetchLocation know. */
function checkUrl(url: string, where: string): void {
  if (!/^(https?|file):\/\//i.test(url) && !path.isAbsolute(url)) {
    throw new AptIndexError(`${where}: the url must be an http(s) URL, a file: URL or an absolute path`);
  }
}

/** Throws unless `value` is a plain path segment (suite, component, architecture): no "..", no whitespace. */
function checkName(value: string, what: string, where: string): void {
  // Components such as "updates/main" hold a slash; none holds a "..".
  if (!/^[A-Za-z0-9][A-Za-z0-9._+/-]*$/.test(value) || value.split('/').includes('..')) {
    throw new AptIndexError(`${where}: "${value}" is not a valid ${what}`);
  }
}

/** `relative` under the repository root `url`: a URL for http(s) and file: URLs, a path for a local directory. */
function locationOf(url: string, relative: string): string {
  return /^[a-z]+:\/\//i.test(url) ? `${url.replace(/\/+$/, '')}/${relative}` : path.join(url, relative);
}

/** How long an HTTP request may take, answer included: a Packages.gz is ~15 MB. */
const HTTP_TIMEOUT_MS = 120_000;

/** The default fetcher: HTTP(S) via fetch, file: URLs and paths via fs. */
export async function fetchLocation(location: string): Promise<Uint8Array> {
  if (/^https?:\/\//i.test(location)) return fetchHttp(location);
  return readLocal(/^file:\/\//i.test(location) ? fileURLToPath(location) : location);
}

/** The body of `url`; a 404 or 410 is a notFound error, any other failure names the url and its cause. */
async function fetchHttp(url: string): Promise<Uint8Array> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    if (response.status === 404 || response.status === 410) {
      throw new AptIndexError(`${url} does not exist (HTTP ${response.status})`, { notFound: true });
    }
    if (!response.ok) throw new AptIndexError(`${url} answered HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof AptIndexError) throw error;
    throw new AptIndexError(`cannot reach ${url}: ${causeOf(error)}`);
  }
}

/** Why a fetch failed: undici hides the network error (ENOTFOUND, ECONNREFUSED) in `cause`. */
function causeOf(error: unknown): string {
  const { name, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; cause?: unknown };
  if (name === 'TimeoutError') return `no complete answer within ${HTTP_TIMEOUT_MS / 1000} s`;
  return messageOf(cause ?? error);
}

/** The bytes of a local file; a missing file (or directory on its path) is a notFound error. */
async function readLocal(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AptIndexError(`${file} does not exist`, { notFound: true });
    throw new AptIndexError(`cannot read ${file}: ${messageOf(error)}`);
  }
}

/** The message of anything thrown; duck-typed, as errors from another realm (undici's, under jest) are no `instanceof Error`. */
function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

/**
 * The signed text of a clearsigned message (RFC 4880 7.1): what follows the
 * armor headers ("Hash: ...") up to the signature, dash-escaping undone.
 */
function clearsignedContent(text: string, where: string): string {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  let start = 0;
  while (start < lines.length && lines[start].trim() === '') start++;
  if (lines[start]?.trimEnd() !== '-----BEGIN PGP SIGNED MESSAGE-----') throw new AptIndexError(`${where} is not a clearsigned message`);
  start++;
  while (start < lines.length && lines[start].trim() !== '') start++;
  const end = lines.findIndex((line, i) => i > start && line.trimEnd() === '-----BEGIN PGP SIGNATURE-----');
  if (end < 0) throw new AptIndexError(`${where} has no signature block after its signed text`);
  return lines.slice(start + 1, end).map((line) => undoDashEscape(line, where)).join('\n');
}

/** A signed line without its dash-escape: a line starting with "-" must have been escaped as "- -...". */
function undoDashEscape(line: string, where: string): string {
  if (line.startsWith('- ')) return line.slice(2);
  if (line.startsWith('-')) throw new AptIndexError(`${where} has a line starting with "-" that is not dash-escaped: ${line}`);
  return line;
}

/** The fields of a single deb822 paragraph by lowercased name (field names are case-insensitive); continuation lines joined with "\n". */
function parseParagraph(text: string, where: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  let current: string | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      // One paragraph only: a blank line after fields ends it.
      if (fields.size > 0) break;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current === undefined) throw new AptIndexError(`${where}: line ${index + 1} continues no field`);
      fields.set(current, `${fields.get(current)}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new AptIndexError(`${where}: line ${index + 1} is not a field: ${line}`);
    current = line.slice(0, colon).toLowerCase();
    fields.set(current, line.slice(colon + 1).trim());
  }
  return fields;
}

/** What the reader needs of a Release's fields. */
function parsedReleaseOf(fields: ReadonlyMap<string, string>, where: string): ParsedRelease {
  const noSupport = (fields.get('no-support-for-architecture-all') ?? '').split(/\s+/);
  return { release: releaseOf(fields, where), files: sha256ListOf(fields, where), allInArchitectureFiles: noSupport.includes('Packages') };
}

/** The Release's description of the index; Date is required. */
function releaseOf(fields: ReadonlyMap<string, string>, where: string): AptRelease {
  const date = fields.get('date');
  if (!date) throw new AptIndexError(`${where} has no Date field`);
  return {
    suite: fields.get('suite'),
    codename: fields.get('codename'),
    origin: fields.get('origin'),
    date,
    architectures: (fields.get('architectures') ?? '').split(/\s+/).filter((a) => a !== ''),
  };
}

/** The Release's SHA256 list: each line "<sha256> <size> <path>". */
function sha256ListOf(fields: ReadonlyMap<string, string>, where: string): ReadonlyMap<string, ListedFile> {
  const list = fields.get('sha256');
  if (list === undefined) throw new AptIndexError(`${where}: the Release has no SHA256 list`);
  const files = new Map<string, ListedFile>();
  for (const line of list.split('\n').filter((l) => l.trim() !== '')) {
    const [sha256, size, file, ...rest] = line.trim().split(/\s+/);
    if (!/^[0-9a-f]{64}$/i.test(sha256) || !/^\d+$/.test(size ?? '') || file === undefined || rest.length > 0) {
      throw new AptIndexError(`${where}: malformed SHA256 line: ${line}`);
    }
    files.set(file, { file, size: Number(size), sha256: sha256.toLowerCase() });
  }
  return files;
}

/** The listed Packages files of `component` for `architecture`, in the order to try them; throws when the Release has none. */
function packagesFilesOf(parsed: ParsedRelease, component: string, architecture: string, where: string): ListedFile[] {
  const { architectures } = parsed.release;
  // apt reads Architectures as the authoritative list of what the repository serves; an empty one says nothing.
  if (architectures.length > 0 && !architectures.includes(architecture)) {
    throw new AptIndexError(`${where}: the Release does not list architecture ${architecture} (it lists ${architectures.join(', ')})`);
  }
  const listed = packagesCandidates(parsed.files, component, architecture);
  if (listed.length === 0) throw new AptIndexError(`${where}: the Release lists no ${component}/binary-${architecture}/Packages file`);
  return listed;
}

/** The Packages files of `component`/binary-`architecture` that the Release lists, by COMPRESSIONS order. */
function packagesCandidates(files: ReadonlyMap<string, ListedFile>, component: string, architecture: string): ListedFile[] {
  return COMPRESSIONS.map((c) => files.get(`${component}/binary-${architecture}/Packages${c.suffix}`)).filter((f): f is ListedFile => f !== undefined);
}

/**
 * The binary-all Packages files to read as well, following apt: only when the
 * Release's Architectures include "all" and it does not say
 * `No-Support-for-Architecture-all: Packages` (Debian's way of saying the
 * arch-all stanzas are in every per-arch file already, so binary-all would
 * only be a wasted download).
 */
function allArchitectureLists(parsed: ParsedRelease, component: string): ListedFile[][] {
  if (!parsed.release.architectures.includes('all') || parsed.allInArchitectureFiles) return [];
  const listed = packagesCandidates(parsed.files, component, 'all');
  return listed.length > 0 ? [listed] : [];
}

/** Throws unless `bytes` have the size and SHA-256 the Release gives them. */
function verify(bytes: Uint8Array, listed: ListedFile, where: string): void {
  if (bytes.length !== listed.size) {
    throw new AptIndexError(`${where}: size mismatch: the Release says ${listed.size} bytes, the file has ${bytes.length}`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== listed.sha256) {
    throw new AptIndexError(`${where}: hash mismatch: the Release says SHA256 ${listed.sha256}, the file has ${actual}`);
  }
}

/** The uncompressed content of a downloaded Packages file. */
async function decompress(download: Download, where: string): Promise<Buffer> {
  const compression = COMPRESSIONS.find((c) => c.suffix !== '' && download.file.endsWith(c.suffix)) ?? COMPRESSIONS[2];
  try {
    const bytes = await compression.decode(download.bytes);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    throw new AptIndexError(`${where}: cannot decompress ${download.file}: ${messageOf(error)}`);
  }
}

/** Decompresses xz with the WebAssembly decoder of xz-decompress (Node has no native xz). */
async function unxz(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new XzReadableStream(new Blob([new Uint8Array(bytes)]).stream());
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The stanzas read so far, by package name, without duplicate (version, architecture) pairs. */
class PackageStore {
  private readonly byName = new Map<string, AptPackage[]>();

  /** Adds `stanza` unless the same name, version and architecture is there already (binary-all repeats per-arch files). */
  public add(stanza: AptPackage): void {
    const list = this.byName.get(stanza.name);
    if (list === undefined) {
      this.byName.set(stanza.name, [stanza]);
    } else if (!list.some((p) => p.version === stanza.version && p.architecture === stanza.architecture)) {
      list.push(stanza);
    }
  }

  /** A fresh array of the stanzas of `name`. */
  public get(name: string): AptPackage[] {
    return [...(this.byName.get(name) ?? [])];
  }

  /** Every package name held. */
  public names(): string[] {
    return [...this.byName.keys()];
  }
}

/** The fields kept from each stanza, lowercased (field names are case-insensitive), as bytes to match lines against. */
const KEPT_FIELDS = ['package', 'version', 'architecture', 'filename', 'sha256', 'size', 'source'] as const;
type KeptField = (typeof KEPT_FIELDS)[number];
const KEPT_FIELD_BYTES = KEPT_FIELDS.map((name) => ({ name, bytes: Buffer.from(name) }));

const NEWLINE = 0x0a;
const COLON = 0x3a;

/**
 * Reads the stanzas of a Packages file into `store`. It works on the bytes and
 * copies out only the kept fields, so that no string of the whole file stays
 * referenced (V8 substrings would keep their ~65 MB parent alive).
 */
function parsePackages(data: Buffer, file: string, where: string, store: PackageStore): void {
  let stanza: Partial<Record<KeptField, string>> = {};
  let start = 0;
  while (start <= data.length) {
    let end = data.indexOf(NEWLINE, start);
    if (end < 0) end = data.length;
    const lineEnd = end > start && data[end - 1] === 0x0d ? end - 1 : end;
    if (isBlank(data, start, lineEnd)) {
      if (Object.keys(stanza).length > 0) store.add(packageOf(stanza, file, where));
      stanza = {};
    } else if (data[start] !== 0x20 && data[start] !== 0x09) {
      // Continuation lines (leading space or tab) belong to fields not kept: Description, Tag, ...
      readKeptField(data, start, lineEnd, stanza);
    }
    start = end + 1;
  }
}

/** Whether bytes [start, end) hold only spaces and tabs. */
function isBlank(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (data[i] !== 0x20 && data[i] !== 0x09) return false;
  return true;
}

/** Sets the field of line [start, end) in `stanza` when it is one of KEPT_FIELDS. */
function readKeptField(data: Buffer, start: number, end: number, stanza: Partial<Record<KeptField, string>>): void {
  for (const { name, bytes } of KEPT_FIELD_BYTES) {
    if (start + bytes.length < end && data[start + bytes.length] === COLON && sameLowercase(data, start, bytes)) {
      stanza[name] = data.toString('utf8', start + bytes.length + 1, end).trim();
      return;
    }
  }
}

/** Whether data at `start` spells `lower` in any case (ASCII field names only). */
function sameLowercase(data: Buffer, start: number, lower: Buffer): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = data[start + i];
    // Lowercases ASCII letters only (A-Z is 0x41-0x5a, a-z 0x20 above); digits and "-" compare as they are.
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== lower[i]) return false;
  }
  return true;
}

/** Interned architecture names: a few distinct values shared by ~70k stanzas. */
const ARCHITECTURE_NAMES = new Map<string, string>();

/** The AptPackage of a stanza's kept fields; throws naming the file and package when one is missing or malformed. */
function packageOf(stanza: Partial<Record<KeptField, string>>, file: string, where: string): AptPackage {
  const { package: name, version, architecture, filename, sha256, size } = stanza;
  const missing = (['package', 'version', 'architecture', 'filename', 'sha256', 'size'] as const).filter((f) => !stanza[f]);
  if (name === undefined || version === undefined || architecture === undefined
    || filename === undefined || sha256 === undefined || size === undefined || missing.length > 0) {
    throw new AptIndexError(`${where}: ${file}: the stanza of ${name ?? '(no Package field)'} has no ${missing.join(', ')}`);
  }
  if (!/^\d+$/.test(size) || !/^[0-9a-f]{64}$/i.test(sha256)) {
    throw new AptIndexError(`${where}: ${file}: the stanza of ${name} ${version} has a malformed Size or SHA256`);
  }
  const arch = ARCHITECTURE_NAMES.get(architecture) ?? (ARCHITECTURE_NAMES.set(architecture, architecture), architecture);
  return { name, version, architecture: arch, filename, sha256: sha256.toLowerCase(), size: Number(size), source: sourceNameOf(stanza.source, name) };
}

/** The source package name: "postgis (3.7.0+dfsg-1)" gives "postgis"; no Source field means the binary's own name. */
function sourceNameOf(source: string | undefined, name: string): string {
  if (!source) return name;
  const space = source.indexOf(' ');
  return space < 0 ? source : source.slice(0, space);
}

/** The versions present for every architecture of `perArch`, highest first. */
function commonVersions(perArch: ReadonlyMap<string, readonly AptPackage[]>): string[] {
  const [first, ...others] = [...perArch.values()].map((stanzas) => stanzas.map((p) => p.version));
  // The first list is sorted highest first already; keep its order, drop duplicates (one version as "all" and per-arch).
  return [...new Set(first)].filter((version) => others.every((versions) => versions.includes(version)));
}

/** "amd64: 1.0-1, 0.9-1; arm64: 1.0-1+b1", for messages. */
function versionsByArch(perArch: ReadonlyMap<string, readonly AptPackage[]>): string {
  return [...perArch].map(([arch, stanzas]) => `${arch} has ${[...new Set(stanzas.map((p) => p.version))].join(', ')}`).join('; ');
}

/** The stanzas of `version` serving each architecture: a per-arch stanza before an "all" one, each stanza once. */
function stanzasOf(perArch: ReadonlyMap<string, readonly AptPackage[]>, version: string): AptPackage[] {
  const used = new Map<string, AptPackage>();
  for (const [arch, stanzas] of perArch) {
    const stanza = stanzas.find((p) => p.version === version && p.architecture === arch) ?? stanzas.find((p) => p.version === version)!;
    used.set(stanza.architecture, stanza);
  }
  return [...used.values()];
}

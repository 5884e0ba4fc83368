import { check } from './definition-error';

/** A Debian package version split into its parts (Debian Policy 5.6.12). */
export interface DebianVersion {
  /** The epoch, 0 when absent. */
  readonly epoch: number;
  /** The upstream version: what the extension's authors released. */
  readonly upstream: string;
  /** The Debian revision, empty for a native package. */
  readonly revision: string;
}

const EPOCH = /^(\d+):/;
const UPSTREAM = /^[0-9][A-Za-z0-9.+~-]*$/;
const UPSTREAM_NO_HYPHEN = /^[0-9][A-Za-z0-9.+~]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

/** Parses a Debian version such as `1:6.1.0-2.pgdg13+1`; throws naming `field` when it is not one. */
export function parseDebianVersion(version: unknown, field = 'version'): DebianVersion {
  check(typeof version === 'string' && version.length > 0, field, 'is required: a Debian package version such as "0.8.1-1.pgdg13+1"');
  const epochMatch = EPOCH.exec(version);
  const rest = epochMatch ? version.slice(epochMatch[0].length) : version;
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  const rule = `"${version}" is not a Debian version ([epoch:]upstream[-revision]; upstream starts with a digit and uses only A-Za-z0-9.+~-)`;
  check((hyphen >= 0 ? UPSTREAM : UPSTREAM_NO_HYPHEN).test(upstream), field, rule);
  check(hyphen < 0 || REVISION.test(revision), field, rule);
  return { epoch: epochMatch ? Number(epochMatch[1]) : 0, upstream, revision };
}

/** Debian's marks for an upstream tarball repacked for Debian (`+dfsg`, `+ds1`, `~dfsg`): not part of the release. */
const REPACK_SUFFIX = /[+~](dfsg|ds)\d*$/;

/** The version upstream released: the upstream part of a Debian version, without repack marks. */
export function releaseVersionOf(debianVersion: string, field = 'version'): string {
  return parseDebianVersion(debianVersion, field).upstream.replace(REPACK_SUFFIX, '');
}

/**
 * The extension version to put in an image tag: the release version, with the
 * characters a tag cannot hold mapped ("~" marks a pre-release, so it becomes
 * "-"; "+" becomes "_").
 */
export function tagVersionOf(debianVersion: string, field = 'version'): string {
  return releaseVersionOf(debianVersion, field).replace(/~/g, '-').replace(/\+/g, '_');
}

/**
 * Orders two Debian versions exactly as dpkg does: negative when `a` is older
 * than `b`, zero when dpkg deems them equal, positive when `a` is newer.
 */
export function compareDebianVersions(a: string, b: string): number {
  const left = parseDebianVersion(a);
  const right = parseDebianVersion(b);
  if (left.epoch !== right.epoch) return Math.sign(left.epoch - right.epoch);
  return compareVersionPart(left.upstream, right.upstream) || compareVersionPart(left.revision, right.revision);
}

/**
 * dpkg's verrevcmp: the part is read as alternating runs of non-digits and
 * digits. Non-digit runs compare character by character by `characterWeight`;
 * digit runs compare as numbers, so "10" is after "9" and "01" equals "1".
 */
function compareVersionPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a, i)) || (j < b.length && !isDigit(b, j))) {
      const difference = characterWeight(a, i) - characterWeight(b, j);
      if (difference !== 0) return Math.sign(difference);
      // Equal weights are the same non-digit character, so neither side is at its end or at a digit.
      i++;
      j++;
    }
    const left = digitRun(a, i);
    const right = digitRun(b, j);
    const difference = compareDigits(left.digits, right.digits);
    if (difference !== 0) return difference;
    i = left.end;
    j = right.end;
  }
  return 0;
}

/**
 * The weight of the character at `index` in a non-digit run: "~" is lowest,
 * below even the end of the part (so "1.0~rc1" comes before "1.0"); then the
 * end of the part and a digit (0); then letters; then every other character.
 */
function characterWeight(part: string, index: number): number {
  if (index >= part.length || isDigit(part, index)) return 0;
  const code = part.charCodeAt(index);
  if (code === TILDE) return -1;
  return isLetter(code) ? code : code + 256;
}

const TILDE = '~'.charCodeAt(0);

/** Whether the character at `index` is an ASCII digit. */
function isDigit(part: string, index: number): boolean {
  const code = part.charCodeAt(index);
  return code >= 48 && code <= 57;
}

/** Whether `code` is an ASCII letter. */
function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The digit run starting at `start` (possibly empty) without leading zeros, and where it ends. */
function digitRun(part: string, start: number): { digits: string; end: number } {
  let end = start;
  while (end < part.length && isDigit(part, end)) end++;
  return { digits: part.slice(start, end).replace(/^0+/, ''), end };
}

/** Compares two digit strings without leading zeros as numbers, however long (no overflow). */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return Math.sign(a.length - b.length);
  return a < b ? -1 : a > b ? 1 : 0;
}

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

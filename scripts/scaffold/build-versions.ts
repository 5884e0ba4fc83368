/**
 * The build matrix of a scaffolded definition: apt.postgresql.org (PGDG)
 * package versions derived from Debian sid's, and the SQL version each installs.
 */
import { ExtensionBuildProps, parseDebianVersion, releaseVersionOf } from '../../src';

/** Debian's release numbers, which PGDG versions carry: "1.4.4-1.pgdg13+1" is built for trixie. */
const DEBIAN_RELEASES: Readonly<Record<string, number>> = { bullseye: 11, bookworm: 12, trixie: 13, forky: 14 };

/** A binary-only upload's mark in a Debian revision ("1+b2"), which PGDG builds do not carry. */
const BINARY_NMU = /\+b\d+$/;

/** The versions of a scaffolded definition and what a maintainer must check. */
export interface InferredVersions {
  /** One build per distro. */
  readonly versions: ExtensionBuildProps[];
  /** Set when the SQL version is not the whole release version. */
  readonly sqlVersionPattern?: string;
  /** What a maintainer must check. */
  readonly review: string[];
}

/** The PGDG version for `distro` of the package that sid has at `sidVersion`, or undefined for a distro this tool does not know. */
export function pgdgVersionOf(sidVersion: string, distro: string): string | undefined {
  const release = DEBIAN_RELEASES[distro];
  if (release === undefined) return undefined;
  const { epoch, upstream, revision } = parseDebianVersion(sidVersion);
  return `${epoch > 0 ? `${epoch}:` : ''}${upstream}-${revision.replace(BINARY_NMU, '') || '1'}.pgdg${release}+1`;
}

/**
 * A sqlVersionPattern that finds `defaultVersion` in `release` as its leading
 * numeric components ("^(\d+\.\d+)" finds 1.6 in 1.6.8), or undefined when none does.
 */
export function sqlVersionPatternFor(release: string, defaultVersion: string): string | undefined {
  if (!/^\d+(\.\d+)*$/.test(defaultVersion)) return undefined;
  const pattern = `^(${defaultVersion.split('.').map(() => '\\d+').join('\\.')})`;
  return new RegExp(pattern).exec(release)?.[1] === defaultVersion ? pattern : undefined;
}

/**
 * Builds of PostgreSQL `major` for `distros`, from sid's version of the package
 * and the control file's default_version (undefined for a plugin without one).
 */
export function inferVersions(sidVersion: string, defaultVersion: string | undefined, distros: readonly string[], major: number): InferredVersions {
  const release = releaseVersionOf(sidVersion);
  const review: string[] = [];
  let sqlVersion = release;
  let sqlVersionPattern: string | undefined;
  if (defaultVersion !== undefined && defaultVersion !== release) {
    sqlVersionPattern = sqlVersionPatternFor(release, defaultVersion);
    if (sqlVersionPattern) {
      sqlVersion = defaultVersion;
    } else {
      review.push(`sqlVersion: default_version ${defaultVersion} cannot be derived from release ${release}; set sqlVersionPattern and sqlVersion (now ${release}) by hand`);
    }
  }
  const versions = distros.flatMap((distro) => {
    const packageVersion = pgdgVersionOf(sidVersion, distro);
    return packageVersion === undefined ? [] : [{ distro, major, packageVersion, sqlVersion }];
  });
  const unknown = distros.filter((d) => DEBIAN_RELEASES[d] === undefined);
  if (unknown.length > 0) review.push(`versions: no build for ${unknown.join(', ')}, whose Debian release number this tool does not know`);
  review.push(`versions: ${versions.map((v) => v.packageVersion).join(', ')} follow sid's ${sidVersion}; check that apt.postgresql.org publishes them`);
  return { versions, sqlVersionPattern, review };
}

/**
 * The build matrix of a scaffolded definition: (distro, major) pairs, and the
 * sqlVersionPattern that finds the control file's default_version in the
 * package's release version. No version is written: update-versions resolves
 * them from the apt indexes into the versions lock.
 */
import { ExtensionBuildProps } from '../../src';
import { releaseVersionOf } from '../../src/projen';

/** The builds of a scaffolded definition and what a maintainer must check. */
export interface InferredVersions {
  /** One build per distro. */
  readonly builds: ExtensionBuildProps[];
  /** Set when the SQL version is not the whole release version. */
  readonly sqlVersionPattern?: string;
  /** What a maintainer must check. */
  readonly review: string[];
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
 * Builds of PostgreSQL `major` for `distros`, and how the SQL version follows
 * from the package version, read from the version of the package scaffolded
 * from and the control file's default_version (undefined for a plugin without one).
 */
export function inferVersions(
  packageVersion: string, defaultVersion: string | undefined, distros: readonly string[], major: number,
): InferredVersions {
  const release = releaseVersionOf(packageVersion);
  const review: string[] = [];
  let sqlVersionPattern: string | undefined;
  if (defaultVersion !== undefined && defaultVersion !== release) {
    sqlVersionPattern = sqlVersionPatternFor(release, defaultVersion);
    if (!sqlVersionPattern) review.push(`sqlVersionPattern: default_version ${defaultVersion} cannot be derived from release ${release}; set sqlVersionPattern by hand`);
  }
  return { builds: distros.map((distro) => ({ distro, major })), sqlVersionPattern, review };
}

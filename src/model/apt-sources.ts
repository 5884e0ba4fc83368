import { DefinitionError, check } from './definition-error';
import { compareCodePoints } from './ordering';

/** How to predict a distro's versions from another distro's index when its own cannot be read. */
export interface AptDerivation {
  /** The distro whose index is read instead, e.g. "sid". */
  readonly from: string;
  /** Appended to that distro's Debian revision, e.g. ".pgdg13+1". */
  readonly revisionSuffix: string;
  /** The documented convention the prediction follows, with its source. */
  readonly convention: string;
}

/** The apt index that serves one distro. */
export interface AptDistroSource {
  /** Debian distribution, e.g. "trixie". */
  readonly distro: string;
  /** Repository URL or local directory. */
  readonly url: string;
  /** Suite, e.g. "trixie-pgdg". */
  readonly suite: string;
  /** Component, e.g. "main". */
  readonly component: string;
  /** Set for the e2e's stand-in distro: the PostgreSQL majors its stand-in operand image has. */
  readonly standInMajors?: readonly number[];
  /** How `update-versions --derive` predicts this distro's versions. */
  readonly derive?: AptDerivation;
}

const DISTRO_FIELDS = ['url', 'suite', 'component', 'standInMajors', 'derive'];
const NAME = /^[a-z][a-z0-9-]*$/;
const SUITE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const REVISION_SUFFIX = /^[.+~][A-Za-z0-9.+~]+$/;

/**
 * Which apt index serves which distro: PGDG for the CloudNativePG operand
 * images, Debian for the e2e's stand-in. Kept next to the operand catalogs.
 */
export class AptSources {
  /** Parses the configuration's JSON; errors name `file` and the field. */
  public static parse(text: string, file: string): AptSources {
    try {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new DefinitionError('(json)', `is not JSON: ${(error as Error).message}`);
      }
      const distros = (json as { distros?: unknown })?.distros;
      check(typeof distros === 'object' && distros !== null && !Array.isArray(distros), 'distros', 'must map distro names to { url, suite, component }');
      return new AptSources(Object.entries(distros as Record<string, unknown>).map(([distro, value]) => validateSource(distro, value)));
    } catch (error) {
      if (error instanceof DefinitionError) throw error.inFile(file);
      throw error;
    }
  }

  /** Every configured distro, by name. */
  public readonly sources: readonly AptDistroSource[];

  public constructor(sources: readonly AptDistroSource[]) {
    this.sources = [...sources].sort((a, b) => compareCodePoints(a.distro, b.distro));
    for (const s of this.sources) {
      if (!s.derive) continue;
      const from = this.source(s.derive.from);
      check(from !== undefined && from.derive === undefined, `distros.${s.distro}.derive.from`, `"${s.derive.from}" must be a configured distro that is read, not derived`);
    }
  }

  /** The source of `distro`, or undefined. */
  public source(distro: string): AptDistroSource | undefined {
    return this.sources.find((s) => s.distro === distro);
  }

  /** The stand-in distros, used only by the e2e. */
  public get standIns(): readonly AptDistroSource[] {
    return this.sources.filter((s) => s.standInMajors !== undefined);
  }
}

function validateSource(distro: string, value: unknown): AptDistroSource {
  const field = `distros.${distro}`;
  check(NAME.test(distro), field, `"${distro}" is not a distro name (${NAME.source})`);
  check(typeof value === 'object' && value !== null && !Array.isArray(value), field, 'must be { url, suite, component }');
  const v = value as Record<string, unknown>;
  const stray = Object.keys(v).find((k) => !DISTRO_FIELDS.includes(k));
  check(stray === undefined, `${field}.${stray}`, `is not a field (${DISTRO_FIELDS.join(', ')})`);
  check(typeof v.url === 'string' && /^(https?:\/\/[^\s"']+|file:\/\/\/[^\s"']*|\/[^\s"']*)$/.test(v.url), `${field}.url`, 'must be an http(s) URL, a file: URL or an absolute directory');
  check(typeof v.suite === 'string' && SUITE.test(v.suite), `${field}.suite`, `must be a suite name (${SUITE.source})`);
  check(typeof v.component === 'string' && NAME.test(v.component), `${field}.component`, `must be a component name (${NAME.source})`);
  if (v.standInMajors !== undefined) {
    check(Array.isArray(v.standInMajors) && v.standInMajors.length > 0 && v.standInMajors.every((m) => Number.isInteger(m) && m >= 18),
      `${field}.standInMajors`, 'must list PostgreSQL majors of 18 or later');
  }
  if (v.derive !== undefined) {
    const d = v.derive as Record<string, unknown>;
    check(typeof d === 'object' && d !== null, `${field}.derive`, 'must be { from, revisionSuffix, convention }');
    check(typeof d.from === 'string' && NAME.test(d.from), `${field}.derive.from`, 'must name another distro');
    check(typeof d.revisionSuffix === 'string' && REVISION_SUFFIX.test(d.revisionSuffix), `${field}.derive.revisionSuffix`, `must be a Debian revision suffix (${REVISION_SUFFIX.source})`);
    check(typeof d.convention === 'string' && d.convention.length > 0, `${field}.derive.convention`, 'must name the convention and where it is documented');
  }
  return {
    distro,
    url: v.url,
    suite: v.suite,
    component: v.component,
    ...(v.standInMajors ? { standInMajors: v.standInMajors as number[] } : {}),
    ...(v.derive ? { derive: v.derive as unknown as AptDerivation } : {}),
  };
}

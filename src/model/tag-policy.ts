import { DefinitionError, check } from './definition-error';
import { freezeFields } from './frozen';

/** The values of a build's tags, except the build time. */
export interface TagBuildValues {
  /** Full PostgreSQL version of the operand image the extension is built against, e.g. "18.6". */
  readonly pgVersion: string;
  /** PostgreSQL major version, e.g. 18. */
  readonly pgMajor: number;
  /** Extension version as it appears in tags (see `tagVersionOf`), e.g. "0.8.1". */
  readonly extVersion: string;
  /** Debian distribution of the operand image, e.g. "trixie". */
  readonly distro: string;
}

/** The values a tag is made of. */
export interface TagValues extends TagBuildValues {
  /** Build time as YYYYMMDDhhmm in UTC. */
  readonly timestamp: string;
}

/** A placeholder a tag format can use, written `{name}` in the format (`{pg_version}`, `{timestamp}`, ...). */
export type TagField = 'pg_version' | 'pg_major' | 'ext_version' | 'timestamp' | 'distro';

/** One piece of a tag format: literal text or a placeholder. */
export type TagSegment = { readonly literal: string } | { readonly field: TagField };

const FIELD_VALUE: Record<TagField, (values: TagValues) => string> = {
  pg_version: (v) => v.pgVersion,
  pg_major: (v) => String(v.pgMajor),
  ext_version: (v) => v.extVersion,
  timestamp: (v) => v.timestamp,
  distro: (v) => v.distro,
};

/** What a Docker/OCI tag may look like. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const TIMESTAMP_PATTERN = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d$/;
/** A valid timestamp, used to check formats whose timestamp is filled in later. */
const SAMPLE_TIMESTAMP = '202601010000';
const LITERAL_PATTERN = /^[A-Za-z0-9_.-]*$/;

/** A tag format such as `{pg_version}-{ext_version}-{timestamp}-{distro}`. */
export class TagFormat {
  /** Parses `format`; `field` names it in errors. */
  public static parse(format: string, field = 'format'): TagFormat {
    const segments: TagSegment[] = [];
    for (const part of format.split(/(\{[^}]*\})/)) {
      if (part === '') continue;
      const placeholder = /^\{(.*)\}$/.exec(part);
      if (placeholder) {
        check(placeholder[1] in FIELD_VALUE, field, `unknown placeholder "${part}" in "${format}"; use one of ${Object.keys(FIELD_VALUE).map((f) => `{${f}}`).join(', ')}`);
        segments.push({ field: placeholder[1] as TagField });
      } else {
        check(LITERAL_PATTERN.test(part), field, `"${part}" in "${format}" may hold only A-Za-z0-9_.- besides placeholders`);
        segments.push({ literal: part });
      }
    }
    check(segments.length > 0, field, 'a tag format must not be empty');
    return new TagFormat(format, segments);
  }

  private constructor(
    /** The format as written. */
    public readonly format: string,
    /** The format's pieces, in order. */
    private readonly segments: readonly TagSegment[],
  ) {}

  /** Whether the format uses `field`. */
  public uses(field: TagField): boolean {
    return this.segments.some((s) => 'field' in s && s.field === field);
  }

  /**
   * The tag for `values` with the timestamp left open: literal chunks and
   * `timestamp` where the build time goes. Bake files fill it in at build time.
   *
   * TypeScript only: jsii has no generic methods.
   *
   * @jsii ignore
   */
  public renderAroundTimestamp<T>(values: TagBuildValues, timestamp: T): Array<string | T> {
    this.render({ ...values, timestamp: SAMPLE_TIMESTAMP });
    const parts: Array<string | T> = [];
    for (const s of this.segments) {
      const text = 'literal' in s ? s.literal : s.field === 'timestamp' ? undefined : FIELD_VALUE[s.field]({ ...values, timestamp: '' });
      if (text === undefined) parts.push(timestamp);
      else if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += text;
      else parts.push(text);
    }
    return parts;
  }

  /** The tag for `values`; throws when the result is not a valid tag. */
  public render(values: TagValues): string {
    const tag = this.segments.map((s) => ('literal' in s ? s.literal : FIELD_VALUE[s.field](values))).join('');
    if (!TAG_PATTERN.test(tag)) {
      throw new DefinitionError('tag', `"${tag}" (from "${this.format}") is not a valid image tag (${TAG_PATTERN.source})`);
    }
    return tag;
  }
}

/** Props for a TagPolicy. */
export interface TagPolicyProps {
  /** A short name for the policy, used in docs. */
  readonly name: string;
  /** Format of the immutable tag; must use {timestamp}. */
  readonly immutable: string;
  /** Formats of the rolling tags, most specific first; none may use {timestamp}. The first is what catalogs reference. */
  readonly rolling: string[];
}

/**
 * How extension images are tagged: one immutable tag per build and rolling
 * tags that move to the newest build.
 */
export class TagPolicy {
  /** This project's default convention, PostgreSQL version first: `<pg_version>-<ext_version>-<timestamp>-<distro>`, rolling `<pg_version>-<ext_version>-<distro>` and `<pg_major>-<ext_version>-<distro>`. */
  public static readonly POSTGRES_FIRST = new TagPolicy({
    name: 'postgres-first',
    immutable: '{pg_version}-{ext_version}-{timestamp}-{distro}',
    rolling: ['{pg_version}-{ext_version}-{distro}', '{pg_major}-{ext_version}-{distro}'],
  });

  /** The CloudNativePG community project's current convention: `<ext_version>-<timestamp>-<pg_major>-<distro>`, rolling `<ext_version>-<pg_major>-<distro>`. */
  public static readonly EXTENSION_FIRST = new TagPolicy({
    name: 'extension-first',
    immutable: '{ext_version}-{timestamp}-{pg_major}-{distro}',
    rolling: ['{ext_version}-{pg_major}-{distro}'],
  });

  /** The policy used when none is given. */
  public static readonly DEFAULT = TagPolicy.POSTGRES_FIRST;

  /** The policy's name. */
  public readonly name: string;
  /** Format of the immutable tag. */
  public readonly immutable: TagFormat;
  /** Formats of the rolling tags, most specific first. */
  public readonly rolling: TagFormat[];

  public constructor(props: TagPolicyProps) {
    this.name = props.name;
    this.immutable = TagFormat.parse(props.immutable, 'tagPolicy.immutable');
    check(this.immutable.uses('timestamp'), 'tagPolicy.immutable', `"${props.immutable}" must use {timestamp} so that every build gets its own tag`);
    check(props.rolling.length > 0, 'tagPolicy.rolling', 'at least one rolling tag is needed: catalogs reference the first one');
    this.rolling = props.rolling.map((format, i) => {
      const parsed = TagFormat.parse(format, `tagPolicy.rolling[${i}]`);
      check(!parsed.uses('timestamp'), `tagPolicy.rolling[${i}]`, `"${format}" must not use {timestamp}: a rolling tag outlives a build`);
      return parsed;
    });
    freezeFields(this, ['rolling']);
  }

  /** All tags of one build: the immutable tag first, then the rolling tags. */
  public tags(values: TagValues): string[] {
    check(TIMESTAMP_PATTERN.test(values.timestamp), 'timestamp', `"${values.timestamp}" must be a UTC time written YYYYMMDDhhmm`);
    return [this.immutable, ...this.rolling].map((format) => format.render(values));
  }

  /** The most specific rolling tag: stable across rebuilds, so catalogs can reference it. */
  public catalogTag(values: TagBuildValues): string {
    return this.rolling[0].render({ ...values, timestamp: '' });
  }
}

/** `date` as YYYYMMDDhhmm in UTC, the timestamp format of tags. */
export function formatTagTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`;
}

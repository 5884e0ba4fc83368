import { TagFormat, TagPolicy } from '../../src';
import { formatTagTimestamp } from '../../src/model/tag-policy';

const example = { pgVersion: '17.6', pgMajor: 17, extVersion: '0.8.1', timestamp: '202509101200', distro: 'trixie' };

describe('TagPolicy', () => {
  test('the default policy puts the PostgreSQL version first', () => {
    expect(TagPolicy.DEFAULT.tags(example).map((t) => `pgvector:${t}`)).toEqual([
      'pgvector:17.6-0.8.1-202509101200-trixie',
      'pgvector:17.6-0.8.1-trixie',
      'pgvector:17-0.8.1-trixie',
    ]);
  });

  test('the community policy puts the extension version first', () => {
    expect(TagPolicy.EXTENSION_FIRST.tags(example)).toEqual(['0.8.1-202509101200-17-trixie', '0.8.1-17-trixie']);
  });

  test('catalogs reference the most specific rolling tag, which has no timestamp', () => {
    const { timestamp, ...values } = example;
    expect(TagPolicy.DEFAULT.catalogTag(values)).toBe('17.6-0.8.1-trixie');
    expect(TagPolicy.EXTENSION_FIRST.catalogTag(values)).toBe('0.8.1-17-trixie');
  });

  test('the timestamp can be left open for bake to fill in', () => {
    const { timestamp, ...values } = example;
    expect(TagPolicy.DEFAULT.immutable.renderAroundTimestamp(values, 0)).toEqual(['17.6-0.8.1-', 0, '-trixie']);
  });

  test('rejects a timestamp that is not YYYYMMDDhhmm', () => {
    expect(() => TagPolicy.DEFAULT.tags({ ...example, timestamp: '2025091012' })).toThrow(/YYYYMMDDhhmm/);
    expect(() => TagPolicy.DEFAULT.tags({ ...example, timestamp: '202513101200' })).toThrow(/YYYYMMDDhhmm/);
  });

  test('rejects policies that cannot work', () => {
    expect(() => new TagPolicy({ name: 'x', immutable: '{ext_version}-{distro}', rolling: ['{ext_version}'] })).toThrow(/must use \{timestamp\}/);
    expect(() => new TagPolicy({ name: 'x', immutable: '{ext_version}-{timestamp}', rolling: [] })).toThrow(/at least one rolling tag/);
    expect(() => new TagPolicy({ name: 'x', immutable: '{ext_version}-{timestamp}', rolling: ['{timestamp}'] })).toThrow(/must not use \{timestamp\}/);
    expect(() => TagFormat.parse('{pg_version}-{nope}')).toThrow(/unknown placeholder "\{nope\}"/);
    expect(() => TagFormat.parse('{pg_version} {distro}')).toThrow(/may hold only/);
  });

  test('rejects a tag that would be invalid', () => {
    expect(() => TagPolicy.DEFAULT.tags({ ...example, extVersion: '1:2' })).toThrow(/not a valid image tag/);
  });

  test('formats build time in UTC', () => {
    expect(formatTagTimestamp(new Date(Date.UTC(2025, 8, 10, 12, 0, 59)))).toBe('202509101200');
    expect(formatTagTimestamp(new Date('2026-01-02T03:04:00+05:00'))).toBe('202601012204');
  });
});

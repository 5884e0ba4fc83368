/** Orders strings by code point: unlike localeCompare, the same on every machine and locale. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A deep copy of `value` with object keys in code-point order, as cdk8s renders manifests. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort(compareCodePoints).map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]));
}

/**
 * Freezes the lists and maps an object exposes, each a copy the object made.
 * jsii needs public properties typed as plain arrays and maps (it has no
 * ReadonlyArray), so the types no longer stop a change; freezing keeps the
 * object as immutable at run time as the readonly types kept it at compile time.
 */
export function freezeFields<T extends object>(target: T, fields: ReadonlyArray<keyof T>): void {
  for (const field of fields) Object.freeze(target[field]);
}

/**
 * Parameters whose value is a comma-separated list of libraries. Several
 * extensions may each need an entry, so their values are merged, not compared.
 */
export const LIBRARY_LIST_PARAMETERS: readonly string[] = ['local_preload_libraries', 'output_plugin_libraries', 'session_preload_libraries'];

/** Whether `name` is a library list parameter. */
export function isLibraryListParameter(name: string): boolean {
  return LIBRARY_LIST_PARAMETERS.includes(name);
}

/** The items of a comma-separated parameter value, trimmed, without empty ones. */
export function splitParameterList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/**
 * The value of parameter `name` once `added` joins `current`: for a library
 * list, the union in first-seen order; otherwise `added` when the two agree.
 * Undefined means they conflict.
 */
export function mergeParameterValue(name: string, current: string | undefined, added: string): string | undefined {
  if (isLibraryListParameter(name)) {
    const items = [...splitParameterList(current ?? ''), ...splitParameterList(added)];
    return [...new Set(items)].join(', ');
  }
  if (current === undefined || current === added) return added;
  return undefined;
}

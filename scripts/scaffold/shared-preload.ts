/**
 * Whether a library must be in shared_preload_libraries: a heuristic over its
 * symbols and the package's documentation, which says when it is unsure.
 */

/** Imports that only work, or only make sense, while shared_preload_libraries is processed. */
const PRELOAD_IMPORTS = [
  'process_shared_preload_libraries_in_progress', 'RegisterBackgroundWorker', 'RequestAddinShmemSpace',
  'RequestNamedLWLockTranche', 'shmem_request_hook',
];

/** The verdict for one library. */
export interface PreloadVerdict {
  /** Whether to list it in sharedPreloadLibraries. */
  readonly preload: boolean;
  /** Whether the symbols and the docs agree. */
  readonly sure: boolean;
  /** The evidence, for the report. */
  readonly why: string;
}

/**
 * The verdict for library `library` (its name without ".so"), from the dynamic
 * symbols it defines and imports and the text of the package's documentation.
 */
export function preloadVerdict(
  library: string, symbols: { defines: ReadonlySet<string>; imports: ReadonlySet<string> }, docs: string,
): PreloadVerdict {
  if (!symbols.defines.has('_PG_init')) return { preload: false, sure: true, why: 'it has no _PG_init' };
  const imports = PRELOAD_IMPORTS.filter((s) => symbols.imports.has(s));
  const asked = docsAskForPreload(docs, library);
  const uses = `uses ${imports.join(', ')}`;
  if (imports.length > 0 && asked) return { preload: true, sure: true, why: `it defines _PG_init, ${uses}, and its docs ask for it` };
  if (imports.length > 0) return { preload: true, sure: false, why: `it defines _PG_init and ${uses}, but its docs do not ask for shared_preload_libraries` };
  if (asked) return { preload: true, sure: false, why: 'its docs ask for shared_preload_libraries, but it uses none of the startup-only APIs' };
  return { preload: false, sure: true, why: 'it defines _PG_init, but neither its symbols nor its docs ask for preloading' };
}

/** Whether a paragraph of `docs` names both shared_preload_libraries and `library`. */
export function docsAskForPreload(docs: string, library: string): boolean {
  const name = new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(library)}([^A-Za-z0-9_]|$)`);
  return docs.split(/\n\s*\n/).some((paragraph) => paragraph.includes('shared_preload_libraries') && name.test(paragraph));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

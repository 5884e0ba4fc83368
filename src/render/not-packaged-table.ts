import { ReadmeMarkers, markdownCell as cell, replaceBetweenMarkers } from './markdown';
import { NotPackagedList } from '../model/not-packaged';

/** Markers around the generated "not packaged" table in a hand-written README. */
export const NOT_PACKAGED_TABLE_MARKERS: ReadmeMarkers = { start: '<!-- not-packaged-table:start -->', end: '<!-- not-packaged-table:end -->' };

/** A Markdown table of the packages left out: package, kind of reason, reason. */
export function renderNotPackagedTable(list: NotPackagedList): string {
  return [
    '| Package | Kind | Why it is not an image |',
    '|---|---|---|',
    ...list.entries.map((e) => `| \`${e.package}\` | ${e.kind} | ${cell(e.reason)} |`),
  ].join('\n');
}

/** `readme` (the text of `file`) with the text between the "not packaged" markers replaced by `table`; throws naming `file` when the markers are missing. */
export function replaceNotPackagedTable(readme: string, table: string, file = 'README.md'): string {
  return replaceBetweenMarkers(readme, NOT_PACKAGED_TABLE_MARKERS, table, '(not-packaged table)', file);
}

import { NotPackagedList } from '../model/not-packaged';

/** Markers around the generated "not packaged" table in a hand-written README. */
export const NOT_PACKAGED_TABLE_MARKERS = { start: '<!-- not-packaged-table:start -->', end: '<!-- not-packaged-table:end -->' };

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** A Markdown table of the packages left out: package, kind of reason, reason. */
export function renderNotPackagedTable(list: NotPackagedList): string {
  return [
    '| Package | Kind | Why it is not an image |',
    '|---|---|---|',
    ...list.entries.map((e) => `| \`${e.package}\` | ${e.kind} | ${cell(e.reason)} |`),
  ].join('\n');
}

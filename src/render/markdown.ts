import { DefinitionError } from '../model/definition-error';

/** The comment lines around a generated part of a hand-written README. */
export interface ReadmeMarkers {
  /** The line before the generated part. */
  readonly start: string;
  /** The line after it. */
  readonly end: string;
}

/** `text` made safe for one cell of a Markdown table: a pipe would end the cell. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `readme` (the text of `file`) with the text between `markers` replaced by `text`; throws naming `file` and `what` when the markers are missing. */
export function replaceBetweenMarkers(readme: string, markers: ReadmeMarkers, text: string, what: string, file = 'README.md'): string {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  if (start < 0 || end < start) {
    throw new DefinitionError(what, `needs the markers ${markers.start} and ${markers.end}, in that order`, file);
  }
  return `${readme.slice(0, start + markers.start.length)}\n${text}\n${readme.slice(end)}`;
}

/**
 * Debian's control-file syntax (deb822), shared by `dpkg-deb -f` output and
 * machine-readable debian/copyright files: paragraphs of `Field: value`
 * separated by blank lines; continuation lines start with a space, and a
 * continuation line of a single "." is an empty line.
 */

/** One paragraph: field names in lower case (deb822 names are case-insensitive) mapped to values. */
export type Deb822Paragraph = ReadonlyMap<string, string>;

const FIELD = /^([^\s:#-][^\s:]*):\s*(.*)$/;

/** The paragraphs of `text`. Values keep their continuation lines, joined by "\n" and without the leading space. */
export function parseDeb822(text: string): Deb822Paragraph[] {
  const paragraphs: Deb822Paragraph[] = [];
  let current = new Map<string, string>();
  let field: string | undefined;
  const endParagraph = () => {
    if (current.size > 0) paragraphs.push(current);
    current = new Map();
    field = undefined;
  };
  for (const line of text.split('\n').map((l) => l.replace(/\r$/, ''))) {
    if (line.trim() === '') {
      endParagraph();
    } else if (/^[ \t]/.test(line)) {
      if (field !== undefined) current.set(field, `${current.get(field)}\n${continuationOf(line)}`);
    } else if (!line.startsWith('#')) {
      const match = FIELD.exec(line);
      field = match ? match[1].toLowerCase() : undefined;
      if (match) current.set(match[1].toLowerCase(), match[2].trimEnd());
    }
  }
  endParagraph();
  return paragraphs;
}

/** The first line of a field's value, trimmed. */
export function firstLineOf(value: string | undefined): string {
  return (value ?? '').split('\n')[0].trim();
}

function continuationOf(line: string): string {
  const content = line.slice(1).trimEnd();
  return content === '.' ? '' : content;
}

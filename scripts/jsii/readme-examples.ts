/**
 * The README's TypeScript examples as jsii-rosetta sees them. Rosetta reads
 * the README from the jsii assembly and compiles every `ts` fence, strictly:
 * one that does not compile fails. An example that cannot compile against the
 * jsii assembly (a definition file of this repository, the TypeScript-only
 * tooling subpath) says so on the line before its fence (indented like the
 * fence when the fence is in a list item),
 *
 *     <!-- rosetta: skip: <reason> -->
 *
 * and test/docgen.test.ts compiles it with tsc instead.
 */

/** The line that keeps the next fence from jsii-rosetta, with its reason. */
export const SKIP_MARKER = /^<!-- rosetta: skip: (.+) -->$/;

/** Around the Python translations in the section "Use from Python", rewritten by `npx projen docgen`. */
export const PYTHON_MARKERS = { start: '<!-- python-examples:start -->', end: '<!-- python-examples:end -->' };

/** The section whose TypeScript examples are translated into Python between PYTHON_MARKERS. */
export const PYTHON_SECTION = '### Use from Python (and other jsii languages)';

export interface ReadmeExample {
  /** The 1-based line of the opening fence: jsii-rosetta's location of the snippet. */
  readonly line: number;
  /** The fence's info string after the language, e.g. `fixture=with-app`. */
  readonly parameters: string;
  readonly source: string;
  /** The reason given by a SKIP_MARKER on the line before the fence. */
  readonly skipReason?: string;
  /** The heading the example is under. */
  readonly section: string;
}

/** Every ```ts / ```typescript fence of `readme`, in order; a fence indented in a list item counts too, as it does for rosetta. */
export function readmeExamples(readme: string): ReadmeExample[] {
  const lines = readme.split('\n');
  const examples: ReadmeExample[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^#{1,6} /.test(line)) section = line;
    const fence = /^( *)(`{3,})(\S*)\s*(.*)$/.exec(line);
    if (!fence) continue;
    const [, indent, ticks, language, parameters] = fence;
    const close = lines.findIndex((l, j) => j > i && l.trimEnd() === `${indent}${ticks}`);
    if (close < 0) throw new Error(`README.md:${i + 1}: the fence opened here is never closed`);
    if (language === 'ts' || language === 'typescript') {
      const skip = SKIP_MARKER.exec((lines[i - 1] ?? '').trim());
      examples.push({
        line: i + 1,
        parameters: parameters.trim(),
        source: lines.slice(i + 1, close).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n'),
        ...(skip ? { skipReason: skip[1] } : {}),
        section,
      });
    }
    i = close;
  }
  return examples;
}

/**
 * The README as the jsii assembly carries it: the skipped examples' fences
 * become `text`, which rosetta leaves alone. Lines stay where they are, so
 * rosetta's snippet locations are README.md's own line numbers.
 */
export function readmeForRosetta(readme: string): string {
  const skipped = new Set(readmeExamples(readme).filter((e) => e.skipReason !== undefined).map((e) => e.line - 1));
  return readme.split('\n').map((line, i) => (skipped.has(i) ? line.replace(/^( *`{3,})\S+/, '$1text') : line)).join('\n');
}

/** The text between PYTHON_MARKERS: one Python fence per translated example, in README order. */
export function renderPythonExamples(translations: readonly string[]): string {
  return translations.map((source) => ['```python', source.trimEnd(), '```'].join('\n')).join('\n\n');
}

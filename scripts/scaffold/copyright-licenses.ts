/**
 * The licenses of a package, read from its debian/copyright: the `License:` of
 * the `Files: *` paragraph of a machine-readable (DEP-5) file, mapped to SPDX;
 * for other files, the license texts recognized in it.
 */
import { Deb822Paragraph, firstLineOf, parseDeb822 } from './deb822';
import { licensesInText } from './license-text';
import { licenseRefOf, spdxOfDebianName } from './spdx-license';

/** What debian/copyright says about the licenses of the image. */
export interface CopyrightLicenses {
  /** SPDX identifiers, or `LicenseRef-` references for names that are none. */
  readonly licenses: string[];
  /** Where they were read, for the report. */
  readonly source: string;
  /** What a maintainer must check. */
  readonly review: string[];
}

const DEP5_FORMAT = /copyright-format|dep5/i;
/** "or" and "and" join license names; a comma only groups them ("A or B, and C"). */
const LICENSE_SEPARATOR = /,?\s+(?:or|and)\s+|\s*,\s*/i;
const CHOICE = /\s+or\s+/i;
const WITH_EXCEPTION = /\s+with\s+.*$/i;

/** The licenses `copyright` (the text of a debian/copyright file) declares for the package as a whole. */
export function licensesOfCopyright(copyright: string): CopyrightLicenses {
  const paragraphs = parseDeb822(copyright);
  if (!DEP5_FORMAT.test(paragraphs[0]?.get('format') ?? '')) return licensesOfText(copyright, 'debian/copyright is not machine-readable (DEP-5)');
  const main = paragraphs.find((p) => filePatternsOf(p).includes('*'));
  if (!main) return licensesOfText(copyright, 'debian/copyright has no "Files: *" paragraph');
  const expression = firstLineOf(main.get('license'));
  const review: string[] = [];
  const licenses = expression.replace(WITH_EXCEPTION, '').split(LICENSE_SEPARATOR).filter((n) => n.length > 0).map((name) => {
    const spdx = spdxOfDebianName(name);
    if (spdx) return spdx;
    const recognized = licensesInText(licenseTextOf(name, main, paragraphs));
    if (recognized.length === 1) {
      review.push(`licenses: "${name}" is no Debian license name; its text reads as ${recognized[0]}, which the definition declares`);
      return recognized[0];
    }
    review.push(`licenses: "${name}" is no license this tool knows; declared as ${licenseRefOf(name)}, with an exception a maintainer must review`);
    return licenseRefOf(name);
  });
  if (CHOICE.test(expression)) review.push(`licenses: "Files: *" offers a choice (${expression}); keep the licenses the image is distributed under`);
  if (WITH_EXCEPTION.test(expression)) review.push(`licenses: "Files: *" grants an exception (${expression}); the definition declares the licenses without it`);
  review.push(...otherFileLicenses(main, paragraphs));
  return { licenses: [...new Set(licenses)], source: `debian/copyright, "Files: *": License: ${expression}`, review };
}

/** The licenses recognized in a copyright file that is not DEP-5 (or has no `Files: *`); `why` says so in the report. */
function licensesOfText(copyright: string, why: string): CopyrightLicenses {
  const recognized = licensesInText(copyright);
  if (recognized.length > 0) {
    return { licenses: recognized, source: `${why}; recognized from its text`, review: [`licenses: ${why}; ${recognized.join(', ')} recognized from its text`] };
  }
  const unknown = licenseRefOf('unknown');
  return {
    licenses: [unknown],
    source: why,
    review: [`licenses: ${why} and holds no license text this tool knows; declared as ${unknown}, with an exception a maintainer must review`],
  };
}

/** The text of license `name`: inline under the `Files: *` paragraph, and in a stand-alone `License: name` paragraph. */
function licenseTextOf(name: string, main: Deb822Paragraph, paragraphs: readonly Deb822Paragraph[]): string {
  const standalone = paragraphs.filter((p) => !p.has('files') && firstLineOf(p.get('license')).toLowerCase() === name.toLowerCase());
  return [main, ...standalone].map((p) => (p.get('license') ?? '').split('\n').slice(1).join('\n')).join('\n');
}

/**
 * A review line naming the licenses that `Files:` paragraphs other than `*`
 * and the packaging's `debian/*` give their files, each with its first file pattern.
 */
function otherFileLicenses(main: Deb822Paragraph, paragraphs: readonly Deb822Paragraph[]): string[] {
  const mainLicense = firstLineOf(main.get('license'));
  const patternsByLicense = new Map<string, string[]>();
  for (const p of paragraphs) {
    const license = firstLineOf(p.get('license'));
    const patterns = filePatternsOf(p);
    if (p === main || !p.has('files') || license === mainLicense || patterns.every((f) => f.startsWith('debian/'))) continue;
    patternsByLicense.set(license, [...(patternsByLicense.get(license) ?? []), ...patterns]);
  }
  if (patternsByLicense.size === 0) return [];
  const named = [...patternsByLicense].map(([license, patterns]) => `"${license}" (${patterns[0]}${patterns.length > 1 ? ' …' : ''})`);
  return [`licenses: debian/copyright also names ${named.join(', ')}; check whether the image ships those files`];
}

function filePatternsOf(paragraph: Deb822Paragraph): string[] {
  return (paragraph.get('files') ?? '').split(/\s+/).filter((f) => f.length > 0);
}

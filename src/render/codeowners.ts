import { compareCodePoints } from '../model/ordering';
import { isGithubOwner } from '../model/owners';

/** One CODEOWNERS rule: repository paths and who reviews changes to them. */
export interface CodeownersRule {
  /** Paths from the repository root, `/`-separated: a file, or a directory ending in "/". */
  readonly paths: readonly string[];
  /** GitHub users (`@user`) and teams (`@org/team`). */
  readonly owners: readonly string[];
  /** A comment line above the rule. @default - none */
  readonly comment?: string;
}

/** A path CODEOWNERS reads literally: no spaces, comments, escapes, negations or glob characters. */
const LITERAL_PATH = /^[A-Za-z0-9._/-]+$/;

/**
 * The text of `.github/CODEOWNERS`: a header, then one line per path, each
 * anchored at the repository root. GitHub applies the last line matching a
 * file, so rules come in the order given. Throws on a path or owner a line
 * could not hold literally.
 */
export function renderCodeowners(rules: readonly CodeownersRule[], header: readonly string[]): string {
  const lines = header.map((h) => `# ${h}`.trimEnd());
  for (const rule of rules) {
    const bad = rule.owners.find((o) => !isGithubOwner(o));
    if (bad !== undefined) throw new Error(`CODEOWNERS: "${bad}" is not a GitHub user or team`);
    if (rule.owners.length === 0) throw new Error(`CODEOWNERS: ${rule.paths.join(', ')} would have no owner`);
    lines.push('');
    if (rule.comment) lines.push(`# ${rule.comment}`);
    for (const p of rule.paths) {
      if (!LITERAL_PATH.test(p) || p.startsWith('/') || p.split('/').some((s, i, all) => s === '..' || s === '.' || (s === '' && i < all.length - 1))) {
        throw new Error(`CODEOWNERS: path "${p}" must be relative, normalized and literal (letters, digits, ".", "_", "-", "/")`);
      }
      lines.push(`/${p} ${rule.owners.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `owners` without repeats (GitHub compares handles case-insensitively), in code point order of their lower-case form. */
export function distinctOwners(owners: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const owner of owners) if (!byKey.has(owner.toLowerCase())) byKey.set(owner.toLowerCase(), owner);
  return [...byKey.keys()].sort(compareCodePoints).map((k) => byKey.get(k)!);
}

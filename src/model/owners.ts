import { check } from './definition-error';

/**
 * A GitHub user name, as GitHub's sign-up form states the rule: letters,
 * digits and single hyphens, neither first nor last, at most 39 characters.
 * Organisation names follow the same rule.
 */
const GITHUB_ACCOUNT = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** A team's slug, as a CODEOWNERS `@org/team` line names it: letters, digits, hyphens and underscores, starting with a letter or digit. */
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** What an owner is, for error messages. */
const OWNER_RULE = 'must be a GitHub user "@user" or team "@org/team" (letters, digits and single inner hyphens, at most 39 characters; a team slug may also hold "_")';

/** Whether `owner` is `@user` or `@org/team`. */
export function isGithubOwner(owner: string): boolean {
  const match = /^@([^/]*)(?:\/(.*))?$/.exec(owner);
  if (!match) return false;
  const [, account, team] = match;
  return GITHUB_ACCOUNT.test(account) && (team === undefined || TEAM_SLUG.test(team));
}

/**
 * Checks a definition's `owners`: a non-empty list of distinct GitHub users
 * (`@user`) or teams (`@org/team`); e-mail addresses, bare names and
 * duplicates (GitHub compares handles case-insensitively) are refused.
 * Returns the list.
 */
export function validateOwners(value: unknown, field = 'owners'): string[] {
  check(Array.isArray(value), field, 'must be a list of GitHub users "@user" or teams "@org/team" who review changes to the extension');
  check(value.length > 0, field, 'must name at least one GitHub user "@user" or team "@org/team": CODEOWNERS asks them to review changes to the extension');
  const seen = new Map<string, number>();
  value.forEach((owner, i) => {
    const at = `${field}[${i}]`;
    check(typeof owner === 'string', at, 'must be a string');
    check(!/^[^@]+@/.test(owner), at, `"${owner}" is an e-mail address; an owner ${OWNER_RULE}`);
    check(isGithubOwner(owner), at, `"${owner}" ${OWNER_RULE}`);
    const key = owner.toLowerCase();
    const earlier = seen.get(key);
    check(earlier === undefined, at, `"${owner}" is listed twice (${field}[${earlier}]; GitHub handles ignore case)`);
    seen.set(key, i);
  });
  return [...value];
}

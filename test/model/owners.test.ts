import { DefinitionError } from '../../src';
import { isGithubOwner, validateOwners } from '../../src/model/owners';

describe('owners', () => {
  test('users and teams are owners', () => {
    for (const owner of ['@a', '@octocat', '@Mona-Lisa', `@${'a'.repeat(39)}`, '@octo-org/octocats', '@cnpg-extensions-cdk/maintainers', '@org/team_2']) {
      expect(isGithubOwner(owner)).toBe(true);
    }
  });

  test('e-mail addresses, bare names and malformed handles are not', () => {
    for (const owner of ['octocat', 'a@example.com', '@', '@-a', '@a-', '@a--b', `@${'a'.repeat(40)}`, '@a_b', '@org/', '@org/-x', '@org/a/b', '@a b', '@a#b', '@org/a,b']) {
      expect(isGithubOwner(owner)).toBe(false);
    }
  });

  test('validateOwners names the field and the rule', () => {
    expect(validateOwners(['@b', '@a/c'])).toEqual(['@b', '@a/c']);
    const error = (value: unknown) => {
      try {
        validateOwners(value, 'components[1].owners');
      } catch (e) {
        expect(e).toBeInstanceOf(DefinitionError);
        return (e as DefinitionError).message;
      }
      throw new Error('accepted');
    };
    expect(error(['@x', 'x@example.com'])).toMatch(/^components\[1\]\.owners\[1\]: "x@example.com" is an e-mail address/);
    expect(error(['@X', '@x'])).toBe('components[1].owners[1]: "@x" is listed twice (components[1].owners[0]; GitHub handles ignore case)');
    expect(error([])).toMatch(/^components\[1\]\.owners: must name at least one/);
    expect(error('@x')).toMatch(/^components\[1\]\.owners: must be a list/);
  });
});

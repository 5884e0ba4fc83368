import { IConstruct } from 'constructs';

/**
 * Runs the validations of every construct under `root` and throws as cdk8s's
 * `App.synthYaml()` does, with the same message. The examples and Chainsaw
 * suites render the few objects they need themselves, so rendering the whole
 * App to YAML only to validate it would be thrown away.
 */
export function validateConstructs(root: IConstruct): void {
  const errors = root.node.findAll().flatMap((child) => child.node.validate().map((error) => `[${child.node.path}] ${error}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

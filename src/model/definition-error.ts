/**
 * An invalid extension definition. It names the field and the rule it breaks,
 * and, once the loader knows it, the file the definition came from.
 *
 * TypeScript only: jsii cannot export a subclass of `Error`, so in other
 * languages this is the runtime's generic error, with the same message.
 *
 * @jsii ignore
 */
export class DefinitionError extends Error {
  /** Creates an error for `field` breaking `rule`, optionally naming the definition's `file`. */
  public constructor(
    public readonly field: string,
    public readonly rule: string,
    public readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${field}: ${rule}`);
    this.name = 'DefinitionError';
  }

  /** The same error, attributed to `file`. */
  public inFile(file: string): DefinitionError {
    return new DefinitionError(this.field, this.rule, file);
  }
}

/** Throws a DefinitionError for `field` unless `condition` holds. */
export function check(condition: boolean, field: string, rule: string): asserts condition {
  if (!condition) throw new DefinitionError(field, rule);
}

import { HclExpression, evaluate, identifier, list, map, quoteString, renderExpression, str } from './hcl';

/** A bake variable, settable from the environment or `--set`. */
export interface BakeVariable {
  /** Variable name. */
  readonly name: string;
  /** Default value. */
  readonly defaultValue: string;
  /** What it is for. */
  readonly description: string;
}

/** A bake target: one image build. */
export interface BakeTarget {
  /** Target name. */
  readonly name: string;
  /** One-line comment above the target. */
  readonly comment: string;
  /** Build context, relative to where bake runs. */
  readonly context: string;
  /** Dockerfile, relative to the context. */
  readonly dockerfile: string;
  /** Target platforms. */
  readonly platforms: readonly string[];
  /** Build arguments. */
  readonly args: Readonly<Record<string, string>>;
  /** Image references to tag, as templates. */
  readonly tags: readonly HclExpression[];
  /** Image config labels, as templates. */
  readonly labels: ReadonlyArray<readonly [string, HclExpression]>;
  /** OCI annotations (`index,manifest:key=value`), as templates. */
  readonly annotations: readonly HclExpression[];
  /** Attestations to attach. */
  readonly attest: readonly string[];
}

/** A bake group. */
export interface BakeGroup {
  /** Group name. */
  readonly name: string;
  /** Members: targets or groups. */
  readonly targets: readonly string[];
}

/** A whole bake file. */
export interface BakeFile {
  /** Comment lines at the top. */
  readonly header: readonly string[];
  /** Variables. */
  readonly variables: readonly BakeVariable[];
  /** Global attributes computed from variables (code written by this library). */
  readonly attributes: ReadonlyArray<readonly [string, HclExpression]>;
  /** Groups, "default" among them. */
  readonly groups: readonly BakeGroup[];
  /** Targets. */
  readonly targets: readonly BakeTarget[];
}

/** A target's tags, labels and annotations with concrete values for the bake variables. */
export interface ResolvedBakeTarget {
  /** Image references. */
  readonly tags: string[];
  /** Labels. */
  readonly labels: Record<string, string>;
  /** Annotations, `index,manifest:key=value`. */
  readonly annotations: string[];
}

/** Resolves a target's templates the way bake does, given the values of its variables and attributes. */
export function resolveBakeTarget(target: BakeTarget, values: Readonly<Record<string, string>>): ResolvedBakeTarget {
  return {
    tags: target.tags.map((t) => evaluate(t, values)),
    labels: evaluate(map(target.labels), values),
    annotations: target.annotations.map((a) => evaluate(a, values)),
  };
}

/** Renders a bake file as HCL. */
export function renderBakeFile(file: BakeFile): string {
  const blocks: string[] = [
    file.header.map((line) => `# ${line}`.trimEnd()).join('\n'),
    ...file.variables.map((v) => [
      `variable ${quoteString(identifier(v.name))} {`,
      `  description = ${quoteString(v.description)}`,
      `  default = ${quoteString(v.defaultValue)}`,
      '}',
    ].join('\n')),
    file.attributes.map(([name, value]) => `${identifier(name)} = ${renderExpression(value)}`).join('\n'),
    ...file.groups.map((g) => block('group', g.name, [['targets', list(g.targets.map(str))]])),
    ...file.targets.map((t) => `# ${t.comment}\n${block('target', t.name, targetAttributes(t))}`),
  ];
  return blocks.filter((b) => b.length > 0).join('\n\n') + '\n';
}

function targetAttributes(t: BakeTarget): Array<[string, HclExpression]> {
  return [
    ['context', str(t.context)],
    ['dockerfile', str(t.dockerfile)],
    ['platforms', list(t.platforms.map(str))],
    ['args', map(Object.entries(t.args).map(([k, v]) => [k, str(v)] as [string, HclExpression]))],
    ['tags', list([...t.tags])],
    ['labels', map(t.labels)],
    ['annotations', list([...t.annotations])],
    ['attest', list(t.attest.map(str))],
  ];
}

function block(type: string, name: string, attributes: Array<[string, HclExpression]>): string {
  const body = attributes.map(([k, v]) => `  ${identifier(k)} = ${renderExpression(v, '  ')}`).join('\n');
  return `${type} ${quoteString(identifier(name))} {\n${body}\n}`;
}

/** A typed model of the HCL expressions a bake file needs, rendered with correct escaping. */

/** A piece of a string template: literal text, or a reference to a variable or attribute. */
export type HclTemplatePart = string | { readonly ref: string };

/** An HCL expression. */
export type HclExpression =
  | { readonly kind: 'template'; readonly parts: readonly HclTemplatePart[] }
  | { readonly kind: 'list'; readonly items: readonly HclExpression[] }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, HclExpression]> }
  | { readonly kind: 'code'; readonly code: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A string: literal text and `${ref}` references. */
export function template(...parts: HclTemplatePart[]): HclExpression {
  for (const p of parts) if (typeof p !== 'string') identifier(p.ref);
  return { kind: 'template', parts };
}

/** A plain string. */
export function str(text: string): HclExpression {
  return template(text);
}

/** A list. */
export function list(items: HclExpression[]): HclExpression {
  return { kind: 'list', items };
}

/** A map with string keys, kept in the given order. */
export function map(entries: Record<string, HclExpression> | ReadonlyArray<readonly [string, HclExpression]>): HclExpression {
  return { kind: 'map', entries: Array.isArray(entries) ? [...entries] : Object.entries(entries) };
}

/** An expression written by this library itself (a conditional, a function call), never user input. */
export function code(text: string): HclExpression {
  return { kind: 'code', code: text };
}

/** Checks an identifier (variable, attribute, block label). */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`invalid HCL identifier "${name}"`);
  return name;
}

/** What escapeTemplateText changes; most text has none of it. */
const NEEDS_ESCAPING = /[\\"\u0000-\u001f\u007f]|[$%]\{/;

/** Escapes literal text for an HCL quoted template: quotes, backslashes, control characters and `${` / `%{`. */
export function escapeTemplateText(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
}

/** A quoted HCL string for literal text. */
export function quoteString(text: string): string {
  return `"${escapeTemplateText(text)}"`;
}

/** Renders an expression; `indent` is the current indentation. */
export function renderExpression(expression: HclExpression, indent = ''): string {
  const inner = indent + '  ';
  switch (expression.kind) {
    case 'template':
      return `"${expression.parts.map((p) => (typeof p === 'string' ? escapeTemplateText(p) : `\${${p.ref}}`)).join('')}"`;
    case 'code':
      return expression.code;
    case 'list':
      if (expression.items.length === 0) return '[]';
      return `[\n${expression.items.map((i) => `${inner}${renderExpression(i, inner)},`).join('\n')}\n${indent}]`;
    case 'map':
      if (expression.entries.length === 0) return '{}';
      return `{\n${expression.entries.map(([k, v]) => `${inner}${quoteString(k)} = ${renderExpression(v, inner)}`).join('\n')}\n${indent}}`;
  }
}

/** Evaluates a template or a list or map of templates with concrete values for its references. */
export function evaluate(expression: HclExpression, values: Readonly<Record<string, string>>): any {
  switch (expression.kind) {
    case 'template':
      return expression.parts.map((p) => {
        if (typeof p === 'string') return p;
        const value = values[p.ref];
        if (value === undefined) throw new Error(`no value for \${${p.ref}}`);
        return value;
      }).join('');
    case 'list':
      return expression.items.map((i) => evaluate(i, values));
    case 'map':
      return Object.fromEntries(expression.entries.map(([k, v]) => [k, evaluate(v, values)]));
    case 'code':
      throw new Error(`cannot evaluate code expression ${expression.code}`);
  }
}

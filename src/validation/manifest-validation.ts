import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type { CelInput } from '@bufbuild/cel';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { FieldIssue, catalogAdmissionIssues, clusterAdmissionIssues } from './extension-admission';
import { readCacheFile, sha256Hex, writeCacheFile } from '../model/cache-file';
import { packageRoot } from '../model/package-root';

/** A manifest breaking a CRD schema, a CRD validation rule or an admission check. */
export interface ManifestIssue extends FieldIssue {
  /** The object, as "Kind/name". */
  readonly object: string;
  /** Where the manifest came from (a file, a construct path). */
  readonly source?: string;
}

/** The vendored CloudNativePG CRDs, relative to the package root. */
const CRD_FILE = 'vendor/cloudnative-pg/crds-1.30.0.yaml';

/** An OpenAPI v3 schema node of a CRD, with the Kubernetes extensions this module honours. */
interface CrdSchema {
  'type'?: string | string[];
  'properties'?: Record<string, CrdSchema>;
  'additionalProperties'?: boolean | CrdSchema;
  'items'?: CrdSchema;
  'anyOf'?: CrdSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelRule[];
}

/** One `x-kubernetes-validations` entry. */
interface CelRule {
  rule: string;
  message?: string;
}

/** A kind a CRD serves, at one served version. */
interface ServedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: CrdSchema;
}

/** What a manifest looks like before it is validated. */
interface Manifest {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
  /** Read by the admission checks only, which run once the schema holds, so it has the CRD's shape. */
  spec?: any;
}

/** Admission checks by kind; the API server runs them only on objects that pass the schema and its rules. */
const ADMISSION: Record<string, (manifest: Manifest) => FieldIssue[]> = {
  Cluster: clusterAdmissionIssues,
  ImageCatalog: catalogAdmissionIssues,
  ClusterImageCatalog: catalogAdmissionIssues,
};

/**
 * Schema violations after which the API server skips the CEL rules, as the
 * object lacks the shape they were written for (its hasBlockingErr): type,
 * required, enum, too long, too many.
 */
const BLOCKING_KEYWORDS = new Set(['type', 'required', 'enum', 'maxLength', 'maxItems', 'maxProperties']);

let servedKinds: ServedKind[] | undefined;
/** Compiled once per process, per served kind, and only for the kinds validated. */
const validators = new Map<ServedKind, ValidateFunction>();

/*
 * @bufbuild/cel and ajv's compiler take ~0.5 s to load, and a synthesis whose
 * outputs all come from the output cache validates nothing: each is loaded
 * when first needed.
 */
type Cel = typeof import('@bufbuild/cel');
let celEngine: { readonly cel: Cel; readonly env: ReturnType<Cel['celEnv']> } | undefined;
const celPrograms = new Map<string, ReturnType<Cel['plan']>>();
let ajvCompiler: { readonly ajv: Ajv; readonly standaloneCode: typeof import('ajv/dist/standalone').default } | undefined;

function celEngineOf(): NonNullable<typeof celEngine> {
  if (!celEngine) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
    const cel: Cel = require('@bufbuild/cel');
    celEngine = { cel, env: cel.celEnv() };
  }
  return celEngine;
}

function ajvCompilerOf(): NonNullable<typeof ajvCompiler> {
  if (!ajvCompiler) {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (see above) */
    const AjvClass: typeof Ajv = require('ajv').default;
    const standaloneCode: typeof import('ajv/dist/standalone').default = require('ajv/dist/standalone').default;
    /* eslint-enable @typescript-eslint/no-require-imports */
    // ajv's code optimizer takes longer than it saves on schemas this size and a handful of manifests.
    // `source` keeps the generated code, which the cache stores.
    const ajv = new AjvClass({ strict: false, allErrors: true, useDefaults: true, validateFormats: false, code: { optimize: false, source: true } });
    ajvCompiler = { ajv, standaloneCode };
  }
  return ajvCompiler;
}

/** The issues of the manifests validated last, by JSON text; bounded, as each key holds a whole manifest. */
const recentIssues = new Map<string, readonly ManifestIssue[]>();
const RECENT_ISSUES = 256;

/**
 * Validates one manifest as the API server and CloudNativePG's webhook would:
 * the kind and name, the CRD's OpenAPI schema (unknown fields are errors),
 * list-map keys, the CRD's CEL rules (unless the schema errors block them,
 * and skipping transition rules, which need an old object), then the extension
 * admission checks, once everything else holds.
 */
export function validateManifest(manifest: object): ManifestIssue[] {
  // As the API server receives it: JSON. The text is also the memo key, so a
  // manifest checked by its construct and again as written is validated once.
  let text: string;
  try {
    text = JSON.stringify(manifest);
  } catch (error) {
    const { kind, metadata } = manifest as Manifest;
    return [{ object: `${kind ?? '?'}/${metadata?.name ?? '?'}`, path: '', rule: `cannot be sent as JSON: ${(error as Error).message}` }];
  }
  let issues = recentIssues.get(text);
  if (!issues) {
    issues = jsonManifestIssues(JSON.parse(text));
    if (recentIssues.size >= RECENT_ISSUES) recentIssues.delete(recentIssues.keys().next().value!);
    recentIssues.set(text, issues);
  }
  return issues.map((issue) => ({ ...issue }));
}

/** validateManifest's checks, on a manifest parsed from JSON (its own copy: defaults are written into it). */
function jsonManifestIssues(document: Manifest): ManifestIssue[] {
  const object = `${document.kind ?? '?'}/${document.metadata?.name ?? '?'}`;
  const served = servedKindOf(document);
  const identity = identityIssues(document, served);
  const issues = served && identity.length === 0 ? servedKindIssues(served, document) : identity;
  return issues.map((issue) => ({ object, ...issue }));
}

/** The API server's order: defaults, schema and list keys, CEL rules unless blocked, then admission if all held. */
function servedKindIssues(served: ServedKind, defaulted: Manifest): FieldIssue[] {
  // CEL rules and admission may read defaulted fields: ajv writes them into `defaulted`.
  const validate = validatorOf(served);
  const schemaErrors = validate(defaulted) ? [] : validate.errors ?? [];
  const issues = [...schemaErrors.map((e) => schemaIssue(e, defaulted)), ...visitNodes(served.schema, defaulted, '', listKeyIssues)];
  if (!schemaErrors.some((e) => BLOCKING_KEYWORDS.has(e.keyword))) {
    issues.push(...visitNodes(served.schema, toCelInput(defaulted, served.schema), '', celRuleIssues));
  }
  return issues.length > 0 ? issues : ADMISSION[served.kind]?.(defaulted) ?? [];
}

/** Validates every document of a multi-document YAML text; `source` (a file name) is recorded on each issue. */
export function validateManifests(yamlText: string, source?: string): ManifestIssue[] {
  const issues = parseAllDocuments(yamlText).flatMap((document, i): ManifestIssue[] => {
    if (document.errors.length > 0) return document.errors.map((e) => ({ object: `document ${i + 1}`, path: '', rule: e.message }));
    const manifest: unknown = document.toJS();
    if (manifest === null) return [];
    if (typeof manifest !== 'object') return [{ object: `document ${i + 1}`, path: '', rule: 'must be a Kubernetes object' }];
    return validateManifest(manifest);
  });
  return issues.map((issue) => ({ ...issue, source }));
}

/** One line per issue: `<source>: <Kind/name>: <path>: <rule>`, leaving out a missing source or path. */
export function formatIssues(issues: readonly ManifestIssue[]): string[] {
  return issues.map((i) => [i.source, i.object, i.path, i.rule].filter((part) => part !== undefined && part !== '').join(': '));
}

/** Objects whose manifest issues a construct that changes them reports, blaming the part at fault (ClusterExtension does). */
const validatedElsewhere = new WeakSet<ApiObject>();

/** Leaves `apiObject` out of addManifestValidation and addManifestValidationToAll: its issues are reported elsewhere, and once is enough. */
export function markManifestValidated(apiObject: ApiObject): void {
  validatedElsewhere.add(apiObject);
}

/** Makes synthesis (and `node.validate()`) fail when the rendered manifest of `apiObject` is invalid. */
export function addManifestValidation(apiObject: ApiObject): void {
  apiObject.node.addValidation({ validate: () => (validatedElsewhere.has(apiObject) ? [] : formatIssues(validateManifest(apiObject.toJson()))) });
}

/**
 * Makes synthesis fail when any CloudNativePG object under `scope` (a Chart,
 * an App) has an invalid manifest, including objects added after this call;
 * each line names the object's construct path.
 */
export function addManifestValidationToAll(scope: IConstruct): void {
  scope.node.addValidation({
    validate: () => scope.node.findAll().filter(isValidatedApiObject).flatMap((apiObject) =>
      formatIssues(validateManifest(apiObject.toJson()).map((issue) => ({ ...issue, source: apiObject.node.path })))),
  });
}

function isValidatedApiObject(construct: IConstruct): construct is ApiObject {
  return ApiObject.isApiObject(construct) && !validatedElsewhere.has(construct)
    && loadServedKinds().some((s) => s.apiVersion === construct.apiVersion && s.kind === construct.kind);
}

function identityIssues(document: Manifest, served: ServedKind | undefined): FieldIssue[] {
  const kinds = loadServedKinds();
  const issues: FieldIssue[] = [];
  if (!kinds.some((s) => s.kind === document.kind)) {
    issues.push({ path: 'kind', rule: `must be one of ${[...new Set(kinds.map((s) => s.kind))].join(', ')}` });
  } else if (!served) {
    issues.push({ path: 'apiVersion', rule: `must be ${kinds.filter((s) => s.kind === document.kind).map((s) => s.apiVersion).join(' or ')}` });
  }
  if (typeof document.metadata?.name !== 'string' || document.metadata.name === '') {
    issues.push({ path: 'metadata.name', rule: 'is required' });
  }
  return issues;
}

function servedKindOf(document: Manifest): ServedKind | undefined {
  return loadServedKinds().find((s) => s.apiVersion === document.apiVersion && s.kind === document.kind);
}

/** The served versions of the vendored CRDs, read once per process, and parsed once per CRD file (see ValidatorCache). */
function loadServedKinds(): ServedKind[] {
  if (servedKinds) return servedKinds;
  const crdText = fs.readFileSync(path.join(packageRoot(), CRD_FILE));
  validatorCache = ValidatorCache.open(crdText);
  servedKinds = validatorCache?.readServedKinds() ?? parseServedKinds(crdText.toString('utf8'));
  if (validatorCache?.missedServedKinds) validatorCache.writeServedKinds(servedKinds);
  return servedKinds;
}

/** The SHA-256 of the vendored CRDs the manifests are validated against. */
export function crdDigest(): string {
  return sha256Hex(fs.readFileSync(path.join(packageRoot(), CRD_FILE)));
}

function parseServedKinds(crdText: string): ServedKind[] {
  return parseAllDocuments(crdText).flatMap((document) => {
    const crd = document.toJS();
    return crd.spec.versions
      .filter((version: { served: boolean }) => version.served)
      .map((version: { name: string; schema: { openAPIV3Schema: CrdSchema } }): ServedKind => ({
        apiVersion: `${crd.spec.group}/${version.name}`,
        kind: crd.spec.names.kind,
        schema: version.schema.openAPIV3Schema,
      }));
  });
}

let validatorCache: ValidatorCache | undefined;

/** Environment variable naming the validator cache directory, or `off` to disable it. */
const CACHE_ENV = 'CNPG_EXTENSIONS_CDK_CACHE';

/**
 * What the CRD file costs to read, kept across processes: its served kinds as
 * JSON (a YAML parse of the CRDs takes ~0.2 s, a JSON parse ~3 ms) and each
 * kind's ajv validator as standalone code (ajv compiles a CRD schema in
 * ~0.2 s). Keyed by the SHA-256 of the CRD file and of this module's own code
 * and ajv's version, which together decide the validators. Lives under
 * `node_modules/.cache/cnpg-extensions-cdk/` (git-ignored; `npm ci` clears it)
 * or in `$CNPG_EXTENSIONS_CDK_CACHE`; `CNPG_EXTENSIONS_CDK_CACHE=off`
 * disables it. Best effort (see model/cache-file.ts).
 */
class ValidatorCache {
  /** The cache for this CRD file, or undefined when caching is off or there is nowhere to put it. */
  public static open(crdText: Buffer): ValidatorCache | undefined {
    const setting = process.env[CACHE_ENV];
    if (setting === 'off') return undefined;
    const base = setting || defaultCacheDirectory();
    if (!base) return undefined;
    const key = sha256Hex(`crd ${sha256Hex(crdText)}\nmodule ${sha256Hex(fs.readFileSync(__filename))}\najv ${ajvVersion()}\n`);
    return new ValidatorCache(path.join(path.resolve(base), `validators-${key.slice(0, 32)}`));
  }

  /** Whether the served kinds were not in the cache (and should be written). */
  public missedServedKinds = false;

  private constructor(private readonly dir: string) {}

  public readServedKinds(): ServedKind[] | undefined {
    const text = this.read('served-kinds.json');
    this.missedServedKinds = text === undefined;
    return text === undefined ? undefined : JSON.parse(text);
  }

  public writeServedKinds(kinds: readonly ServedKind[]): void {
    this.write('served-kinds.json', JSON.stringify(kinds));
  }

  /** The cached validator of a kind, or a fresh one, compiled by `compile` and then cached. */
  public validator(served: ServedKind, compile: () => ValidateFunction): ValidateFunction {
    const file = `validator-${served.kind}-${served.apiVersion.replace(/[^A-Za-z0-9.-]/g, '_')}.js`;
    const code = this.read(file);
    if (code !== undefined) {
      try {
        const module = { exports: {} as { default?: unknown } };
        new Function('require', 'module', 'exports', code)(ajvRequire(), module, module.exports);
        if (typeof module.exports.default === 'function') return module.exports.default as ValidateFunction;
      } catch {
        // A damaged entry: compile, and replace it.
      }
    }
    const validate = compile();
    const { ajv, standaloneCode } = ajvCompilerOf();
    this.write(file, standaloneCode(ajv, validate));
    return validate;
  }

  private read(file: string): string | undefined {
    return readCacheFile(path.join(this.dir, file));
  }

  private write(file: string, content: string): void {
    writeCacheFile(path.join(this.dir, file), content);
  }
}

/** `node_modules/.cache/cnpg-extensions-cdk` of the node_modules this package is installed in, or the repository's own. */
function defaultCacheDirectory(): string | undefined {
  const root = packageRoot();
  const parent = path.dirname(root);
  const nodeModules = path.basename(parent) === 'node_modules' ? parent
    : path.basename(path.dirname(parent)) === 'node_modules' && path.basename(parent).startsWith('@') ? path.dirname(parent)
      : path.join(root, 'node_modules');
  return fs.existsSync(nodeModules) ? path.join(nodeModules, '.cache', 'cnpg-extensions-cdk') : undefined;
}

/** `require` as seen from ajv, for the runtime helpers standalone validators import. */
function ajvRequire(): NodeJS.Require {
  return createRequire(require.resolve('ajv'));
}

function ajvVersion(): string {
  let dir = path.dirname(require.resolve('ajv'));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function validatorOf(served: ServedKind): ValidateFunction {
  let validate = validators.get(served);
  if (!validate) {
    const compile = () => ajvCompilerOf().ajv.compile(toAjvSchema(served.schema));
    validate = validatorCache ? validatorCache.validator(served, compile) : compile();
    validators.set(served, validate);
  }
  return validate;
}

/**
 * The schema as ajv should read it: objects with known properties reject
 * unknown fields (the API server's strict field validation) unless they
 * preserve them, and int-or-string takes either type.
 */
function toAjvSchema(node: CrdSchema): CrdSchema {
  const result: CrdSchema = { ...node };
  if (node.properties) {
    result.properties = Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, toAjvSchema(child)]));
  }
  if (node.items) result.items = toAjvSchema(node.items);
  if (typeof node.additionalProperties === 'object') result.additionalProperties = toAjvSchema(node.additionalProperties);
  if (node['x-kubernetes-int-or-string']) {
    delete result.anyOf;
    result.type = ['integer', 'string'];
  } else if (node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    result.additionalProperties = false;
  }
  return result;
}

function schemaIssue(error: ErrorObject, document: unknown): FieldIssue {
  const at = fieldPath(document, error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: joinPath(at, error.params.additionalProperty), rule: 'unknown field' };
    case 'required':
      return { path: joinPath(at, error.params.missingProperty), rule: 'is required' };
    case 'enum':
      return { path: at, rule: `must be one of ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path: at, rule: error.message ?? error.keyword };
  }
}

/** `spec.images[0].major` for the JSON pointer `/spec/images/0/major`: indices in brackets where the document has a list. */
function fieldPath(document: unknown, pointer: string): string {
  let node: any = document;
  let result = '';
  for (const segment of pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    result = Array.isArray(node) ? `${result}[${segment}]` : joinPath(result, segment);
    node = node?.[segment];
  }
  return result;
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** Issues of `visit` at every node of `value` the schema describes, depth first. */
function visitNodes(
  schema: CrdSchema, value: unknown, at: string, visit: (schema: CrdSchema, value: unknown, at: string) => FieldIssue[],
): FieldIssue[] {
  const issues = visit(schema, value, at);
  const items = schema.items;
  if (Array.isArray(value)) {
    if (items) value.forEach((item, i) => issues.push(...visitNodes(items, item, `${at}[${i}]`, visit)));
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema = propertySchema(schema, key);
      if (childSchema) issues.push(...visitNodes(childSchema, child, joinPath(at, key), visit));
    }
  }
  return issues;
}

function propertySchema(schema: CrdSchema | undefined, key: string): CrdSchema | undefined {
  return schema?.properties?.[key] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Entries of an `x-kubernetes-list-type: map` list must differ in their keys (the API server checks this with the schema). */
function listKeyIssues(schema: CrdSchema, value: unknown, at: string): FieldIssue[] {
  const keys = schema['x-kubernetes-list-map-keys'];
  if (schema['x-kubernetes-list-type'] !== 'map' || !keys || !Array.isArray(value)) return [];
  const seen = new Set<string>();
  return value.flatMap((entry, i) => {
    const key = keys.map((k) => `${k}=${JSON.stringify(isRecord(entry) ? entry[k] : undefined)}`).join(', ');
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [{ path: `${at}[${i}]`, rule: `duplicate entry: an earlier one has ${key}` }];
  });
}

/**
 * The value as the API server gives it to CEL: integer fields as CEL ints
 * (bigint). As JS numbers they would be doubles, and `self.n + 1` would find
 * no overload for (double, int).
 */
function toCelInput(value: unknown, schema: CrdSchema | undefined): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && (schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'])) {
    return BigInt(value);
  }
  if (Array.isArray(value)) return value.map((item) => toCelInput(item, schema?.items));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toCelInput(child, propertySchema(schema, key))]));
  return value;
}

/**
 * The CRD's CEL rules at this node, with `self` bound to it. Transition rules
 * (those reading `oldSelf`) are skipped: they compare with the stored object,
 * and a manifest is a creation.
 */
function celRuleIssues(schema: CrdSchema, self: unknown, at: string): FieldIssue[] {
  return (schema['x-kubernetes-validations'] ?? []).filter((r) => !/\boldSelf\b/.test(r.rule)).flatMap((r) => {
    const result = celProgram(r.rule)({ self: self as CelInput });
    if (result === true) return [];
    const rule = celEngineOf().cel.isCelError(result) ? `rule "${r.rule}" could not be evaluated: ${result.message}` : r.message ?? `failed rule: ${r.rule}`;
    return [{ path: at, rule }];
  });
}

function celProgram(rule: string): ReturnType<Cel['plan']> {
  let program = celPrograms.get(rule);
  if (!program) {
    const { cel, env } = celEngineOf();
    program = cel.plan(env, cel.parse(rule));
    celPrograms.set(rule, program);
  }
  return program;
}

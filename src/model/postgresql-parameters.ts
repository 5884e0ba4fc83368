import {
  CLOUDNATIVE_PG_FIXED_PARAMETERS, CLOUDNATIVE_PG_MANAGED_PARAMETERS, CLOUDNATIVE_PG_PARAMETER_NAMESPACE,
} from './cloudnative-pg-parameters';
import { POSTGRESQL_18_PARAMETERS, POSTGRESQL_18_PARAMETER_ALIASES } from './postgresql-18-parameters';
import { didYouMean } from './suggestions';

/**
 * Parameters whose value is a comma-separated list of libraries. Several
 * extensions may each need an entry, so their values are merged, not compared.
 */
export const LIBRARY_LIST_PARAMETERS: readonly string[] = ['local_preload_libraries', 'output_plugin_libraries', 'session_preload_libraries'];

/** Whether `name` is a library list parameter. */
export function isLibraryListParameter(name: string): boolean {
  return LIBRARY_LIST_PARAMETERS.includes(name);
}

/** The items of a comma-separated parameter value, trimmed, without empty ones. */
export function splitParameterList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/**
 * The value of parameter `name` once `added` joins `current`: for a library
 * list, the union in first-seen order; otherwise `added` when the two agree.
 * Undefined means they conflict.
 */
export function mergeParameterValue(name: string, current: string | undefined, added: string): string | undefined {
  if (isLibraryListParameter(name)) {
    const items = [...splitParameterList(current ?? ''), ...splitParameterList(added)];
    return [...new Set(items)].join(', ');
  }
  if (current === undefined || current === added) return added;
  return undefined;
}

/** A parameter that two sources set to values that cannot both hold. */
export interface ParameterConflict {
  readonly name: string;
  /** The value the earlier sources gave it. */
  readonly current: string;
  /** The value of source number `source` that could not join it. */
  readonly added: string;
  /** Which source, counted from 0. */
  readonly source: number;
}

/**
 * The parameters of `sources` merged in order, parameter by parameter
 * (mergeParameterValue: library lists as a union in first-seen order, other
 * values must agree), and the conflicts, in order; a conflicting value is left
 * out. The one rule for an image's components, ClusterExtension and the e2e's
 * server configuration.
 */
export function mergeParameters(
  ...sources: ReadonlyArray<Readonly<Record<string, string>>>
): { merged: Record<string, string>; conflicts: ParameterConflict[] } {
  const merged: Record<string, string> = {};
  const conflicts: ParameterConflict[] = [];
  sources.forEach((parameters, source) => {
    for (const [name, value] of Object.entries(parameters)) {
      const result = mergeParameterValue(name, merged[name], value);
      if (result === undefined) conflicts.push({ name, current: merged[name], added: value, source });
      else merged[name] = result;
    }
  });
  return { merged, conflicts };
}

/**
 * Configuration file directives that look like parameters: PostgreSQL reads
 * another file instead of setting a value (ParseConfigFp in
 * src/backend/utils/misc/guc-file.l). CloudNativePG writes the parameters into
 * its own file, so an include would read whatever the pod holds at that path.
 */
export const CONFIGURATION_FILE_DIRECTIVES: readonly string[] = ['include', 'include_dir', 'include_if_exists'];

/**
 * Why a definition may not set parameter `name`, or undefined when it may. The
 * name must already be a valid lowercase name (`x` or `x.y`). It may not be a
 * configuration file directive; a parameter another field of the definition
 * sets (shared_preload_libraries) or CloudNativePG fixes, blocks or builds
 * (CLOUDNATIVE_PG_FIXED_PARAMETERS, CLOUDNATIVE_PG_MANAGED_PARAMETERS, the
 * "cnpg." namespace); a read-only PostgreSQL parameter; or a name without a
 * dot that PostgreSQL 18 does not know: the server refuses to start on an
 * unrecognized name in its configuration file. Names with a dot belong to
 * extensions (`pgaudit.log`) and are not checked further.
 */
export function parameterNameProblem(name: string): string | undefined {
  if (CONFIGURATION_FILE_DIRECTIVES.includes(name)) {
    return `"${name}" is a configuration file directive, not a parameter: PostgreSQL would read another file from the pod (${CONFIGURATION_FILE_DIRECTIVES.join(', ')} are not allowed)`;
  }
  const canonical = POSTGRESQL_18_PARAMETER_ALIASES[name] ?? name;
  const alias = canonical === name ? '' : ` (the old name of ${canonical})`;
  if (name === 'shared_preload_libraries') return `"${name}" has its own field: list the libraries in sharedPreloadLibraries, which CloudNativePG merges with the Cluster's`;
  const managed = CLOUDNATIVE_PG_MANAGED_PARAMETERS[canonical];
  if (managed) return `"${name}"${alias} is managed by CloudNativePG: ${managed}`;
  const rule = CLOUDNATIVE_PG_FIXED_PARAMETERS[name] ?? CLOUDNATIVE_PG_FIXED_PARAMETERS[canonical];
  if (rule === 'fixed') return `"${name}"${alias} is fixed by CloudNativePG, which manages its value; its webhook rejects a Cluster that sets it (FixedConfigurationParameters)`;
  if (rule === 'blocked') return `"${name}"${alias} is blocked by CloudNativePG: it must keep its default for the operator to work, and the webhook rejects a Cluster that sets it (FixedConfigurationParameters)`;
  const [namespace, rest] = name.split('.', 2);
  if (rest !== undefined) {
    return namespace === CLOUDNATIVE_PG_PARAMETER_NAMESPACE
      ? `"${name}" is in the "${CLOUDNATIVE_PG_PARAMETER_NAMESPACE}." namespace, which holds CloudNativePG's own state`
      : undefined;
  }
  const context = POSTGRESQL_18_PARAMETERS[canonical];
  if (context === undefined) {
    return `"${name}" is not a PostgreSQL 18 parameter: an unrecognized name without a dot stops the server from starting `
      + `(an extension's own parameters have one, such as pgaudit.log)${didYouMean(name, Object.keys(POSTGRESQL_18_PARAMETERS))}`;
  }
  if (context === 'internal') return `"${name}" is a read-only PostgreSQL parameter (preset when PostgreSQL is built or initialized); setting it in the configuration file stops the server from starting`;
  return undefined;
}

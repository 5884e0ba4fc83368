/**
 * What `ALTER EXTENSION ... UPDATE` can reach: PostgreSQL chains the update
 * scripts `<name>--<from>--<to>.sql` an image ships, from the installed
 * version to the target.
 */
import { check } from './definition-error';
import { compareCodePoints } from './ordering';

/** One update script: from one SQL version to another. */
export interface UpgradeStep {
  /** Version the script starts from. */
  readonly from: string;
  /** Version it leads to. */
  readonly to: string;
}

/** The update scripts of extension `sqlName` among `files` (paths or names), as steps. */
export function upgradeSteps(files: readonly string[], sqlName: string): UpgradeStep[] {
  const prefix = `${sqlName}--`;
  return files.flatMap((file) => {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (!name.startsWith(prefix) || !name.endsWith('.sql')) return [];
    // Versions hold no "--" (PostgreSQL forbids it), so the rest splits cleanly.
    const parts = name.slice(prefix.length, -'.sql'.length).split('--');
    return parts.length === 2 && parts[0] && parts[1] ? [{ from: parts[0], to: parts[1] }] : [];
  });
}

/** The versions from which `target` can be reached through `steps`, `target` excluded, sorted. */
export function versionsReaching(steps: readonly UpgradeStep[], target: string): string[] {
  const reached = new Set<string>([target]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const step of steps) {
      if (reached.has(step.to) && !reached.has(step.from)) {
        reached.add(step.from);
        grew = true;
      }
    }
  }
  reached.delete(target);
  return [...reached].sort(compareCodePoints);
}

/** Whether `ALTER EXTENSION ... UPDATE TO target` has a route from `installed` through `steps`. */
export function canUpgrade(steps: readonly UpgradeStep[], installed: string, target: string): boolean {
  return installed === target || versionsReaching(steps, target).includes(installed);
}

/**
 * The route `ALTER EXTENSION ... UPDATE` takes from `installed` to `target`:
 * the fewest steps, as PostgreSQL picks them (ties broken by script name, so
 * the answer does not depend on file order); [] when they are equal,
 * undefined when there is none.
 */
export function upgradeRoute(steps: readonly UpgradeStep[], installed: string, target: string): UpgradeStep[] | undefined {
  if (installed === target) return [];
  const sorted = [...steps].sort((a, b) => compareCodePoints(a.from, b.from) || compareCodePoints(a.to, b.to));
  const via = new Map<string, UpgradeStep>();
  let frontier = [installed];
  const seen = new Set(frontier);
  while (frontier.length > 0 && !seen.has(target)) {
    const next: string[] = [];
    for (const version of frontier) {
      for (const step of sorted) {
        if (step.from !== version || seen.has(step.to)) continue;
        seen.add(step.to);
        via.set(step.to, step);
        next.push(step.to);
      }
    }
    frontier = next;
  }
  if (!seen.has(target)) return undefined;
  const route: UpgradeStep[] = [];
  for (let at = target; at !== installed; at = via.get(at)!.from) route.unshift(via.get(at)!);
  return route;
}

/** The file name of the update script of `step`. */
export function updateScriptName(sqlName: string, step: UpgradeStep): string {
  return `${sqlName}--${step.from}--${step.to}.sql`;
}

/** An update a definition accepts to be impossible, on purpose. */
export interface UpgradeBreak {
  /** The SQL version the lock held before, which the new packages cannot update from. */
  readonly from: string;
  /** The SQL version of the new packages. */
  readonly to: string;
  /** Why the break is accepted, and what users at `from` must do instead (dump and restore, say). */
  readonly reason: string;
}

/** The fields of UpgradeBreak. */
const UPGRADE_BREAK_FIELDS: { readonly [K in keyof Required<UpgradeBreak>]: true } = { from: true, to: true, reason: true };
const SQL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;

/** Throws unless `value` is a list of upgrade breaks, each naming both versions once, with a one-line reason; returns a copy. */
export function validateUpgradeBreaks(value: unknown, field = 'upgradeBreaks'): UpgradeBreak[] {
  check(Array.isArray(value), field, 'must be a list of { from, to, reason }');
  return value.map((item, i) => {
    const at = `${field}[${i}]`;
    check(typeof item === 'object' && item !== null && !Array.isArray(item), at, 'must be { from, to, reason }');
    for (const [key, v] of Object.entries(item)) {
      check(key in UPGRADE_BREAK_FIELDS, `${at}.${key}`, `is not a field of an upgrade break (${Object.keys(UPGRADE_BREAK_FIELDS).join(', ')})`);
      check(v !== null, `${at}.${key}`, 'is null');
    }
    const b = item as UpgradeBreak;
    for (const f of ['from', 'to'] as const) {
      check(typeof b[f] === 'string' && SQL_VERSION.test(b[f]), `${at}.${f}`, `"${b[f]}" is not an extension version (${SQL_VERSION.source})`);
    }
    check(b.from !== b.to, at, `from and to are both "${b.from}"; an update to the same version needs no script`);
    check(typeof b.reason === 'string' && b.reason.trim().length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(b.reason), `${at}.reason`,
      'must say, in one line, why the break is accepted and what users at the old version do instead');
    const earlier = (value as UpgradeBreak[]).findIndex((o) => o.from === b.from && o.to === b.to);
    check(earlier === i, at, `${b.from} -> ${b.to} is listed twice`);
    return { from: b.from, to: b.to, reason: b.reason };
  });
}

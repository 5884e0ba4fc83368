/**
 * What `ALTER EXTENSION ... UPDATE` can reach: PostgreSQL chains the update
 * scripts `<name>--<from>--<to>.sql` an image ships, from the installed
 * version to the target.
 */
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

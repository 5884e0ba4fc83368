/** What the name of a PostgreSQL extension's Debian package ("postgresql-18-hypopg") tells. */
import { validateExtensionName } from '../../src/model/extension-name';

/** The CloudNativePG extension name: `explicitName`, or the package name without "postgresql-<major>-". */
export function extensionNameOf(packageName: string, major: number, explicitName?: string): string {
  const prefix = `postgresql-${major}-`;
  if (explicitName === undefined && !packageName.startsWith(prefix)) {
    throw new Error(`cannot infer an extension name from ${packageName}, which lacks the "${prefix}" prefix; pass --name`);
  }
  const name = explicitName ?? packageName.slice(prefix.length);
  validateExtensionName(name, explicitName === undefined ? `name inferred from ${packageName} (pass --name)` : '--name');
  return name;
}

/** The package name as a definition's template, with `{major}` for the PostgreSQL major version. */
export function packageTemplateOf(packageName: string, major: number): string {
  const prefix = `postgresql-${major}-`;
  return packageName.startsWith(prefix) ? `postgresql-{major}-${packageName.slice(prefix.length)}` : packageName;
}

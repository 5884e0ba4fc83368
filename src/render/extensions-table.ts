import { ReadmeMarkers, markdownCell as cell, replaceBetweenMarkers } from './markdown';
import { CatalogEntry } from '../model/catalog-entry';
import { ExtensionImage } from '../model/extension-image';
import { exceptionFor } from '../model/license-policy';

/** Markers around the generated table in a hand-written README. */
export const EXTENSIONS_TABLE_MARKERS: ReadmeMarkers = { start: '<!-- extensions-table:start -->', end: '<!-- extensions-table:end -->' };

/**
 * A Markdown table of every extension: description, licenses, owners, SQL
 * version per distro and major, and the image references catalogs use.
 */
export function renderExtensionsTable(images: readonly ExtensionImage[], entries: readonly CatalogEntry[]): string {
  const rows = images.map((image) => {
    const own = entries.filter((e) => e.extension === image);
    const licenses = image.licenses.map((l) => (exceptionFor(l, image.licenseExceptions) ? `${l} (exception)` : l)).join(', ');
    const versions = [
      ...own.map((e) => `${e.imageBuild.distro}/${e.imageBuild.major}: ${sqlVersions(e)} (${pinsOf(e)})`),
      ...image.unresolvedBuilds.map((u) => `${u.distro}/${u.major}: unresolved`),
    ].join('<br>');
    const references = own.map((e) => `\`${e.imageReference}\``).join('<br>');
    return `| [${image.name}](generated/${image.name}/README.md) | ${cell(image.description)} | ${cell(licenses)} | ${image.owners.join(' ')} | ${versions} | ${references} |`;
  });
  return [
    '| Extension | Description | Licenses | Owners | SQL version (distro/major, how the pin was obtained) | Images (catalog references) |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** How the entry's package versions were obtained: "index", "cited", "derived", or several joined. */
function pinsOf(entry: CatalogEntry): string {
  return [...new Set(entry.imageBuild.components.map((c) => c.pin))].join(', ');
}

/** The SQL versions of an entry's build: the version alone, or "name version" per component of a bundle. */
function sqlVersions(entry: CatalogEntry): string {
  const { components } = entry.imageBuild;
  return entry.extension.isBundle ? components.map((c) => `${c.component.sqlName} ${c.sqlVersion}`).join(', ') : components[0].sqlVersion;
}

/** `readme` (the text of `file`) with the text between the table markers replaced by `table`; throws naming `file` when the markers are missing. */
export function replaceExtensionsTable(readme: string, table: string, file = 'README.md'): string {
  return replaceBetweenMarkers(readme, EXTENSIONS_TABLE_MARKERS, table, '(extensions table)', file);
}

import { Yaml } from 'cdk8s';
import { upgradableFromLabel } from './extension-bake';
import { IMAGE_USER } from './extension-dockerfile';
import { toJson_ClusterSpecPostgresqlExtensions } from '../imports/cnpg-postgresql.cnpg.io';
import { CatalogEntry, tagValuesOf, toExtensionSpec } from '../model/catalog-entry';
import { ComponentBuild, ExtensionImage } from '../model/extension-image';
import { TagPolicy } from '../model/tag-policy';

/** What an extension's README is written from. */
export interface ExtensionReadmeProps {
  /** The extension. */
  readonly extension: ExtensionImage;
  /** Its catalog entries, one per build. */
  readonly entries: readonly CatalogEntry[];
  /** The tag convention. */
  readonly tagPolicy: TagPolicy;
  /** Registry and namespace images are pushed to. */
  readonly registry: string;
}

const code = (text: string) => `\`${text.replace(/`/g, '\\`')}\``;

/** Which SQL versions each build's update scripts lead from, as the versions lock read them from the packages. */
function updatesSection(ext: ExtensionImage, entries: readonly CatalogEntry[]): string[] {
  const rows = entries.flatMap((e) => e.upgradableFrom.map((u) => {
    const from = u.from === undefined ? `unresolved: ${u.unresolved}` : u.from.length ? u.from.map(code).join(', ') : 'none: the packages ship no update script to it';
    return `| ${e.imageBuild.distro} | ${code(u.sqlName)} | ${u.version} | ${from} |`;
  }));
  if (rows.length === 0) return [];
  return [
    '## Updates',
    '',
    `A Database at one of these SQL versions reaches the image's version with ${code('ALTER EXTENSION ... UPDATE')}, through the update scripts (${code('<name>--<from>--<to>.sql')}) the image's packages ship, as ${code('update-versions')} read them from the packages' file lists. ${code('unresolved')} means the packages were not read here. The image label ${code(upgradableFromLabel(ext, ext.components[0].name))}${ext.isBundle ? ' (one per component)' : ''} carries the same list where it is known.`,
    '',
    '| Distro | Extension | SQL version | Updates from |',
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** The README of one extension image: contents, tags, use through a catalog or directly, licenses. */
export function renderExtensionReadme(props: ExtensionReadmeProps): string {
  const { extension: ext, entries, tagPolicy, registry } = props;
  const example = entries[entries.length - 1];
  const layout = ext.components.flatMap((c) => {
    const at = (path: string) => code(`/${c.inImage(path)}`);
    const lines = [
      ...c.files.lib.map((g) => `- ${at(`lib/${g}`)}`),
      ...c.files.extension.map((g) => `- ${at(`share/extension/${g}`)}`),
      ...c.files.bin.map((g) => `- ${at(`bin/${g}`)}`),
      ...Object.entries(c.files.share).map(([dir, globs]) => `- ${at(`share/${dir}/`)}: ${globs.map((g) => code(`/usr/share/${g}`)).join(', ')}`),
      ...(c.systemLibraries ? [`- ${at('system/')}: the system libraries the extension needs that the operand image lacks`] : []),
    ];
    if (!ext.isBundle) return lines;
    return [`${code(c.name)} (${c.description}, ${c.homepage}), from ${c.packageTemplates.map(code).join(', ')}:`, '', ...lines, ''];
  });
  layout.push(`- ${code('/licenses/<package>/copyright')}: the copyright file of every package whose files the image holds`);
  const settings = [
    `- extension_control_path: ${ext.extensionControlPath.map(code).join(', ')}`,
    `- dynamic_library_path: ${ext.dynamicLibraryPath.map(code).join(', ')}`,
    ...(ext.ldLibraryPath.length ? [`- ld_library_path: ${ext.ldLibraryPath.map(code).join(', ')}`] : []),
    ...(ext.binPath.length ? [`- bin_path: ${ext.binPath.map(code).join(', ')}`] : []),
    ...ext.env.map((e) => `- env ${code(e.name)} = ${code(e.value)}`),
    ...(ext.sharedPreloadLibraries.length ? [`- shared_preload_libraries: ${ext.sharedPreloadLibraries.map(code).join(', ')}`] : []),
    ...Object.entries(ext.postgresqlParameters).map(([k, v]) => `- parameter ${code(k)} = ${code(v)}`),
    ...ext.databaseNameParameters.map((k) => `- parameter ${code(k)} = the name of the database the extension is created in (ClusterExtension sets it from the Database)`),
    ...(ext.requiredExtensions.length ? [`- requires: ${ext.requiredExtensions.map(code).join(', ')}`] : []),
  ];
  const perComponent = (e: CatalogEntry, value: (c: ComponentBuild) => string) =>
    e.imageBuild.components.map((c) => (ext.isBundle ? `${c.component.name} ${value(c)}` : value(c))).join('<br>');
  const rows = entries.map((e) => {
    const values = tagValuesOf(e.imageBuild, e.operand);
    const tags = [tagPolicy.immutable, ...tagPolicy.rolling].map((f) => code(f.renderAroundTimestamp(values, '<timestamp>').join('')));
    return `| ${e.imageBuild.distro} | ${e.operand.pgVersion} | ${perComponent(e, (c) => `${code(c.packageVersion)} (${c.pin})`)} | ${perComponent(e, (c) => c.sqlVersion)} | ${tags.join('<br>')} |`;
  });
  const created = example.imageBuild.components.filter((c) => c.component.createExtension);
  const direct = Yaml.stringify({ postgresql: { extensions: [toJson_ClusterSpecPostgresqlExtensions(toExtensionSpec(example.configuration))] } });
  // Database name parameters are shown for the example's database, app.
  const parameters = { ...ext.postgresqlParameters, ...Object.fromEntries(ext.databaseNameParameters.map((p) => [p, 'app'])) };
  const viaCatalog = Yaml.stringify({
    imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: `postgresql-minimal-${example.imageBuild.distro}`, major: example.imageBuild.major },
    postgresql: {
      extensions: [...ext.requiredExtensions, ext.name].map((name) => ({ name })),
      ...(ext.sharedPreloadLibraries.length ? { shared_preload_libraries: [...ext.sharedPreloadLibraries] } : {}),
      ...(Object.keys(parameters).length ? { parameters } : {}),
    },
  });
  return [
    `# ${ext.name}`,
    '',
    `${ext.description} (${ext.homepage})`,
    '',
    `Generated by cnpg-extensions-cdk from ${code(`extensions/${ext.name}.ts`)}; do not edit. Images: ${code(`${registry}/${ext.imageName}`)}.`,
    '',
    '## Contents',
    '',
    ext.isBundle
      ? `A bundle of ${ext.components.length} extensions, each in its own directory, searched and created in this order. ${code('{major}')} is the PostgreSQL major. Final stage: ${code('FROM scratch')}, user ${code(IMAGE_USER)}.`
      : `Debian packages: ${ext.components[0].packageTemplates.map(code).join(', ')} (${code('{major}')} is the PostgreSQL major). Final stage: ${code('FROM scratch')}, user ${code(IMAGE_USER)}.`,
    '',
    ...layout,
    '',
    '## CloudNativePG settings',
    '',
    ...settings,
    '',
    '## Builds and tags',
    '',
    `Tag policy ${code(tagPolicy.name)}; ${code('<timestamp>')} is the build time (YYYYMMDDhhmm, UTC). Catalogs reference the first rolling tag.`,
    '',
    '| Distro | PostgreSQL | Package version (how it was obtained) | SQL version | Tags |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Package versions come from ${code('extensions/versions.lock.json')}: ${code('index')} was read from the distro's apt index, ${code('cited')} is a published pin not re-read here, ${code('derived')} is a prediction from Debian unstable by PGDG's naming convention.`,
    ...ext.unresolvedBuilds.map((u) => `Not built for ${u.distro}/${u.major}: unresolved (${u.reason}).`),
    '',
    ...updatesSection(ext, entries),
    '## Use it',
    '',
    `Through the generated catalog ${code(`generated/catalogs/catalog-minimal-${example.imageBuild.distro}.yaml`)}, enable it by name in the Cluster spec:`,
    '',
    '```yaml',
    viaCatalog.trimEnd(),
    '```',
    '',
    'Or reference the image directly, without a catalog:',
    '',
    '```yaml',
    direct.trimEnd(),
    '```',
    '',
    ...(created.length > 0
      ? [`Then create ${created.length > 1 ? 'them' : 'it'} in a database with a Database resource (see ${code(`generated/examples/${ext.name}/database.yaml`)}): ${created.map((c) => `extension ${code(c.component.sqlName)}, version ${code(c.sqlVersion)}`).join('; ')}.`]
      : [`${ext.name} is not installed with CREATE EXTENSION; mounting it and the settings above are enough.`]),
    '',
    '## Licenses',
    '',
    `${ext.licenses.map(code).join(', ')}. Each image carries the Debian copyright file of every package it holds under ${code('/licenses/')}.`,
    ...ext.licenseExceptions.map((e) => `- Exception ${code(e.name)} accepts ${code(e.license)}, which is not on the CNCF allowlist: ${e.reason}.`),
    '',
  ].join('\n');
}

// `cnpg-extensions-cdk/projen`: tooling to run an extension repository of
// your own (the projen component, synthesis, renderers, the apt index reader
// and the versions lock), on top of the public API.
export * from './index';

export { ExtensionImages, ExtensionImagesOptions, currentSignatureBundles, writeGeneratedTree } from './repository/extension-images';
export { bundleSignsContent, signatureBundleName } from './model/sigstore-bundle';
export { CATALOGS_DIR, ExtensionDefinitionSource, ExtensionRepository, ExtensionRepositoryProps } from './repository/extension-repository';
export { definitionFiles, loadExtensionDefinitions } from './repository/definition-loader';

export {
  BAKE_ATTRIBUTES, BAKE_VARIABLES, ExtensionBakeOptions, PACKAGES_LABEL,
  bakeTargetName, extensionBakeFile, extensionBakeTarget, packagePins, targetInputs,
} from './render/extension-bake';
export { BakeFile, BakeTarget, renderBakeFile, resolveBakeTarget } from './render/bake-file';
export { DOCKERFILE_ARGS, IMAGE_USER, PACKAGES_FILE, renderExtensionDockerfile } from './render/extension-dockerfile';
export { EXTENSIONS_TABLE_MARKERS, renderExtensionsTable, replaceExtensionsTable } from './render/extensions-table';
export { ReadmeMarkers, markdownCell, replaceBetweenMarkers } from './render/markdown';
export { NOT_PACKAGED_TABLE_MARKERS, renderNotPackagedTable, replaceNotPackagedTable } from './render/not-packaged-table';
export { NOT_PACKAGED_FILE, NotPackaged, NotPackagedKind, NotPackagedList } from './model/not-packaged';

export {
  AptFetcher, AptIndex, AptIndexError, AptIndexLoadOptions, AptPackage, AptRelease, AptResolution, AptSource, debianArchitectureOf, fetchLocation,
} from './model/apt-index';
export { AptDerivation, AptDistroSource, AptSources } from './model/apt-sources';
export { compareDebianVersions, parseDebianVersion, releaseVersionOf, tagVersionOf } from './model/debian-version';
export { isGithubOwner, validateOwners } from './model/owners';
export { UpgradeStep, canUpgrade, updateScriptName, upgradeRoute, upgradeSteps, validateUpgradeBreaks, versionsReaching } from './model/upgrade-paths';

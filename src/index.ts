// The public API of cnpg-extensions-cdk for cdk8s apps: extension definitions
// and their values, the constructs that emit CloudNativePG objects, and
// manifest validation. Repository tooling is under `cnpg-extensions-cdk/projen`.

// Definitions and the values made from them.
export { DefinitionError } from './model/definition-error';
export {
  DEFAULT_PLATFORMS, ExtensionBuildProps, ExtensionComponent, ExtensionComponentProps, ExtensionFiles, ExtensionFilesProps, ExtensionImageProps,
  ComponentBuildRecord, ResolvedBuild, SmokeTestProps, UnresolvedBuild,
} from './model/extension-component';
export { ComponentBuild, ExtensionBundleProps, ExtensionDefinition, ExtensionImage, ExtensionUpgrades, ImageBuild, isExtensionBundleProps, upgradesOf } from './model/extension-image';
export { UpgradeBreak } from './model/upgrade-paths';
export { IMAGES_LOCK_FILE, ImagesLock, ImagesLockEntry, pinnedReference } from './model/images-lock';
export { CNCF_ALLOWED_LICENSES, LicenseException } from './model/license-policy';
export { LockKey, LockParseOptions, LockedIndex, LockedPackage, PIN_SOURCES, PinSource, VERSIONS_LOCK_FILE, VersionsLock, VersionsLockEntry } from './model/versions-lock';

// Catalogs, operand images, tags and the settings CloudNativePG derives.
export { CatalogEntry, CatalogEntryProps, DEFAULT_REGISTRY } from './model/catalog-entry';
export { ExtensionConfiguration, ExtensionEnvVar, ResolvedExtensionSettings, resolveExtensionSettings } from './model/extension-configuration';
export { OperandCatalog, OperandCatalogDocument, OperandCatalogError, OperandCatalogText, OperandImage } from './model/operand-catalog';
export { TagBuildValues, TagFormat, TagPolicy, TagPolicyProps, TagValues } from './model/tag-policy';

// Constructs that emit CloudNativePG objects.
export { ClusterExtension, ClusterExtensionError, ClusterExtensionProps } from './cdk8s/cluster-extension';
export { OperandImageCatalog, OperandImageCatalogProps } from './cdk8s/operand-image-catalog';

// Validation against the CloudNativePG CRDs, their CEL rules and the webhook's extension checks.
export { FieldIssue } from './validation/extension-admission';
export { ManifestIssue, addManifestValidation, addManifestValidationToAll, validateManifests } from './validation/manifest-validation';

// The package's ready-made definitions with their locked builds, for languages without `cnpg-extensions-cdk/extensions`.
export { PackagedExtensions } from './packaged-extensions';

import { DockerfileInstruction, renderDockerfile } from './dockerfile';
import { ExtensionComponent } from '../model/extension-component';
import { ExtensionImage } from '../model/extension-image';
import { OperandImage } from '../model/operand-catalog';
import { ShellLine, command, concat, glob, literal, parameter, quote, trusted } from './shell';

/** Build arguments of every generated Dockerfile. */
export const DOCKERFILE_ARGS = {
  /** The operand image the builder stage starts from, pinned by digest. */
  base: 'BASE',
  /** The PostgreSQL major version. */
  pgMajor: 'PG_MAJOR',
  /** The Debian version of the extension's packages; in a bundle, one per component (see packageVersionArg). */
  packageVersion: 'PACKAGE_VERSION',
} as const;

/** The build argument with a component's package version: PACKAGE_VERSION, or PACKAGE_VERSION_<NAME> in a bundle. */
export function packageVersionArg(component: ExtensionComponent): string {
  return component.directory ? `${DOCKERFILE_ARGS.packageVersion}_${component.name.toUpperCase().replace(/-/g, '_')}` : DOCKERFILE_ARGS.packageVersion;
}

/** The unprivileged user and group of the final image. */
export const IMAGE_USER = '65532:65532';

/** Where the builder stage assembles the final image's root. */
const STAGING = '/image';
const PLACEHOLDERS = { major: DOCKERFILE_ARGS.pgMajor };

/** Fails with a readable message when a build argument was overridden with something unsafe. */
const VALIDATE_PG_MAJOR = trusted(`case "\${${DOCKERFILE_ARGS.pgMajor}}" in ''|*[!0-9]*) echo "cnpg-extensions-cdk: ${DOCKERFILE_ARGS.pgMajor} must be a number, got '\${${DOCKERFILE_ARGS.pgMajor}}'" >&2; exit 1;; esac`);
const validatePackageVersion = (arg: string) =>
  trusted(`case "\${${arg}}" in ''|*[!0-9A-Za-z.+~:-]*) echo "cnpg-extensions-cdk: ${arg} must be a Debian version, got '\${${arg}}'" >&2; exit 1;; esac`);

/** Lists every shared library of the operand image, so that only what it lacks is bundled. */
const RECORD_BASE_LIBRARIES = trusted(
  "find -H /usr/lib /lib /usr/lib64 /lib64 /usr/local/lib \\( -type f -o -type l \\) -name '*.so*' 2>/dev/null | xargs -r readlink -f | sort -u > /tmp/base-libraries",
);

/** `stage DEST FILE...`: copies files that must exist into DEST (an unmatched glob stays literal and fails here). */
const DEFINE_STAGE = trusted(
  'stage() { dest=$1; shift; for f in "$@"; do if [ ! -e "$f" ] && [ ! -L "$f" ]; then echo "cnpg-extensions-cdk: nothing matches $f" >&2; exit 1; fi; done; mkdir -p "$dest"; cp -a -- "$@" "$dest/"; }',
);

/** `stage_license PACKAGE`: copies a package's copyright file, following symlinks. */
const DEFINE_STAGE_LICENSE = trusted(
  `stage_license() { f="/usr/share/doc/$1/copyright"; if [ ! -r "$f" ]; then echo "cnpg-extensions-cdk: package $1 has no $f" >&2; exit 1; fi; mkdir -p "${STAGING}/licenses/$1"; cp -L -- "$f" "${STAGING}/licenses/$1/copyright"; }`,
);

/** Writes what the component's staged libraries (under `root`) link to /tmp/ldd.out. */
const lddOf = (root: string) => trusted(`find ${root}/lib -name '*.so' -type f -exec ldd {} + > /tmp/ldd.out`);

/**
 * Bundles the libraries a component's staged libraries (under `root`) need and
 * the operand image lacks, with their symlinks, into `root`/system, and notes
 * their packages for STAGE_SYSTEM_LICENSES. `root` is a validated image path.
 */
const bundleSystemLibraries = (root: string) => [
  lddOf(root),
  trusted(`if grep -q 'not found' /tmp/ldd.out; then echo "cnpg-extensions-cdk: unresolved libraries:" >&2; grep 'not found' /tmp/ldd.out >&2; exit 1; fi`),
  trusted(`mkdir -p ${root}/system`),
  trusted("awk '$2 == \"=>\" && $3 ~ /^\\// { print $3 }' /tmp/ldd.out | sort -u > /tmp/needed-libraries"),
  trusted(`while read -r lib; do real=$(readlink -f "$lib"); if grep -qxF "$real" /tmp/base-libraries; then continue; fi; cp -a -- "$lib" ${root}/system/; [ "$(basename "$real")" = "$(basename "$lib")" ] || cp -a -- "$real" ${root}/system/; owner=$(dpkg -S "$real" 2>/dev/null || dpkg -S "\${real#/usr}" 2>/dev/null) || { echo "cnpg-extensions-cdk: no package owns $real" >&2; exit 1; }; echo "$owner" | head -n1 | cut -d: -f1 >> /tmp/system-packages; done < /tmp/needed-libraries`),
];

/**
 * Fails the build when a component that ships no system libraries links a
 * library the operand image lacks: it would fail only once loaded.
 * `root` is a validated image path and `name` a validated extension name.
 */
const requireBaseLibraries = (root: string, name: string) => [
  lddOf(root),
  trusted("awk '$2 == \"=>\" && $3 ~ /^\\// { print $3 }' /tmp/ldd.out | sort -u | xargs -r readlink -f | sort -u > /tmp/needed-libraries"),
  trusted(`missing=$(grep -vxF -f /tmp/base-libraries /tmp/needed-libraries || true); if [ -n "$missing" ] || grep -q 'not found' /tmp/ldd.out; then echo "cnpg-extensions-cdk: ${name} needs libraries the operand image lacks:" $missing $(grep 'not found' /tmp/ldd.out | awk '{ print $1 }') "; set systemLibraries: true to ship them" >&2; exit 1; fi`),
];

/** The file in the image that lists the exact Debian packages installed, as `name=version` lines. */
export const PACKAGES_FILE = '/licenses/debian-packages.txt';

/** `record_packages PACKAGE...`: writes what dpkg actually installed, so the image can be checked against the lock. */
const DEFINE_RECORD_PACKAGES = trusted(
  `record_packages() { dpkg-query -W -f='\${Package}=\${Version}\\n' "$@" | sort > ${STAGING}${PACKAGES_FILE}; }`,
);

/** Copies the copyright files of the packages whose system libraries were bundled. */
const STAGE_SYSTEM_LICENSES = trusted('if [ -s /tmp/system-packages ]; then for p in $(sort -u /tmp/system-packages); do stage_license "$p"; done; fi');

/**
 * `staged_copy FILE`: prints the first file under the image with FILE's bytes,
 * if there is one. Copies lose the identity of what they were copied from, so
 * equal bytes is what "already in the image" means.
 */
const DEFINE_STAGED_COPY = trusted(
  `staged_copy() { find ${STAGING} -type f -size "$(stat -c %s -- "$1")c" | sort | while IFS= read -r f; do if cmp -s -- "$f" "$1"; then echo "$f"; break; fi; done; }`,
);

/**
 * `localize_link LINK`: a symlink that leaves the image would dangle once it
 * is mounted. Debian's alternatives do that: the bundled libblas.so.3 points
 * to /etc/alternatives/libblas.so.3-<arch>, which ends at a libblas.so.3.x
 * bundled next to it. When the image already holds the target's bytes, the
 * link becomes relative to that copy, not a second copy of megabytes; when it
 * does not, the target is copied in its place. A missing target fails.
 */
const DEFINE_LOCALIZE_LINK = trusted(
  `localize_link() { real=$(readlink -f -- "$1") || real=; case "$real" in ${STAGING}/*) return 0;; esac; if [ -z "$real" ] || [ ! -e "$real" ]; then echo "cnpg-extensions-cdk: $1 points to $(readlink -- "$1"), which does not exist" >&2; exit 1; fi; copy=; if [ -f "$real" ]; then copy=$(staged_copy "$real"); fi; rm -- "$1"; if [ -n "$copy" ]; then ln -s -r -- "$copy" "$1"; else cp -a -- "$real" "$1"; fi; }`,
);

/** Localizes every symlink in the image, in name order, so that which link keeps a copy does not depend on the file system. */
const LOCALIZE_OUTSIDE_LINKS = trusted(`find ${STAGING} -type l | sort | while IFS= read -r link; do localize_link "$link"; done`);

/** Removes `$libdir/` from `LOAD '...'` and `AS '...'` in the SQL scripts under `share`, so they resolve through dynamic_library_path. */
const stripLibdirPrefix = (share: string) => trusted(
  `find ${share} -name '*.sql' -type f -exec sed -i -E "s/\\\\b(LOAD|AS)([[:space:]]+)'\\\\\\$libdir\\\\//\\\\1\\\\2'/Ig" {} +`,
);

/** The typed Dockerfile of an extension image: a builder stage from the operand image and a scratch final stage. */
export function extensionDockerfile(image: ExtensionImage, defaultBase: OperandImage): DockerfileInstruction[] {
  const defaultBuild = image.build(defaultBase.distro, defaultBase.major);
  if (!defaultBuild) throw new Error(`${image.name} has no build for ${defaultBase.distro}/${defaultBase.major}`);
  const what = image.isBundle
    ? `bundle "${image.name}" of the PostgreSQL extensions ${image.components.map((c) => c.name).join(', ')}`
    : `"${image.name}" PostgreSQL extension`;
  return [
    { kind: 'comment', text: `Image of the ${what} for CloudNativePG image volume extensions.` },
    { kind: 'comment', text: 'Generated by cnpg-extensions-cdk; edit the definition in extensions/ instead. Build arguments come from docker-bake.hcl.' },
    { kind: 'arg', name: DOCKERFILE_ARGS.base, defaultValue: defaultBase.reference },
    { kind: 'from', image: `\${${DOCKERFILE_ARGS.base}}`, stage: 'builder' },
    { kind: 'arg', name: DOCKERFILE_ARGS.pgMajor, defaultValue: String(defaultBase.major) },
    ...defaultBuild.components.map(({ component, packageVersion }): DockerfileInstruction => ({ kind: 'arg', name: packageVersionArg(component), defaultValue: packageVersion })),
    { kind: 'user', user: '0' },
    { kind: 'run', lines: installLines(image) },
    { kind: 'run', lines: stageLines(image) },
    { kind: 'from', image: 'scratch' },
    { kind: 'copy', from: 'builder', source: `${STAGING}/`, destination: '/' },
    { kind: 'user', user: IMAGE_USER },
  ];
}

/** The Dockerfile of an extension image, as text. */
export function renderExtensionDockerfile(image: ExtensionImage, defaultBase: OperandImage): string {
  return renderDockerfile(extensionDockerfile(image, defaultBase));
}

function installLines(image: ExtensionImage): ShellLine[] {
  const pinned = image.components.flatMap((c) =>
    c.packageTemplates.map((p) => concat(glob(p, PLACEHOLDERS), literal('='), parameter(packageVersionArg(c)))));
  return [
    trusted('set -eu'),
    VALIDATE_PG_MAJOR,
    ...image.components.map((c) => validatePackageVersion(packageVersionArg(c))),
    ...(image.components.some((c) => c.files.lib.length > 0) ? [RECORD_BASE_LIBRARIES] : []),
    command(literal('apt-get'), literal('update')),
    command(literal('env'), literal('DEBIAN_FRONTEND=noninteractive'), literal('apt-get'), literal('install'), literal('-y'), literal('--no-install-recommends'), ...pinned),
  ];
}

function stageLines(image: ExtensionImage): ShellLine[] {
  const root = (c: ExtensionComponent, path = '') => [STAGING, c.directory, path].filter((p) => p).join('/');
  const stage = (dest: string, base: string, globs: readonly string[]) =>
    globs.map((g) => command(literal('stage'), literal(dest), glob(`${base}/${g}`, PLACEHOLDERS)));
  const controlFile = (c: ExtensionComponent) => c.extensionControlPath.map((p) => `${root(c, p)}/extension/${c.sqlName}.control`);
  const packages = [...new Set(image.components.flatMap((c) => c.packageTemplates))];
  return [
    trusted('set -eu'),
    DEFINE_STAGE,
    DEFINE_STAGE_LICENSE,
    ...image.components.flatMap((c) => [
      ...stage(root(c, 'lib'), '/usr/lib/postgresql/{major}/lib', c.files.lib),
      ...stage(root(c, 'share/extension'), '/usr/share/postgresql/{major}/extension', c.files.extension),
      ...stage(root(c, 'bin'), '/usr/lib/postgresql/{major}/bin', c.files.bin),
      ...Object.entries(c.files.share).flatMap(([target, globs]) => stage(root(c, `share/${target}`), '/usr/share', globs)),
    ]),
    ...image.components.flatMap((c) => (c.systemLibraries ? bundleSystemLibraries(root(c)) : [])),
    ...image.components.filter((c) => !c.systemLibraries && c.files.lib.length > 0).flatMap((c) => requireBaseLibraries(root(c), c.name)),
    ...(image.components.some((c) => c.systemLibraries) ? [STAGE_SYSTEM_LICENSES] : []),
    DEFINE_STAGED_COPY,
    DEFINE_LOCALIZE_LINK,
    LOCALIZE_OUTSIDE_LINKS,
    ...image.components.filter((c) => c.createExtension).map((c) => requireOneOf(controlFile(c), `${c.sqlName}.control`)),
    ...image.components.filter((c) => c.stripLibdirPrefix).map((c) => stripLibdirPrefix(root(c, 'share'))),
    ...packages.map((p) => command(literal('stage_license'), glob(p, PLACEHOLDERS))),
    DEFINE_RECORD_PACKAGES,
    command(literal('record_packages'), ...packages.map((p) => glob(p, PLACEHOLDERS))),
  ];
}

/** Fails unless one of `paths` exists; `what` names it in the message. */
function requireOneOf(paths: string[], what: string): ShellLine {
  const tests = paths.map((p) => `[ -e ${quote(p)} ]`).join(' || ');
  return trusted(`if ! { ${tests}; }; then echo ${quote(`cnpg-extensions-cdk: the image has no ${what} under its extension_control_path`)} >&2; exit 1; fi`);
}

/**
 * cnpg-build: the shell steps every generated Dockerfile shares, written once.
 *
 * Why a script file and not RUN heredocs: the end-to-end test builds with
 * Debian bookworm's buildah 1.28, which reads a heredoc's body as Dockerfile
 * instructions ("Unknown instruction: SET"); heredocs need buildah 1.33.
 * Why not shell functions in each Dockerfile: every RUN is its own shell, so
 * they would be redefined in every file and every step. Instead synthesis
 * writes this script once, at the root of the output directory, which is the
 * build context of every bake target; each Dockerfile COPYs it into its
 * builder stage as /usr/local/bin/cnpg-build and calls one step per line,
 * e.g. `cnpg-build stage /image/lib /usr/lib/postgresql/"${PG_MAJOR}"/lib/vector.so`.
 *
 * Every step runs in its own process under `set -eu`, so `&&` between steps
 * in a RUN cannot switch off error checking inside a step. The script gets no
 * value that is not already a validated path, package name or quoted word of
 * the Dockerfile renderer (see shell.ts); build arguments are checked by its
 * require-* steps before anything uses them.
 */

import { commentLines } from './dockerfile';

/** The script's file name in the build context (the output directory). */
export const BUILD_SCRIPT_FILE = 'cnpg-build.sh';

/** The script's command name in the builder stage. */
export const BUILD_SCRIPT_COMMAND = 'cnpg-build';

/** Where the builder stage has the script: on PATH. */
export const BUILD_SCRIPT_PATH = `/usr/local/bin/${BUILD_SCRIPT_COMMAND}`;

/** The steps of the script, each a subcommand of `cnpg-build`. */
export type BuildStep =
  | 'require-number'
  | 'require-debian-version'
  | 'record-base-libraries'
  | 'stage'
  | 'stage-license'
  | 'bundle-system-libraries'
  | 'require-base-libraries'
  | 'stage-system-licenses'
  | 'localize-links'
  | 'require-control-file'
  | 'strip-libdir-prefix'
  | 'record-packages';

interface StepDefinition {
  /** `ARGUMENTS: what it does`, one line for the usage message. */
  readonly usage: string;
  /** Comment lines above the function: why the step exists. */
  readonly why: readonly string[];
  /** The function body, one command a line, indented by the renderer. */
  readonly body: readonly string[];
}

/** The steps, in the order a build runs them. Each becomes a shell function named like the step with `_` for `-`. */
const STEPS: Readonly<Record<BuildStep, StepDefinition>> = {
  'require-number': {
    usage: 'NAME VALUE: fails unless VALUE is a number (a build argument such as PG_MAJOR)',
    why: ['Build arguments can be overridden on the command line; a readable failure beats a strange path.'],
    body: [
      'case "$2" in',
      '  \'\'|*[!0-9]*) fail "$1 must be a number, got \'$2\'" ;;',
      'esac',
    ],
  },
  'require-debian-version': {
    usage: 'NAME VALUE: fails unless VALUE is a Debian version (a build argument such as PACKAGE_VERSION)',
    why: ['The characters Debian Policy allows in a version; nothing else may reach apt-get.'],
    body: [
      'case "$2" in',
      '  \'\'|*[!0-9A-Za-z.+~:-]*) fail "$1 must be a Debian version, got \'$2\'" ;;',
      'esac',
    ],
  },
  'record-base-libraries': {
    usage: 'lists every shared library of the operand image, before packages are installed',
    why: [
      'What the operand image has already need not, and must not, be bundled: the libraries the',
      'extension links are compared with this list, resolved through their symlinks.',
    ],
    body: [
      'mkdir -p "$STATE"',
      "find -H /usr/lib /lib /usr/lib64 /lib64 /usr/local/lib '(' -type f -o -type l ')' -name '*.so*' 2>/dev/null |",
      '  xargs -r readlink -f | sort -u > "$STATE/base-libraries"',
    ],
  },
  'stage': {
    usage: 'DIR FILE...: copies files, which must exist, into DIR (an unmatched glob stays literal and fails here)',
    why: ['cp -a keeps symlinks as symlinks; localize-links deals with the ones that leave the image.'],
    body: [
      'dest=$1',
      'shift',
      '[ $# -gt 0 ] || fail "stage $dest: no files given"',
      'for f in "$@"; do',
      '  if [ ! -e "$f" ] && [ ! -L "$f" ]; then fail "nothing matches $f"; fi',
      'done',
      'mkdir -p "$dest"',
      'cp -a -- "$@" "$dest/"',
    ],
  },
  'stage-license': {
    usage: "DIR PACKAGE: copies the package's copyright file to DIR/PACKAGE/copyright",
    why: ['Debian ships the license of every package in /usr/share/doc/<package>/copyright, at times as a symlink.'],
    body: [
      'f="/usr/share/doc/$2/copyright"',
      '[ -r "$f" ] || fail "package $2 has no $f"',
      'mkdir -p "$1/$2"',
      'cp -L -- "$f" "$1/$2/copyright"',
    ],
  },
  'bundle-system-libraries': {
    usage: 'ROOT: copies the libraries ROOT/lib/*.so link and the operand image lacks, with their symlinks, to ROOT/system',
    why: [
      'An image volume cannot install packages in the operand image, so libraries such as libgeos travel',
      'with the extension (LD_LIBRARY_PATH points at ROOT/system). Their packages are noted for',
      'stage-system-licenses. Needs record-base-libraries first.',
    ],
    body: [
      'list_linked_libraries "$1"',
      'if grep -q \'not found\' "$STATE/ldd.out"; then',
      '  echo "cnpg-extensions-cdk: unresolved libraries:" >&2',
      '  grep \'not found\' "$STATE/ldd.out" >&2',
      '  exit 1',
      'fi',
      'mkdir -p "$1/system"',
      'linked_paths | sort -u > "$STATE/needed-libraries"',
      'while read -r lib; do',
      '  real=$(readlink -f "$lib")',
      '  if grep -qxF "$real" "$STATE/base-libraries"; then continue; fi',
      '  # The name the extension links (often a symlink), and the file it ends at when that has another name.',
      '  cp -a -- "$lib" "$1/system/"',
      '  [ "$(basename "$real")" = "$(basename "$lib")" ] || cp -a -- "$real" "$1/system/"',
      '  # dpkg knows merged-/usr files by either path.',
      '  owner=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null) || fail "no package owns $real"',
      '  echo "$owner" | head -n1 | cut -d: -f1 >> "$STATE/system-packages"',
      'done < "$STATE/needed-libraries"',
    ],
  },
  'require-base-libraries': {
    usage: 'ROOT NAME: fails when ROOT/lib/*.so link a library the operand image lacks',
    why: [
      'Without systemLibraries such an extension would build, then fail only once PostgreSQL loads it.',
      'Needs record-base-libraries first.',
    ],
    body: [
      'list_linked_libraries "$1"',
      'linked_paths | sort -u | xargs -r readlink -f | sort -u > "$STATE/needed-libraries"',
      'missing=$(grep -vxF -f "$STATE/base-libraries" "$STATE/needed-libraries" || true)',
      'unresolved=$(grep \'not found\' "$STATE/ldd.out" | awk \'{ print $1 }\' || true)',
      'if [ -n "$missing" ] || [ -n "$unresolved" ]; then',
      '  # Unquoted on purpose: one line, the names separated by spaces.',
      '  fail "$2 needs libraries the operand image lacks:" $missing $unresolved "; set systemLibraries: true to ship them"',
      'fi',
    ],
  },
  'stage-system-licenses': {
    usage: 'DIR: copies the copyright files of the packages bundle-system-libraries took libraries from',
    why: ['Bundled libraries are redistributed, so their licenses go with them.'],
    body: [
      'if [ -s "$STATE/system-packages" ]; then',
      '  for p in $(sort -u "$STATE/system-packages"); do',
      '    stage_license "$1" "$p"',
      '  done',
      'fi',
    ],
  },
  'localize-links': {
    usage: 'ROOT: makes every symlink under ROOT point inside ROOT',
    why: [
      'A symlink that leaves the image would dangle once it is mounted. Debian\'s alternatives do that:',
      'the bundled libblas.so.3 points to /etc/alternatives/libblas.so.3-<arch>, which ends at a',
      'libblas.so.3.x bundled next to it. When the image already holds the target\'s bytes, the link',
      'becomes relative to that copy, not a second copy of megabytes; when it does not, the target is',
      'copied in its place. A missing target fails. Links are handled in name order, so that which one',
      'keeps a copy does not depend on the file system.',
    ],
    body: [
      'find "$1" -type l | sort | while IFS= read -r link; do',
      '  localize_link "$1" "$link"',
      'done',
    ],
  },
  'require-control-file': {
    usage: 'NAME FILE...: fails unless one of the FILEs, the places of control file NAME, exists',
    why: ['CREATE EXTENSION finds NAME only on extension_control_path; a definition whose globs miss it fails here.'],
    body: [
      'what=$1',
      'shift',
      'for f in "$@"; do',
      '  if [ -e "$f" ]; then return 0; fi',
      'done',
      'fail "the image has no $what under its extension_control_path"',
    ],
  },
  'strip-libdir-prefix': {
    usage: "DIR: removes $libdir/ from LOAD '...' and AS '...' in the SQL scripts under DIR",
    why: [
      "Upgrade scripts name their library by PostgreSQL's own directory, e.g. LOAD '$libdir/postgis-3'.",
      'An image volume\'s libraries are not there; without the prefix PostgreSQL finds them through',
      'dynamic_library_path. CREATE EXTENSION works either way; ALTER EXTENSION ... UPDATE needs this.',
      "LOAD '$libdir/postgis-3' becomes LOAD 'postgis-3', AS '$libdir/postgis-3' becomes AS 'postgis-3'.",
      'In the sed program, in double quotes for its single quotes, [\\$] reaches sed as [$]: a literal',
      'dollar sign (a bare $ is an anchor). \\b, \\1 and \\2 keep their backslash in double quotes.',
    ],
    body: [
      'find "$1" -name \'*.sql\' -type f -exec sed -i -E "s#\\b(LOAD|AS)([[:space:]]+)\'[\\$]libdir/#\\1\\2\'#Ig" {} +',
    ],
  },
  'record-packages': {
    usage: 'FILE PACKAGE...: writes what dpkg installed, as sorted name=version lines, to FILE',
    why: ['The image records the exact versions it holds, so that it can be checked against the versions lock.'],
    body: [
      'out=$1',
      'shift',
      "dpkg-query -W -f='${Package}=${Version}\\n' \"$@\" | sort > \"$out\"",
    ],
  },
};

/** Helpers of the steps, not steps themselves. */
const HELPERS: ReadonlyArray<{ readonly name: string; readonly why: readonly string[]; readonly body: readonly string[] }> = [
  {
    name: 'fail',
    why: ['Prints a message naming this project and fails the build.'],
    body: ['echo "cnpg-extensions-cdk: $*" >&2', 'exit 1'],
  },
  {
    name: 'list_linked_libraries',
    why: ['ROOT: what the shared libraries in ROOT/lib link, as ldd prints it, to $STATE/ldd.out.'],
    body: ['mkdir -p "$STATE"', 'find "$1/lib" -name \'*.so\' -type f -exec ldd {} + > "$STATE/ldd.out"'],
  },
  {
    name: 'linked_paths',
    why: ['The absolute paths in $STATE/ldd.out: the "name => /path (address)" lines.'],
    body: ['awk \'$2 == "=>" && substr($3, 1, 1) == "/" { print $3 }\' "$STATE/ldd.out"'],
  },
  {
    name: 'staged_copy',
    why: [
      'ROOT FILE: prints the first file under ROOT with FILE\'s bytes, if there is one. Copies lose the',
      'identity of what they were copied from, so equal bytes is what "already in the image" means.',
    ],
    body: [
      'find "$1" -type f -size "$(stat -c %s -- "$2")c" | sort | while IFS= read -r f; do',
      '  if cmp -s -- "$f" "$2"; then',
      '    echo "$f"',
      '    break',
      '  fi',
      'done',
    ],
  },
  {
    name: 'localize_link',
    why: ['ROOT LINK: see localize-links.'],
    body: [
      'real=$(readlink -f -- "$2") || real=',
      'case "$real" in',
      '  "$1"/*) return 0 ;;',
      'esac',
      'if [ -z "$real" ] || [ ! -e "$real" ]; then fail "$2 points to $(readlink -- "$2"), which does not exist"; fi',
      'copy=',
      'if [ -f "$real" ]; then copy=$(staged_copy "$1" "$real"); fi',
      'rm -- "$2"',
      'if [ -n "$copy" ]; then',
      '  ln -s -r -- "$copy" "$2"',
      'else',
      '  cp -a -- "$real" "$2"',
      'fi',
    ],
  },
];

/** The shell function of a step: `stage-license` is `stage_license`. */
function functionName(step: string): string {
  return step.replace(/-/g, '_');
}

function renderFunction(name: string, why: readonly string[], body: readonly string[]): string[] {
  return [...why.flatMap((paragraph) => commentLines(paragraph)), `${name}() {`, ...body.map((line) => `  ${line}`), '}', ''];
}

/** The text of cnpg-build.sh. */
export function renderBuildScript(): string {
  const steps = Object.entries(STEPS) as Array<[BuildStep, StepDefinition]>;
  return [
    '#!/bin/sh',
    ...[
      `${BUILD_SCRIPT_COMMAND}: the shell steps of every Dockerfile cnpg-extensions-cdk generates.`,
      'Generated by cnpg-extensions-cdk (src/render/build-script.ts); do not edit.',
      `Each Dockerfile copies it into its builder stage as ${BUILD_SCRIPT_PATH} and runs one step a command,`
        + ` as "${BUILD_SCRIPT_COMMAND} STEP ARGUMENTS...". Each step is the function below named like it, with _ for -.`,
    ].flatMap((paragraph) => commentLines(paragraph)),
    'set -eu',
    '',
    ...commentLines('Files the steps of one build share: the operand image\'s libraries, what ldd printed, the packages of bundled libraries.'),
    'STATE="${TMPDIR:-/tmp}/cnpg-build"',
    '',
    ...HELPERS.flatMap((h) => renderFunction(h.name, [h.why.join(' ')], h.body)),
    ...steps.flatMap(([step, s]) => renderFunction(functionName(step), [`${step} ${s.usage}.`, s.why.join(' ')], s.body)),
    'step=${1:-}',
    '[ $# -eq 0 ] || shift',
    'case "$step" in',
    ...steps.map(([step]) => `  ${step}) ${functionName(step)} "$@" ;;`),
    `  *) fail "${BUILD_SCRIPT_COMMAND}: unknown step '$step'; the steps are the functions in $0" ;;`,
    'esac',
    '',
  ].join('\n');
}

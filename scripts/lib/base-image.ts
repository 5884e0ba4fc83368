/**
 * A stand-in for CloudNativePG's minimal PostgreSQL 18 operand image, built
 * without a daemon or a registry: ghcr.io is out of reach, Debian's mirror is not.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildah, findImage, isolationArgs, withContainer } from './buildah';
import { ensureTools, run, tail } from './tools';
import { OperandImage } from '../../src';

/** The reference of the stand-in image in buildah's store. */
export const BASE_IMAGE = 'localhost/cnpg-standin/postgresql:18-sid';

/** The uid CloudNativePG runs PostgreSQL as. */
export const POSTGRES_UID = 26;

const RECIPE_LABEL = 'io.cnpg-extensions-cdk.e2e.recipe';

/**
 * Runs as root in the debootstrapped sid rootfs. The apt settings stay in the
 * image so that builds FROM it can `apt-get update && apt-get install postgresql-18-<ext>`;
 * so do the apt lists.
 */
const SETUP_SCRIPT = `set -eu
export DEBIAN_FRONTEND=noninteractive
# The sid index on the mirror is frozen and past its Valid-Until date.
cat > /etc/apt/apt.conf.d/90cnpg-standin <<'EOF'
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
EOF
# No services start in an image.
printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d
chmod 0755 /usr/sbin/policy-rc.d
# CloudNativePG runs PostgreSQL as uid ${POSTGRES_UID}; gid ${POSTGRES_UID} is "tape" in Debian, so the group gets a free gid.
groupadd --system postgres
useradd --system --uid ${POSTGRES_UID} --gid postgres --home-dir /var/lib/postgresql --no-create-home --shell /bin/bash --comment 'PostgreSQL administrator' postgres
apt-get -qq update
# postgresql-common first, so that installing postgresql-18 creates no cluster.
apt-get -qq -y -o Dpkg::Use-Pty=0 install --no-install-recommends postgresql-common
sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
grep -qx 'create_main_cluster = false' /etc/postgresql-common/createcluster.conf
apt-get -qq -y -o Dpkg::Use-Pty=0 install --no-install-recommends postgresql-18
apt-get clean
test "$(id -u postgres)" = ${POSTGRES_UID}
`;

/** Everything the image is made of; its hash decides whether a stored image is current. */
const RECIPE = {
  debootstrap: ['--variant=minbase', 'sid', 'http://deb.debian.org/debian'],
  setupScript: SETUP_SCRIPT,
  config: [
    '--user', String(POSTGRES_UID),
    '--env', 'PATH=/usr/lib/postgresql/18/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '--env', 'PG_MAJOR=18',
  ],
};

/**
 * Makes sure {@link BASE_IMAGE} exists and was built from the current recipe
 * (about a minute when not), and returns its reference.
 */
export function ensureBaseImage(): string {
  ensureTools();
  const recipeHash = createHash('sha256').update(JSON.stringify(RECIPE)).digest('hex');
  const stored = findImage(BASE_IMAGE);
  if (stored?.labels[RECIPE_LABEL] === recipeHash) return BASE_IMAGE;
  console.error(`building ${BASE_IMAGE} (debootstrap sid + postgresql-18; a minute or two)`);
  buildBaseImage(recipeHash);
  if (stored) removeOutdatedImage(stored.id);
  return BASE_IMAGE;
}

function buildBaseImage(recipeHash: string): void {
  withContainer('scratch', (container) => {
    // debootstrap writes straight into the container's rootfs: no copy, no temp dir.
    const [variant, suite, mirror] = RECIPE.debootstrap;
    const rootfs = buildah(['mount', container]).trim();
    try {
      run('debootstrap', [variant, suite, rootfs, mirror]);
    } catch (error) {
      throw withDebootstrapLog(error as Error, rootfs);
    } finally {
      buildah(['umount', container]);
    }
    buildah(['config', ...RECIPE.config, '--label', `${RECIPE_LABEL}=${recipeHash}`, container]);
    buildah(['run', ...isolationArgs(), '--user', 'root', container, '--', '/bin/sh', '-c', RECIPE.setupScript]);
    buildah(['commit', '--quiet', container, BASE_IMAGE]);
  });
}

/** debootstrap's own messages say little; its log, which goes with the container, says why. */
function withDebootstrapLog(error: Error, rootfs: string): Error {
  const logFile = path.join(rootfs, 'debootstrap', 'debootstrap.log');
  if (!fs.existsSync(logFile)) return error;
  return new Error(`${error.message}\n${logFile} (last lines):\n${tail(fs.readFileSync(logFile, 'utf8'), 30)}`);
}

/** Removes the image the tag pointed to before a rebuild, unless a working container still uses it. */
function removeOutdatedImage(id: string): void {
  try {
    buildah(['rmi', id]);
  } catch (error) {
    console.warn(`could not remove the outdated ${BASE_IMAGE} (${id}): ${(error as Error).message}`);
  }
}

/** The stand-in as an OperandImage: distro "sid", its PostgreSQL version and digest. */
export function describeStandIn(baseImage: string): OperandImage {
  const inspected = JSON.parse(buildah(['inspect', '--type', 'image', baseImage]));
  return withContainer(baseImage, (container) => {
    const version = buildah(['run', ...isolationArgs(), container, '--', '/usr/lib/postgresql/18/bin/postgres', '--version']);
    const pgVersion = /PostgreSQL\)\s+(\d+\.\d+)/.exec(version)?.[1];
    if (!pgVersion) throw new Error(`cannot read the PostgreSQL version from "${version.trim()}"`);
    return { distro: 'sid', major: 18, pgVersion, reference: baseImage, digest: inspected.FromImageDigest as string };
  });
}

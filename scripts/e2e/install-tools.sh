#!/usr/bin/env bash
# Installs what the daemonless end-to-end test needs and prints the path of docker-buildx.
#   buildah, skopeo, debootstrap, docker-registry: from the host's own Debian release.
#   docker-buildx: bookworm has none, so the newest of sid (or else trixie) is
#   unpacked under the cache folder; it is a static Go binary that runs here.
# Idempotent; prints nothing but the path when everything is already there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=sid-apt.sh
source "$here/sid-apt.sh"

install_host_packages() {
  local missing=() pkg
  for pkg in buildah skopeo debootstrap docker-registry; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != installed ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} > 0)); then
    echo "install-tools: installing ${missing[*]}" >&2
    apt-get -qq update >&2
    DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0 install --no-install-recommends "${missing[@]}" >&2
  fi
}

# Unpacks docker-buildx into the cache (once) and prints the binary's path.
install_buildx() (
  root="$(e2e_cache_dir)/docker-buildx"
  bin="$root/usr/libexec/docker/cli-plugins/docker-buildx"
  if [[ ! -x "$bin" ]]; then
    echo "install-tools: unpacking docker-buildx from sid" >&2
    work="$(mktemp -d)"
    trap 'rm -rf -- "$work"' EXIT
    (cd "$work" && sid_apt apt-get -qq download docker-buildx >&2)
    # Unpacked aside and moved in whole, so that an interrupted run leaves no half binary behind.
    dpkg-deb -x "$work"/docker-buildx_*.deb "$work/root"
    rm -rf -- "$root"
    mkdir -p "$(dirname "$root")"
    mv -- "$work/root" "$root"
  fi
  printf '%s\n' "$bin"
)

install_host_packages
install_buildx

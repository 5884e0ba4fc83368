#!/usr/bin/env bash
# Installs what the daemonless end-to-end test and publishing need, and prints
# the directory that holds docker-buildx, cosign, crane and kubectl.
#   buildah, skopeo, debootstrap, docker-registry: from the host's own Debian release.
#   docker-buildx, cosign, crane, kubectl: bookworm has none (or too old ones), so sid's
#   are unpacked under the cache folder; they are static Go binaries that run here.
# Idempotent; prints nothing but the directory when everything is already there.
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

# Unpacks sid's package $1 into the cache (once) and links its binary $2 into $(e2e_cache_dir)/bin.
install_from_sid() (
  pkg=$1
  binary=$2
  root="$(e2e_cache_dir)/$pkg"
  bin="$root/$binary"
  if [[ ! -x "$bin" ]]; then
    echo "install-tools: unpacking $pkg from sid" >&2
    work="$(mktemp -d)"
    trap 'rm -rf -- "$work"' EXIT
    (cd "$work" && sid_apt apt-get -qq download "$pkg" >&2)
    # Unpacked aside and moved in whole, so that an interrupted run leaves no half binary behind.
    dpkg-deb -x "$work"/"$pkg"_*.deb "$work/root"
    rm -rf -- "$root"
    mkdir -p "$(dirname "$root")"
    mv -- "$work/root" "$root"
  fi
  mkdir -p "$(e2e_cache_dir)/bin"
  ln -sf -- "$bin" "$(e2e_cache_dir)/bin/$(basename "$binary")"
)

install_host_packages
install_from_sid docker-buildx usr/libexec/docker/cli-plugins/docker-buildx
install_from_sid cosign usr/bin/cosign
install_from_sid crane usr/bin/crane
install_from_sid kubectl usr/bin/kubectl
printf '%s\n' "$(e2e_cache_dir)/bin"

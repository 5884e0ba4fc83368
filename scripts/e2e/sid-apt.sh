#!/usr/bin/env bash
# Runs apt-cache or apt-get against Debian sid (and trixie as a fallback) with a
# private apt configuration, leaving the host's apt setup untouched.
#
#   scripts/e2e/sid-apt.sh apt-cache madison postgresql-18-pgvector
#   scripts/e2e/sid-apt.sh apt-cache policy postgresql-18-pgvector
#   (cd /tmp/debs && scripts/e2e/sid-apt.sh apt-get download postgresql-18-pgvector)
#
# It can also be sourced, for `e2e_cache_dir` and `sid_apt` (same arguments).
# Everything lives under $(e2e_cache_dir)/apt; the index is fetched on first use
# and refreshed when older than a day, or at once with CNPG_E2E_APT_REFRESH=1.
set -euo pipefail

# The project's cache root for the end-to-end test.
e2e_cache_dir() {
  printf '%s\n' "${CNPG_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cnpg-extensions-cdk}"
}

# Writes the private configuration (every time, so that it never goes stale)
# and prints the path of its apt.conf.
_sid_apt_config() {
  local root
  root="$(e2e_cache_dir)/apt"
  mkdir -p "$root/parts" "$root/lists/partial" "$root/archives/partial"
  touch "$root/status"
  _sid_apt_write "$root/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
EOF
  # Parts points to an empty folder so that none of the host's apt.conf.d applies;
  # the empty status file makes versions independent of what the host has installed.
  # The sid index on the mirror is past its Valid-Until date, hence Check-Valid-Until.
  # Default-Release makes sid win where both suites carry a package.
  _sid_apt_write "$root/apt.conf" <<EOF
Dir::Etc::Parts "$root/parts";
Dir::Etc::SourceList "$root/sources.list";
Dir::Etc::SourceParts "$root/parts";
Dir::Etc::Preferences "$root/preferences";
Dir::Etc::PreferencesParts "$root/parts";
Dir::State::Lists "$root/lists";
Dir::State::Status "$root/status";
Dir::State::extended_states "$root/extended_states";
Dir::Cache "$root";
Dir::Cache::Archives "$root/archives";
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Default-Release "unstable";
APT::Sandbox::User "root";
EOF
  printf '%s\n' "$root/apt.conf"
}

# Replaces file $1 with standard input in one step: a concurrent run never reads half a file.
_sid_apt_write() {
  cat >"$1.$$"
  mv -f -- "$1.$$" "$1"
}

# Runs `apt-cache ARGS...` or `apt-get ARGS...` with the private configuration.
sid_apt() {
  local tool=${1:-}
  case "$tool" in
    apt-cache | apt-get) shift ;;
    *) echo "usage: sid-apt.sh apt-cache|apt-get ARGS..." >&2; return 2 ;;
  esac
  local conf stamp
  conf="$(_sid_apt_config)"
  stamp="$(dirname "$conf")/lists/.updated"
  if [[ "${CNPG_E2E_APT_REFRESH:-}" == 1 || -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]]; then
    APT_CONFIG="$conf" apt-get -qq update >&2
    touch "$stamp"
  fi
  APT_CONFIG="$conf" "$tool" "$@"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  sid_apt "$@"
fi

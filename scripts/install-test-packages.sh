#!/usr/bin/env bash
# Installs the Debian packages the tests start as real processes, if any is missing.
# Needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(mosquitto socat postgresql ffmpeg espeak-ng icecast2)
# What proves each package is installed: a command on the PATH or in /usr/sbin, or a glob of an
# absolute path (PostgreSQL's binaries live in /usr/lib/postgresql/VERSION/bin, not on the PATH).
checks=(mosquitto socat '/usr/lib/postgresql/*/bin/initdb' ffprobe espeak-ng icecast2)

installed() {
  local check=$1
  if [[ $check == /* ]]; then
    local match
    for match in $check; do
      [ -x "$match" ] && return 0
    done
    return 1
  fi
  command -v "$check" >/dev/null 2>&1 || [ -x "/usr/sbin/$check" ]
}

missing=()
for i in "${!packages[@]}"; do
  installed "${checks[$i]}" || missing+=("${packages[$i]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages the tests need: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "error: not root and no sudo; install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# icecast2 asks whether to configure its system service: no. The tests run their own icecast2
# with a generated config on a free loopback port; the packaged service stays unconfigured.
if [[ " ${missing[*]} " == *" icecast2 "* ]]; then
  echo "icecast2 icecast2/icecast-setup boolean false" | $sudo debconf-set-selections
fi
$sudo apt-get update -qq
# postgresql: the tests run their own server (initdb in a temporary directory, as the postgres
# user when run as root); the cluster the package may set up and start is not used.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

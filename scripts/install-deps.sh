#!/bin/sh
# Installs the Debian packages agon needs to build and test, if missing.
# Runs apt-get through sudo when not root.
set -eu

packages="gcc meson ninja-build pkg-config libglib2.0-dev libjson-glib-dev libcmocka-dev
libsqlite3-dev libglpk-dev"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "Installing:$missing" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2

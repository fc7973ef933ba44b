#!/usr/bin/env bash
# Install the Debian packages the test suite needs (as root; otherwise only report what is missing).
# Usage: scripts/system-packages.sh PACKAGE...
set -uo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Not root: install ${missing[*]} with apt-get to run every test (tests needing them are skipped)." >&2
fi
exit 0

#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
# Installs it when missing and we are root; otherwise stops with the exact command to run.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests: $cmd"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  [ -x "$browser" ] && exit 0
fi
echo "The browser tests need Chromium at $browser. Install it (as root) with:  $cmd" >&2
echo "or point CHROMIUM_PATH at another Chromium binary." >&2
exit 1

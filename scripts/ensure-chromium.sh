#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (/usr/bin/chromium), for the lead board's browser tests
# (system-tests LeadBoardBrowserIT, docs/lead-board.md). Installs the `chromium` package with apt-get when it is
# missing; that needs root (as on CI machines and sandboxes) or sudo. Set CHROMIUM to use another binary.
set -euo pipefail

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$chromium" ]]; then
    exit 0
fi
if [[ -n "${CHROMIUM:-}" ]]; then
    echo "ensure-chromium: CHROMIUM=$chromium is not an executable" >&2
    exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "ensure-chromium: /usr/bin/chromium is missing; install Debian's package as root: apt-get install chromium" >&2
    exit 1
fi

echo "ensure-chromium: installing Debian's chromium package ..."
started=$SECONDS
export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale or absent on a fresh machine: refresh them once if the install fails.
if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1; then
    "${as_root[@]}" apt-get update -q >/dev/null
    "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null
fi
"$chromium" --version
echo "ensure-chromium: installed in $((SECONDS - started)) s"

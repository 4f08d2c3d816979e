#!/usr/bin/env bash
# Runs every test (./mvnw verify) with the clock of the JVMs under test moved by an offset, once per offset: a test
# that depends on the date it runs on fails here, before that date comes, not on main once it has come.
#
#   scripts/verify-clock-shifted.sh                                  # +3y, then -3y
#   scripts/verify-clock-shifted.sh +400d                            # one offset
#   scripts/verify-clock-shifted.sh -3y -- -pl notifier-service -am  # extra Maven arguments after --
#
# Offsets are libfaketime's (y = 365 days, d, h, m, s). The test JVMs and everything they launch (the packaged
# services, Chromium, Node.js) read the moved clock; Maven itself, and PostgreSQL, keep the true time (see the
# clock-shift profile in pom.xml). Needs Debian's faketime package; installs it when run as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

offsets=()
maven_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --) shift; maven_args=("$@"); break ;;
        [+-][0-9]*) offsets+=("$1"); shift ;;
        *) echo "verify-clock-shifted: '$1' is not an offset such as +3y or -400d" >&2; exit 2 ;;
    esac
done
[[ ${#offsets[@]} -gt 0 ]] || offsets=(+3y -3y)

library=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [[ ! -f "$library" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "verify-clock-shifted: $library is missing; install Debian's package as root: apt-get install faketime" >&2
        exit 1
    fi
    echo "verify-clock-shifted: installing Debian's faketime package ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q faketime >/dev/null 2>&1 || { apt-get update -q >/dev/null; apt-get install -y -q faketime >/dev/null; }
fi

scripts/ensure-postgres.sh
# What the browser tests would otherwise install from inside a test JVM, where a moved clock fails apt's and TLS's
# date checks: done first, with the true time.
bash scripts/ensure-chromium.sh
node scripts/ensure-npm-tools.mjs system-tests/browser

for offset in "${offsets[@]}"; do
    echo "verify-clock-shifted: ./mvnw -B -fae verify -Dclock.shift=$offset ${maven_args[*]}"
    started=$SECONDS
    # -fae: one run shows every test that depends on the date, not just the first module with one.
    ./mvnw -B -fae verify -Dclock.shift="$offset" -Dclock.shift.library="$library" "${maven_args[@]}"
    echo "verify-clock-shifted: passed with the clock moved by $offset in $((SECONDS - started)) s"
done

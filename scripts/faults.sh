#!/usr/bin/env bash
# Runs the fault suite (system-tests FaultSuiteIT, docs/reliability.md): the four packaged services under a
# stream of requests while services are killed (SIGKILL) at random moments, then the account of every request.
# `./mvnw verify` runs a short version (6 kills); this runs the long one.
#   scripts/faults.sh                   # 100 kills, one every 12 s (about 25 minutes)
#   FAULTS_KILLS=20 scripts/faults.sh   # fewer
#   FAULTS_SEED=42 scripts/faults.sh    # repeat a run's random choices (its seed is printed)
# The run needs the machine's PostgreSQL (scripts/ensure-postgres.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/ensure-postgres.sh
options=(-Dfaults.kills="${FAULTS_KILLS:-100}")
if [[ -n "${FAULTS_SEED:-}" ]]; then
    options+=(-Dfaults.seed="$FAULTS_SEED")
fi
exec ./mvnw -B verify -pl system-tests -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FaultSuiteIT "${options[@]}"

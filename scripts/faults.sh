#!/usr/bin/env bash
# Runs the fault suite (system-tests FaultSuiteIT, docs/reliability.md): the four packaged services under a
# stream of requests while faults are injected (each round: a service killed with SIGKILL at a random moment,
# then the broker stopped, PostgreSQL cut off or blackholed, or the SMTP server down, slow or refusing), every
# topic replayed into fresh consumer groups, then the account of every request.
# `./mvnw verify` runs a short version (4 rounds); this runs the long one.
#   scripts/faults.sh                    # 100 rounds of 20 s (about 40 minutes)
#   FAULTS_ROUNDS=20 scripts/faults.sh   # fewer
#   FAULTS_SEED=42 scripts/faults.sh     # repeat a run's random choices (its seed is printed)
# The run needs the machine's PostgreSQL (scripts/ensure-postgres.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/ensure-postgres.sh
options=(-Dfaults.rounds="${FAULTS_ROUNDS:-100}")
if [[ -n "${FAULTS_SEED:-}" ]]; then
    options+=(-Dfaults.seed="$FAULTS_SEED")
fi
exec ./mvnw -B verify -pl system-tests -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FaultSuiteIT "${options[@]}"

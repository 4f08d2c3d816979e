#!/usr/bin/env bash
# Runs the load benchmarks (docs/benchmarks.md): packages the services, the baseline endpoint and the driver,
# then runs the named scenarios (all when none is named) and prints the table of figures with their baselines.
#   scripts/bench.sh                  # every scenario
#   scripts/bench.sh timers intake    # some of them; scenarios: timers, intake, end-to-end
# BENCH_NO_BUILD=1 skips the build. BENCH_OPTS adds driver options, e.g. -Dbench.timers.backlog=100000.
# BENCH_SERVICE_OPTS adds JVM options and config to every service launched, e.g.
#   BENCH_SERVICE_OPTS='-Dmp.messaging.incoming."support.requests".concurrency=3'
# The run needs the machine's PostgreSQL (scripts/ensure-postgres.sh) and takes a quiet machine: other load
# skews the figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/ensure-postgres.sh
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
    ./mvnw -B -q package -pl load-benchmarks -am -DskipTests
fi
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# shellcheck disable=SC2086
exec "$java_cmd" -Xmx2g -Drepo.root="$PWD" -Dbench.service-options="${BENCH_SERVICE_OPTS:-}" ${BENCH_OPTS:-} \
    -cp "load-benchmarks/target/load-benchmarks-0.1.0-SNAPSHOT.jar:load-benchmarks/target/lib/*" \
    io.slaplatform.loadbench.Bench "$@"

#!/usr/bin/env bash
# Runs the whole platform on this machine with one command: an embedded Kafka broker, an SMTP sink with a
# mail view, and the four services against the local PostgreSQL. Ctrl-C stops everything.
# See docs/local-stack.md.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: ./run-local.sh [--no-build]

  --no-build   skip "./mvnw -B -q package -DskipTests" and run what is already built

Settings are environment variables (LOCAL_STACK_JDBC_URL, LOCAL_STACK_<SERVICE>_PORT, ...):
see docs/local-stack.md. MVN overrides the Maven command (default ./mvnw).
EOF
}

build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-local.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

# Everything below is relative to the repository root, wherever the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")"

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Checked here as well as in the launcher: only this script may start the machine's PostgreSQL, and doing so
# before a two-minute build fails fast.
ensure_postgres() {
    local url="${LOCAL_STACK_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
    local rest="${url#jdbc:postgresql://}"
    local hostport="${rest%%[/?]*}"
    local host="${hostport%%:*}"
    local port=5432
    [[ "$hostport" == *:* ]] && port="${hostport##*:}"
    if [[ "$rest" == "$url" || -z "$host" || ! "$port" =~ ^[0-9]+$ ]]; then
        echo "run-local.sh: cannot read host and port from $url; leaving the PostgreSQL check to the launcher."
        return 0
    fi
    if [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]] && [[ -x scripts/ensure-postgres.sh ]]; then
        # Shared with CI: pg_isready, else pg_ctlcluster --skip-systemctl-redirect <version> main start, then waits.
        PGHOST="$host" PGPORT="$port" scripts/ensure-postgres.sh && return 0
    elif ! command -v pg_isready >/dev/null 2>&1; then
        echo "run-local.sh: pg_isready not found; leaving the PostgreSQL check to the launcher."
        return 0
    elif pg_isready -q -h "$host" -p "$port" -t 5; then
        return 0
    fi
    cat >&2 <<EOF
run-local.sh: PostgreSQL is not reachable on $host:$port ($url).
  Start it (for a local cluster: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start),
  or point LOCAL_STACK_JDBC_URL (and LOCAL_STACK_DB_USER / LOCAL_STACK_DB_PASSWORD) at a running server.
EOF
    exit 1
}

ensure_postgres

if [[ "$build" == 1 ]]; then
    echo "run-local.sh: building (${MVN:-./mvnw} -B -q package -DskipTests) ..."
    ${MVN:-./mvnw} -B -q package -DskipTests
fi

if [[ ! -d local-stack/target/classes || ! -d local-stack/target/lib ]]; then
    echo "run-local.sh: local-stack is not built; run ./run-local.sh without --no-build." >&2
    exit 1
fi

# A shell without job control (a script, CI, "./run-local.sh &") starts programs with SIGINT ignored, and the
# JVM then never handles it, so Ctrl-C or kill -INT would do nothing; restore the default where env can.
reset_sigint=()
if env --default-signal=INT true >/dev/null 2>&1; then
    reset_sigint=(env --default-signal=INT)
fi

exec ${reset_sigint[@]+"${reset_sigint[@]}"} "$java_cmd" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "local-stack/target/classes:local-stack/target/lib/*" io.slaplatform.localstack.LocalStack

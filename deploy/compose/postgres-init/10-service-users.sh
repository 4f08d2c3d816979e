#!/usr/bin/env bash
# Run once by the postgres image's entrypoint when it initialises an empty data directory (volume postgres-data):
# one login role and one schema per service, each schema owned by its service's role. The passwords come from
# the environment (.env, see .env.example); Flyway migrates each schema when its service starts.
# To run it again, remove the volume: docker compose down -v.
set -euo pipefail

create_service_user() {
    local role=$1 password=$2
    if [[ -z "$password" ]]; then
        echo "10-service-users: no password for $role (set it in .env)" >&2
        exit 1
    fi
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
        -v role="$role" -v password="$password" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE SCHEMA :"role" AUTHORIZATION :"role";
GRANT CONNECT ON DATABASE :"db" TO :"role";
SQL
    echo "10-service-users: role and schema $role created"
}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v db="$POSTGRES_DB" <<'SQL'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL

create_service_user intake "${INTAKE_DB_PASSWORD:-}"
create_service_user eligibility "${ELIGIBILITY_DB_PASSWORD:-}"
create_service_user sla_clock "${SLA_CLOCK_DB_PASSWORD:-}"
create_service_user notifier "${NOTIFIER_DB_PASSWORD:-}"

#!/usr/bin/env bash
# One-shot service "dev-credentials" of docker-compose.yml, run once the four services are healthy:
#  - signs agent, lead, admin and form-backend tokens (RS256 JWTs: iss, aud, sub, upn, groups, iat, exp, jti) with the
#    key dev-keys made, valid for TOKEN_HOURS hours;
#  - creates an API key for the web form backend $FORM_BACKEND through intake's admin API, after revoking the keys an
#    earlier start created (a backend may hold at most 5 active keys);
#  - prints them as `export` lines (docker compose logs dev-credentials) and writes them to the volume
#    dev-signing-key as credentials.env.
# For development only: production tokens come from the organisation's identity provider (deploy/README.md).
set -euo pipefail

: "${JWT_ISSUER:?JWT_ISSUER is not set}"
: "${JWT_AUDIENCE:=sla-platform}"
: "${INTAKE_URL:=http://intake-service:8081}"
: "${FORM_BACKEND:=compose-web-form}"
: "${TOKEN_HOURS:=12}"
key=/var/lib/sla-dev/keys/private.pem
out=/var/lib/sla-dev/keys/credentials.env

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# mint SUBJECT ROLE: a signed token for SUBJECT with the one role ROLE.
mint() {
    local now exp header payload signature
    now=$(date +%s)
    exp=$((now + TOKEN_HOURS * 3600))
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(jq -cn --arg iss "$JWT_ISSUER" --arg aud "$JWT_AUDIENCE" --arg sub "$1" --arg role "$2" \
        --argjson iat "$now" --argjson exp "$exp" --arg jti "$(openssl rand -hex 16)" \
        '{iss:$iss, aud:$aud, sub:$sub, upn:$sub, groups:[$role], iat:$iat, exp:$exp, jti:$jti}' | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

agent=$(mint compose-agent agent)
lead=$(mint compose-lead lead)
admin=$(mint compose-admin admin)
form=$(mint "$FORM_BACKEND" form-backend)

keys_url="$INTAKE_URL/form-backends/$FORM_BACKEND/api-keys"
for id in $(curl -fsS -H "Authorization: Bearer $admin" "$keys_url" | jq -r '.[] | select(.active) | .keyId'); do
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $admin" "$keys_url/$id"
    echo "dev-credentials: revoked the earlier API key $id of $FORM_BACKEND"
done
api_key=$(curl -fsS -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"label":"docker compose","rateLimitPerMinute":600}' "$keys_url" | jq -er '.apiKey')

credentials=$(cat <<CREDENTIALS
# Credentials of the docker compose stack (issuer $JWT_ISSUER), valid for $TOKEN_HOURS h. Never commit.
export SLA_API_KEY='$api_key'
export SLA_AGENT_TOKEN='$agent'
export SLA_LEAD_TOKEN='$lead'
export SLA_ADMIN_TOKEN='$admin'
export SLA_FORM_TOKEN='$form'
CREDENTIALS
)
(umask 077 && printf '%s\n' "$credentials" > "$out")

cat <<BANNER
====================================================================================================
  The SLA platform is up (docker compose).

  intake-service         http://localhost:8081    health: http://localhost:8081/q/health/ready
  eligibility-service    http://localhost:8082    health: http://localhost:8082/q/health/ready
  sla-clock-service      http://localhost:8083    health: http://localhost:8083/q/health/ready
  notifier-service       http://localhost:8084    health: http://localhost:8084/q/health/ready
  Mailpit (mail view)    http://localhost:8025/   (SMTP on localhost:1025)
  Kafka (from the host)  localhost:29092
  PostgreSQL             localhost:15432, database sla_platform

  Credentials; load them in a shell with
    docker compose logs --no-log-prefix dev-credentials | grep '^export ' > .compose-credentials.env
    source .compose-credentials.env
====================================================================================================
BANNER
printf '%s\n' "$credentials"

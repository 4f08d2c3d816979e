#!/usr/bin/env bash
# One-shot service "dev-keys" of docker-compose.yml: makes the stack's RSA-2048 token signing key on the first
# start and keeps it in the volume dev-signing-key; publishes its public key (PEM) in the volume dev-public-key, which
# the four services read through MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:/run/sla-jwt/public.pem.
# For development only: production tokens come from the organisation's identity provider (deploy/README.md).
set -euo pipefail

keys=/var/lib/sla-dev/keys
public=/var/lib/sla-dev/public

if [[ -s "$keys/private.pem" ]]; then
    echo "dev-keys: keeping the signing key made at an earlier start"
else
    umask 077
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/private.pem.tmp" 2>/dev/null
    mv "$keys/private.pem.tmp" "$keys/private.pem"
    echo "dev-keys: made a new RSA-2048 signing key (tokens of an earlier stack no longer verify)"
fi

umask 022
openssl pkey -in "$keys/private.pem" -pubout -out "$public/public.pem.tmp"
chmod 0644 "$public/public.pem.tmp"
mv "$public/public.pem.tmp" "$public/public.pem"
echo "dev-keys: public key published for the services:"
cat "$public/public.pem"

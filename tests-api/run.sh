#!/usr/bin/env bash
# Schemathesis, every check, against a running Kabinet's /api/v1/openapi.yaml, signed in as a demo
# number (issue 16, item 14). Must find nothing. Usage: tests-api/run.sh BASE_URL (KABINET_DATABASE
# names the server's database, to read the password SMS from its outbox).
set -euo pipefail
BASE=$1
HERE=$(cd "$(dirname "$0")" && pwd)
KABINET=${KABINET_BINARY:-$HERE/../.build/debug/kabinet}
PHONE=79161112233
# The browser tests may have asked for this number's password a moment ago: wait out the interval.
for attempt in 1 2 3; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/auth/password" \
        -H 'Content-Type: application/json' -d "{\"phone\":\"$PHONE\"}")
    [ "$status" = 202 ] && break
    [ "$status" = 429 ] && [ "$attempt" != 3 ] || { echo "password request answered $status" >&2; exit 1; }
    sleep 61
done
CODE=$("$KABINET" sms outbox --to "$PHONE" | grep -o ': [0-9]\{6\}' | head -1 | tr -d ': ')
TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"phone\":\"$PHONE\",\"password\":\"$CODE\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])')
# Logout would end the token mid-run; the API tests in Swift cover it.
schemathesis --config-file "$HERE/schemathesis.toml" run "$BASE/api/v1/openapi.yaml" --url "$BASE/api/v1" \
    -H "Authorization: Bearer $TOKEN" --checks all --max-examples "${SCHEMATHESIS_EXAMPLES:-30}" --seed 1 \
    --exclude-path-regex 'logout' --no-color

# The corporate API's own document (issue 20), signed in as the demo company's administrator
# (KABINET_CORPORATE_PASSWORD, from the demo's banner). Signing out and changing the password would
# end or change the credentials mid-run; the Swift tests cover both.
CORPORATE_TOKEN=$(curl -fs -X POST "$BASE/corporate/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"region\":\"moscow\",\"login\":\"vector-admin\",\"password\":\"$KABINET_CORPORATE_PASSWORD\"}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
schemathesis --config-file "$HERE/corporate-schemathesis.toml" run "$BASE/corporate/api/v1/openapi.yaml" \
    --url "$BASE/corporate/api/v1" -H "Authorization: Bearer $CORPORATE_TOKEN" --checks all \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-30}" --seed 1 \
    --exclude-operation-id signOut --exclude-operation-id changePassword --no-color

#!/usr/bin/env bash
# Fuzzes every operation of /openapi.json with schemathesis (PyPI, in a virtual environment
# under .build/) against a pomod built by `swift build`, on a throwaway SQLite directory and a
# free loopback port, authenticated as a real user. Valid and invalid inputs; the run fails on
# any 5xx, any status the document does not list, a wrong content type or a body that breaks
# its schema. Prints the number of generated requests.
#   ./scripts/fuzz.sh                 # FUZZ_EXAMPLES=8 per operation and phase (CI size)
#   FUZZ_EXAMPLES=100 ./scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/throwaway-pomod.sh
venv=.build/fuzz-venv
python_venv "$venv" schemathesis "schemathesis==4.32.5"
# The Time Magic limit is documented (429) but would turn most of the run into 429s. Webhooks
# the fuzzer creates may post to loopback only, and no generated host name is resolved.
start_throwaway_pomod fuzz POMO_TIMEMAGIC_RATE_LIMIT=100000 POMO_WEBHOOK_ALLOW_PRIVATE=true \
  POMO_WEBHOOK_HOSTS=127.0.0.1

token=$(python3 - "$base" <<'EOF'
import json, sys, urllib.request
base = sys.argv[1]
def post(path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=10))
# The first account is the admin, so the admin routes are exercised too.
post("/api/auth/register", {"username": "fuzzer", "email": "fuzzer@example.com", "password": "fuzz-pass-phrase"})
print(post("/api/auth/login", {"username": "fuzzer", "password": "fuzz-pass-phrase"})["access_token"])
EOF
)

log=$(mktemp /tmp/pomo-fuzz-log.XXXXXX)
set +e
# Logging out would revoke the fuzzer's own token and turn the rest of the run into 401s; the
# event stream never ends, so it has tests of its own (EventStreamTests). One worker: with two,
# hypothesis parses lambdas' source from both threads, and Python 3.11's AST builder keeps its
# recursion depth per interpreter (cpython#106905), so a run failed now and then with
# "AST constructor recursion depth mismatch", an error of the fuzzer, not of pomod.
"$venv/bin/st" run "$base/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --exclude-path /api/auth/logout --exclude-path /game/api/auth/logout \
  --exclude-path /api/v1/events --exclude-path /taskworks/api/v1/events \
  --max-examples "${FUZZ_EXAMPLES:-8}" --seed "${FUZZ_SEED:-20261122}" --workers 1 \
  --phases examples,coverage,fuzzing --request-timeout 20 --no-color 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
generated=$(grep -Eo '[0-9]+ generated' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
rm -f "$log"
echo "fuzz.sh: $generated test cases generated, one request each"
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: server log tail:" >&2
  tail -n 30 "$data/pomod.log" >&2
fi
exit "$status"

#!/usr/bin/env bash
# Hostile requests against `search serve`: schemathesis (from PyPI, in a
# virtual environment under target/) generates requests from the served
# OpenAPI document, valid and invalid, and checks every answer: no 500, no
# answer outside the documented statuses, shapes and content types, nothing
# invalid accepted, no request taking over 15 s. Then the server must still
# answer and must not have panicked. A few minutes at most.
#
#   scripts/fuzz-api.sh               200 examples per operation, seed 1
#   scripts/fuzz-api.sh --examples N  N examples per operation
#   scripts/fuzz-api.sh --seed N      another seed (default 1: repeatable)
#
# Left out: /api/events (a stream that stays open by design), and the check
# that every schema-valid request is accepted ("positive data acceptance"):
# the query grammar and the date forms are not expressible in JSON Schema,
# so a valid string can still be a bad query, which is rightly a 400.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
examples=200
seed=1
while [ $# -gt 0 ]; do
  case $1 in
    --examples) examples=$2; shift ;;
    --seed) seed=$2; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "fuzz-api.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

venv=$root/target/fuzz-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi
cargo build --locked --quiet --bin search --manifest-path "$root/Cargo.toml"
search=$root/target/debug/search

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The test fixtures: every format, odd dates, hostile titles.
"$search" --index "$work/index" index -q "$root/tests/fixtures"
# The article and similar routes get a real id (and schemathesis's own
# values besides), so that they answer more than 404.
id=$("$search" --index "$work/index" query --json --limit 1 the |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["hits"][0]["id"])')
cat >"$work/schemathesis.toml" <<TOML
[[operations]]
include-path-regex = "^/api/(articles|similar)/"
parameters = { "path.id" = "$id" }
TOML
"$search" --index "$work/index" serve --addr 127.0.0.1:0 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q 'http://' "$work/serve.log" && break
  sleep 0.1
done
base=$(grep -o 'http://[^/]*' "$work/serve.log" | head -1)
[ -n "$base" ] || { cat "$work/serve.log" >&2; exit 1; }

status=0
# Run from the temporary folder: schemathesis keeps a cache where it runs.
(cd "$work" && "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" \
  run "$base/api/openapi.json" \
  --exclude-path /api/events \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$examples" --seed "$seed" --workers 2 \
  --request-timeout 15 --no-color --report-dir "$work/report" \
  --generation-database none) || status=$?

if ! curl -fsS -o /dev/null "$base/api/stats"; then
  echo "fuzz-api.sh: the server no longer answers" >&2
  status=1
fi
if grep -n 'panicked' "$work/serve.log" >&2; then
  echo "fuzz-api.sh: the server panicked (above)" >&2
  status=1
fi
exit "$status"

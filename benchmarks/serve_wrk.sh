#!/usr/bin/env bash
# Load test of `exp serve`: single-row POST /predict with wrk; prints requests/s, p50 and p99.
#
# Usage: bash benchmarks/serve_wrk.sh [BUNDLE|NAME@ALIAS] [BODY.json]
#   BUNDLE     what `exp serve` should load (default: the first artifacts/*production* entry)
#   BODY.json  the /predict body; default: one full raw row ({"data": [...]}) sized from GET /v1/model
# Environment:
#   PORT (18080), DURATION (15s), CONNECTIONS (32), THREADS (1)
#   EXP         the exp binary (default: build it with `swift build -c release --product exp`)
#   SERVER_CMD  a whole server command line to run instead of `$EXP serve BUNDLE --port $PORT`
#   EXP_SERVE_TOKEN  passed through to the server and sent as the bearer token
# The bar (issue 5): >= 10,000 requests/s with p99 < 5 ms on the 2-core machine, wrk sharing it.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=${1:-}
body_file=${2:-}
port=${PORT:-18080}
duration=${DURATION:-15s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}

if [ -z "${SERVER_CMD:-}" ] && [ -z "$bundle" ]; then
  bundle=$(ls -d artifacts/*production* 2>/dev/null | head -n 1 || true)
  [ -n "$bundle" ] || { echo "usage: $0 BUNDLE|NAME@ALIAS [BODY.json] (no artifacts/*production* found)" >&2; exit 64; }
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk..." >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${SERVER_CMD:-}" ]; then
  command=(bash -c "$SERVER_CMD")
else
  if [ -z "${EXP:-}" ]; then
    swift build -c release --product exp >/dev/null
    EXP="$(swift build -c release --show-bin-path)/exp"
  fi
  command=("$EXP" serve "$bundle" --port "$port")
fi
"${command[@]}" >"$work/server.log" 2>&1 &
server_pid=$!

auth=()
[ -n "${EXP_SERVE_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $EXP_SERVE_TOKEN")
base="http://127.0.0.1:$port"
for i in $(seq 1 300); do
  if curl -fsS "$base/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server exited:" >&2; cat "$work/server.log" >&2; exit 1
  fi
  [ "$i" -eq 300 ] && { echo "the server did not answer /health within 30 s" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

if [ -z "$body_file" ]; then
  columns=$(curl -fsS "${auth[@]}" "$base/v1/model" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["input_schema"]["columns"]))')
  body_file="$work/body.json"
  python3 - "$columns" >"$body_file" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"data": [round(0.05 + 0.9 * ((i * 37) % 101) / 100, 6) for i in range(n)]}))
PY
fi

# One request first: fail loudly on anything but 200.
status=$(curl -sS -o "$work/first.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
  --data-binary "@$body_file" "$base/predict")
if [ "$status" != "200" ]; then
  echo "POST /predict answered $status:" >&2; cat "$work/first.json" >&2; echo >&2; exit 1
fi
echo "model: $(curl -fsS "$base/health")"
echo "body: $(wc -c <"$body_file") bytes; response: $(cat "$work/first.json")"

WRK_BODY_FILE="$body_file" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
  -s benchmarks/predict.lua "$base/predict" | tee "$work/wrk.txt"

rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
p50=$(awk '/^ +50%/ {print $2}' "$work/wrk.txt")
p99=$(awk '/^ +99%/ {print $2}' "$work/wrk.txt")
errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/wrk.txt")
echo
echo "requests/s: $rps   p50: $p50   p99: $p99   non-2xx: ${errors:-0}   (wrk -t$threads -c$connections -d$duration)"

#!/usr/bin/env bash
# novumock vs Prism 5 vs a bare echo server, under the same load, on this machine.
#
# Load generator: wrk (Debian), 1 thread, 32 keep-alive connections, a fixed duration per server
# and endpoint, after a short warm-up. wrk is C on epoll: on a 2-core machine it takes the least
# CPU away from the server under test of all the options (a Go generator spends several times
# more CPU per request), and it takes the same share from each of the three servers.
#
# Servers: novumock with everything on (auth, rate limiting at `unlimited`, request validation,
# state); Prism 5 (`prism mock`, from bench/package-lock.json) on the same openapi.yaml, logging
# only errors as novumock --quiet does; bareecho, the echo framework novumock uses with no
# middleware, answering each route with novumock's own recorded body (same status and size).
# On the reads a second bareecho also sends novumock's recorded RateLimit-* headers: a reference
# for what Novu's headers alone cost a server (the report's target stays the plain bareecho).
#
# Rate limiting stays on at `unlimited`, but that level is Novu's 3 000 requests/s per environment
# and category (6 000 for triggers): under this load most answers would be cheap 429s. While
# novumock is loaded, `benchtool refill` sets the level it found again every 100 ms through the control
# API, which refills the buckets (a burst of 11 000 every 100 ms: room for over 100 000
# requests/s; at 250 ms a page of subscribers, past 45 000/s, ran a bucket dry): every request
# still pays the rate-limit decision and gets RateLimit-* headers, and none is refused. Any non-2xx answer is counted and shown.
#
# Latency is measured a second way for novumock and bare echo: a fixed offered load of RATE
# requests/s (default 5 000, about 40 % of what novumock answers at saturation on its slowest
# endpoints here) from CONNS connections, open loop (`benchtool rate`, vegeta). Under wrk's closed
# loop a saturated server's latency is CONNS ÷ throughput plus the scheduler's noise on cores
# shared with wrk, so wrk's p99 says more about the machine than about the server; both are shown.
#
# Soak (bench/results/soak.md): SOAK_REQUESTS (default 1 000 000) on one novumock at its default
# retention cap, in ten rounds of half triggers to 1 000 fixed subscribers, a quarter subscriber
# pages and a quarter integration lists, RSS sampled after each round; then the write latency at
# RATE in that steady state.
#
# Writes bench/results/latest.md. Knobs: DURATION (s, default 10), WARMUP (s, 2), CONNS (32),
# THREADS (1), RATE (5000), RSS_REQUESTS (200000), SKIP_PRISM=1, SOAK_REQUESTS (1000000; 0: no
# soak), SOAK_ONLY=1 (the soak alone).
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNS=${CONNS:-32}
THREADS=${THREADS:-1}
RATE=${RATE:-5000}
RSS_REQUESTS=${RSS_REQUESTS:-200000}
SOAK_REQUESTS=${SOAK_REQUESTS:-1000000}
SOAK_ONLY=${SOAK_ONLY:-0}
KEY=nvmk_dev_00000000000000000000000000000000
PORT_N=${PORT_N:-4710}
PORT_P=${PORT_P:-4711}
PORT_E=${PORT_E:-4712}
PORT_H=${PORT_H:-4713}
HOST=127.0.0.1
LOADAVG=$(cut -d" " -f1-3 /proc/loadavg)

export PATH="$PATH:/usr/local/go/bin"
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian)…"
  { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null
fi
if [ "${SKIP_PRISM:-0}" != 1 ] && [ "$SOAK_ONLY" != 1 ]; then
  if ! command -v npm >/dev/null; then
    { apt-get update -qq && apt-get install -y -qq nodejs npm; } >/dev/null
  fi
  if [ ! -x node_modules/.bin/prism ]; then
    echo "installing Prism 5 from bench/package-lock.json…"
    npm ci --no-audit --no-fund --silent
  fi
fi

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "building…"
go build -o "$TMP/novumock" "$ROOT/cmd/novumock"
go build -o "$TMP/bareecho" "$ROOT/bench/bareecho"
go build -o "$TMP/benchtool" "$ROOT/bench/benchtool"

wait_up() { # URL: wait until it answers at all (up to 60 s)
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2
  return 1
}
hwm_kb() { awk '/^VmHWM/{print $2}' "/proc/$1/status"; }
# CPU time (user + system) the process has used so far, in clock ticks (getconf CLK_TCK a second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
# Writing 5 to clear_refs resets the peak RSS, so each endpoint gets its own VmHWM.
reset_hwm() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }

# name|METHOD|path|kind
ENDPOINTS=(
  "GET /v1/subscribers?page=0&limit=10|GET|/v1/subscribers?page=0&limit=10|get"
  "GET /v1/integrations|GET|/v1/integrations|get"
  "POST /v1/events/trigger|POST|/v1/events/trigger|trigger"
  "POST /v1/subscribers|POST|/v1/subscribers|subscriber"
)

RESULTS=$TMP/results.tsv
LATENCY=$TMP/latency.tsv
EXTRAS=$TMP/extras.tsv
: >"$RESULTS"
: >"$LATENCY"
: >"$EXTRAS"

load() { # server pid base-url endpoint-spec (name|METHOD|path|kind)
  local server=$1 pid=$2 url=$3 name method path kind line rps p50 p99 reqs non2xx sockerr t0 cpu_us
  IFS='|' read -r name method path kind <<<"$4"
  export BENCH_METHOD=$method BENCH_PATH=$path BENCH_KIND=$kind BENCH_KEY=$KEY BENCH_STOP_AFTER=0
  BENCH_RUN="w$server" wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s wrk.lua "$url" >/dev/null
  reset_hwm "$pid"
  t0=$(cpu_ticks "$pid")
  line=$(BENCH_RUN="m$server" wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s -s wrk.lua "$url" | grep '^BENCH' || true)
  IFS=$'\t' read -r _ rps p50 p99 reqs non2xx sockerr <<<"$line"
  # Server CPU per answer: why one server is faster than another, independent of how the
  # machine's two cores were shared with wrk.
  cpu_us=$(( ($(cpu_ticks "$pid") - t0) * TICK_US / (reqs > 0 ? reqs : 1) ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$name" "$rps" "$p50" "$p99" "$(hwm_kb "$pid")" \
    "$reqs" "$non2xx" "$sockerr" "$cpu_us" | tee -a "$RESULTS"
}

# latency SERVER URL ENDPOINT-SPEC: one endpoint at the fixed RATE, WARMUP s unmeasured then
# DURATION s measured.
latency() {
  local server=$1 url=$2 name method path kind line offered achieved p50 p99 reqs non2xx errs
  IFS='|' read -r name method path kind <<<"$3"
  "$TMP/benchtool" rate -url "$url" -key "$KEY" -rate "$RATE" -c "$CONNS" -d "${WARMUP}s" \
    -method "$method" -path "$path" -kind "$kind" -run "u$server" >/dev/null
  line=$("$TMP/benchtool" rate -url "$url" -key "$KEY" -rate "$RATE" -c "$CONNS" -d "${DURATION}s" \
    -method "$method" -path "$path" -kind "$kind" -run "r$server")
  IFS=$'\t' read -r _ offered achieved p50 p99 reqs non2xx errs <<<"$line"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$name" "$offered" "$achieved" "$p50" "$p99" \
    "$reqs" "$non2xx" "$errs" | tee -a "$LATENCY"
}

# start_novumock: a fresh novumock (NM_PID), seeded as the benchmarked endpoints need, with its
# rate-limit buckets refilled in the background (REFILL) until stop_novumock.
NM_ARGS=(serve --addr "$HOST:$PORT_N" --quiet --rate-limit unlimited)
start_novumock() {
  "$TMP/novumock" "${NM_ARGS[@]}" >/dev/null 2>&1 &
  NM_PID=$!
  PIDS+=("$NM_PID")
  wait_up "http://$HOST:$PORT_N/healthz"
  "$TMP/benchtool" seed -url "http://$HOST:$PORT_N" -key "$KEY" -subscribers 100
  "$TMP/benchtool" refill -url "http://$HOST:$PORT_N" &
  REFILL=$!
  PIDS+=("$REFILL")
}
stop_novumock() {
  kill "$REFILL" "$NM_PID"
  wait "$NM_PID" 2>/dev/null || true
}

# 0. Soak: memory over SOAK_REQUESTS requests at the default retention cap, then write latency
#    at RATE in that steady state.
soak() {
  local rounds=10 per round trig reads bad=0 rss hwm ep line
  per=$((SOAK_REQUESTS / rounds))
  trig=$((per / 2))
  reads=$((per / 4))
  "$TMP/novumock" "${NM_ARGS[@]}" >/dev/null 2>&1 &
  NM_PID=$!
  PIDS+=("$NM_PID")
  wait_up "http://$HOST:$PORT_N/healthz"
  "$TMP/benchtool" seed -url "http://$HOST:$PORT_N" -key "$KEY" -subscribers 1000
  "$TMP/benchtool" refill -url "http://$HOST:$PORT_N" &
  REFILL=$!
  PIDS+=("$REFILL")
  mkdir -p results
  local out=results/soak.md started
  started=$(date +%s)
  {
    echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average before the run $LOADAVG. novumock serve with its"
    echo "defaults (--retain 10000, --journal 1000), 1 000 seeded subscribers; $SOAK_REQUESTS requests in $rounds rounds, each"
    echo "half \`POST /v1/events/trigger\` (to bench-sub-1 … bench-sub-1000), a quarter \`GET /v1/subscribers?page=0&limit=10\`,"
    echo "a quarter \`GET /v1/integrations\`, $CONNS connections."
    echo
    echo "| requests so far | RSS MB | peak RSS MB | not 2xx | seconds |"
    echo "|---:|---:|---:|---:|---:|"
  } >"$out.tmp"
  for round in $(seq 1 $rounds); do
    bad=$((bad + $("$TMP/benchtool" blast -url "http://$HOST:$PORT_N" -key "$KEY" -n "$trig" -c "$CONNS" -method POST -path /v1/events/trigger -kind trigger -recipients 1000 -run "s$round")))
    bad=$((bad + $("$TMP/benchtool" blast -url "http://$HOST:$PORT_N" -key "$KEY" -n "$reads" -c "$CONNS" -method GET -path '/v1/subscribers?page=0&limit=10' -kind get -run "s$round")))
    bad=$((bad + $("$TMP/benchtool" blast -url "http://$HOST:$PORT_N" -key "$KEY" -n "$reads" -c "$CONNS" -method GET -path /v1/integrations -kind get -run "s$round")))
    rss=$(rss_kb "$NM_PID")
    hwm=$(hwm_kb "$NM_PID")
    awk -v n="$((round * per))" -v rss="$rss" -v hwm="$hwm" -v bad="$bad" -v s="$(($(date +%s) - started))" \
      'BEGIN { printf "| %d | %.1f | %.1f | %d | %d |\n", n, rss/1024, hwm/1024, bad, s }' | tee -a "$out.tmp"
  done
  {
    echo
    echo "Then, on that server, $RATE requests/s offered over $CONNS connections (open loop), ${DURATION} s after ${WARMUP} s of warm-up:"
    echo
    echo "| endpoint | achieved requests/s | p50 ms | p99 ms | requests | not 2xx | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
  } >>"$out.tmp"
  for ep in "${ENDPOINTS[2]}" "${ENDPOINTS[3]}"; do
    IFS='|' read -r name method path kind <<<"$ep"
    "$TMP/benchtool" rate -url "http://$HOST:$PORT_N" -key "$KEY" -rate "$RATE" -c "$CONNS" -d "${WARMUP}s" \
      -method "$method" -path "$path" -kind "$kind" -recipients 1000 -run "sw" >/dev/null
    line=$("$TMP/benchtool" rate -url "http://$HOST:$PORT_N" -key "$KEY" -rate "$RATE" -c "$CONNS" -d "${DURATION}s" \
      -method "$method" -path "$path" -kind "$kind" -recipients 1000 -run "sm")
    IFS=$'\t' read -r _ offered achieved p50 p99 reqs non2xx errs <<<"$line"
    echo "| \`$name\` | $achieved | $p50 | $p99 | $reqs | $non2xx | $errs |" | tee -a "$out.tmp"
  done
  echo >>"$out.tmp"
  echo "RSS at the end: $(awk -v r="$(rss_kb "$NM_PID")" 'BEGIN{printf "%.1f", r/1024}') MB." >>"$out.tmp"
  stop_novumock
  mkdir -p results
  mv "$out.tmp" "$out"
  echo "written to bench/$out"
}
if [ "$SOAK_REQUESTS" -gt 0 ]; then
  echo "soak: $SOAK_REQUESTS requests…"
  soak
fi
if [ "$SOAK_ONLY" = 1 ]; then
  exit 0
fi

# 1. novumock: start-to-first-answer (median of 5 cold starts), then a seeded novumock whose
#    answers bare echo replays, bare echo itself, and Prism.
echo "novumock: start to first answer…"
startup_ms=$("$TMP/benchtool" startup -runs 5 -url "http://$HOST:$PORT_N" -key "$KEY" -- "$TMP/novumock" "${NM_ARGS[@]}")
printf 'start to first answer (`GET /v1/integrations`, median of 5)\t%s ms\t< 100 ms\n' "$startup_ms" >>"$EXTRAS"

start_novumock
# Record novumock's answers: bareecho sends the same bytes.
ROUTES=()
i=0
for ep in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name method path kind <<<"$ep"
  i=$((i + 1))
  body=$("$TMP/benchtool" body -kind "$kind")
  args=(-s -o "$TMP/body$i.json" -D "$TMP/head$i.txt" -w '%{http_code}' -X "$method" -H "Authorization: ApiKey $KEY")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  code=$(curl "${args[@]}" "http://$HOST:$PORT_N$path")
  echo "novumock $name -> $code ($(wc -c <"$TMP/body$i.json") bytes)"
  grep -i '^ratelimit-' "$TMP/head$i.txt" | tr -d '\r' >"$TMP/body$i.json.headers" || true
  ROUTES+=(-route "$method ${path%%\?*}=$code:$TMP/body$i.json")
done

# start_peer NAME PORT COMMAND...: start a peer server (its output to $TMP/NAME.log); its pid is
# left in PEER_PID.
start_peer() {
  local name=$1 port=$2
  shift 2
  "$@" >"$TMP/$name.log" 2>&1 &
  PEER_PID=$!
  PIDS+=("$PEER_PID")
  wait_up "http://$HOST:$port/healthz"
}
start_peer bareecho "$PORT_E" "$TMP/bareecho" -addr "$HOST:$PORT_E" "${ROUTES[@]}"
BE_PID=$PEER_PID
# The same bare echo sending novumock's RateLimit-* headers too (Novu sends them on every
# answer): for the reads, what those headers alone cost a server (a reference, not a target).
start_peer bareecho-headers "$PORT_H" "$TMP/bareecho" -addr "$HOST:$PORT_H" -replay-headers "${ROUTES[@]}"
BH_PID=$PEER_PID
PRISM_PID=
if [ "${SKIP_PRISM:-0}" != 1 ]; then
  start_peer prism "$PORT_P" node_modules/.bin/prism mock -h "$HOST" -p "$PORT_P" -v error "$ROOT/openapi.yaml"
  PRISM_PID=$PEER_PID
fi

# 2. Throughput under wrk: each endpoint on the three servers back to back, so every ratio
#    compares measurements taken seconds apart (this VM's speed drifts over minutes). The idle
#    servers wait on their sockets and use no CPU meanwhile.
for ep in "${ENDPOINTS[@]}"; do
  load novumock "$NM_PID" "http://$HOST:$PORT_N" "$ep"
  load bareecho "$BE_PID" "http://$HOST:$PORT_E" "$ep"
  if [[ $ep == GET* ]]; then
    load bareecho+headers "$BH_PID" "http://$HOST:$PORT_H" "$ep"
  fi
  if [ -n "$PRISM_PID" ]; then
    load prism "$PRISM_PID" "http://$HOST:$PORT_P" "$ep"
  fi
done
stop_novumock
kill "$BH_PID"
if [ -n "$PRISM_PID" ]; then
  kill "$PRISM_PID"
fi

# 3. Latency at the fixed rate, again endpoint by endpoint: novumock fresh and seeded for each
#    (wrk's run left 200 000+ triggers and subscribers behind, and the collector's work grows
#    with them), then bare echo.
for ep in "${ENDPOINTS[@]}"; do
  start_novumock >/dev/null
  latency novumock "http://$HOST:$PORT_N" "$ep"
  stop_novumock
  latency bareecho "http://$HOST:$PORT_E" "$ep"
done
kill "$BE_PID"

# 4. RSS after RSS_REQUESTS requests, each time on a fresh, seeded novumock:
#    a) the four endpoints in equal shares: every trigger and new subscriber is kept, as Novu
#       keeps them, so this measures the state as much as the server;
#    b) reads only (subscriber pages and integration lists): the server's own footprint.
rss_phase() { # label endpoint-spec... (name|METHOD|path|kind)
  local label=$1
  shift
  start_novumock >/dev/null
  local per=$((RSS_REQUESTS / $#)) failed=0 ep name method path kind bad
  for ep in "$@"; do
    IFS='|' read -r name method path kind <<<"$ep"
    bad=$("$TMP/benchtool" blast -url "http://$HOST:$PORT_N" -key "$KEY" -n "$per" -c "$CONNS" -method "$method" -path "$path" -kind "$kind" -run rss)
    failed=$((failed + bad))
  done
  local rss hwm
  rss=$(rss_kb "$NM_PID")
  hwm=$(hwm_kb "$NM_PID")
  awk -v n="$RSS_REQUESTS" -v per="$per" -v f="$failed" -v rss="$rss" -v hwm="$hwm" -v label="$label" 'BEGIN {
    printf "RSS after %d requests, %s (%d each, %d not 2xx)\t%.1f MB (peak %.1f MB)\t— (the memory target is the soak'"'"'s: bench/results/soak.md)\n", n, label, per, f, rss/1024, hwm/1024 }' >>"$EXTRAS"
  stop_novumock
}
rss_phase "all four endpoints" "${ENDPOINTS[@]}"
rss_phase "reads only" "${ENDPOINTS[0]}" "${ENDPOINTS[1]}"

busy=$(ps aux | grep -c '[g]o test' || true)
header="Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
load average before the run $LOADAVG, $busy other \`go test\` processes. wrk $THREADS thread, $CONNS keep-alive connections, \
${DURATION} s per server and endpoint after ${WARMUP} s of warm-up, each endpoint on the servers back to back; peak RSS is VmHWM during that endpoint's run."
mkdir -p results
"$TMP/benchtool" report -results "$RESULTS" -latency "$LATENCY" -rate "$RATE" -conns "$CONNS" -extras "$EXTRAS" -header "$header" -out results/latest.md
echo
echo "written to bench/results/latest.md"

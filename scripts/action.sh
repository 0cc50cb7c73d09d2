#!/usr/bin/env bash
# The steps of the novumock GitHub Action (action.yml): get the binary, start `novumock serve`
# in the background, wait until it answers /healthz, and write the base URL and keys as step
# outputs. cmd/novumock/action_test.go runs this very script against the real binary.
#
# Inputs arrive as NVMK_INPUT_* variables (empty means "not given"):
#   BINARY        a novumock binary to use as is
#   VERSION       a module version to `go install` (v1.2.3, a commit, latest)
#   (neither)     build from the action's own checkout (NVMK_SOURCE_DIR) with `go build`
#   PORT          loopback port to listen on (default 4010; 0 picks a free one)
#   API_KEY, PROD_API_KEY, RATE_LIMIT, SEED, CONTROL_TOKEN   passed to serve as NOVUMOCK_*
#   ARGS          more serve flags, split on spaces
#   WAIT          seconds to wait for /healthz (default 30)
# Outputs (to $GITHUB_OUTPUT, or stdout outside Actions): base-url, api-key, prod-api-key, pid, log,
# binary (to run `novumock contract` or `novumock contract cleanup` in a later step).
set -euo pipefail

src="${NVMK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/novumock-action"
mkdir -p "$work"

bin="${NVMK_INPUT_BINARY:-}"
if [ -z "$bin" ]; then
  command -v go >/dev/null || { echo "::error::novumock action: Go is needed to install or build novumock (actions/setup-go)"; exit 1; }
  if [ -n "${NVMK_INPUT_VERSION:-}" ]; then
    GOBIN="$work/bin" CGO_ENABLED=0 go install -trimpath "github.com/novumock/novumock/cmd/novumock@${NVMK_INPUT_VERSION}"
    bin="$work/bin/novumock"
  else
    (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$work/novumock" ./cmd/novumock)
    bin="$work/novumock"
  fi
fi
[ -x "$bin" ] || { echo "::error::novumock action: $bin is not an executable"; exit 1; }

# Only the inputs that were given become NOVUMOCK_* variables: an empty NOVUMOCK_API_KEY would
# be an empty key, which serve refuses.
given() { if [ -n "$2" ]; then export "$1=$2"; fi; }
export NOVUMOCK_ADDR="127.0.0.1:${NVMK_INPUT_PORT:-4010}"
given NOVUMOCK_API_KEY "${NVMK_INPUT_API_KEY:-}"
given NOVUMOCK_PROD_API_KEY "${NVMK_INPUT_PROD_API_KEY:-}"
given NOVUMOCK_RATE_LIMIT "${NVMK_INPUT_RATE_LIMIT:-}"
given NOVUMOCK_SEED "${NVMK_INPUT_SEED:-}"
given NOVUMOCK_CONTROL_TOKEN "${NVMK_INPUT_CONTROL_TOKEN:-}"

log="$work/serve.log"
: >"$log" # before the background start, which opens it in its own time
# shellcheck disable=SC2086 # ARGS is split on purpose
nohup "$bin" serve ${NVMK_INPUT_ARGS:-} >"$log" 2>&1 &
pid=$!

wait_s="${NVMK_INPUT_WAIT:-30}"
deadline=$((SECONDS + wait_s))
base=""
until [ -n "$base" ] && "$bin" health --addr "${base#http://}" --timeout 1s >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "::error::novumock serve exited before it answered /healthz:"; cat "$log"; exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "::error::novumock serve did not answer /healthz within ${wait_s}s:"; cat "$log"; kill "$pid" 2>/dev/null || true; exit 1
  fi
  base="$(sed -n 's/^novumock listening on \(http:[^ ]*\).*/\1/p' "$log" | head -n1)"
  sleep 0.2
done

dev="$(sed -n 's/^ *Development API key: *//p' "$log" | head -n1)"
prod="$(sed -n 's/^ *Production API key: *//p' "$log" | head -n1)"
out="${GITHUB_OUTPUT:-/dev/stdout}"
{
  echo "base-url=$base"
  echo "api-key=$dev"
  echo "prod-api-key=$prod"
  echo "pid=$pid"
  echo "log=$log"
  echo "binary=$bin"
} >>"$out"
echo "novumock is up at $base (pid $pid, log $log)"

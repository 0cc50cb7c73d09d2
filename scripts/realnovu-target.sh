# Sourced by the real-Novu scripts: the real Novu's keys (unless NOVU_DEV_API_KEY is set, from
# $REALNOVU_ROOT/state/keys.env, written by ../shared/realnovu's start-v2.sh) and its URL
# (NOVU_API_URL), which must answer its health check.
root=${REALNOVU_ROOT:-$HOME/.cache/realnovu-v2.0.0}
if [[ -z "${NOVU_DEV_API_KEY:-}" ]]; then
  [[ -r "$root/state/keys.env" ]] || { echo "no keys: start the real Novu (start-v2.sh) or set NOVU_DEV_API_KEY" >&2; exit 2; }
  # shellcheck disable=SC1091
  source "$root/state/keys.env"
fi
url=${NOVU_API_URL:-http://127.0.0.1:3100}
curl -fsS -m 5 "$url/v1/health-check" >/dev/null || { echo "$url/v1/health-check does not answer: start the real Novu first" >&2; exit 2; }

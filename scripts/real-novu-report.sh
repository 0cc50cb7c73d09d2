#!/usr/bin/env bash
# Runs the contract suite against the local real Novu (../shared/realnovu, a development tool:
# never part of `make test` or CI) and rewrites the README's "against a real Novu" block.
#
#   scripts/real-novu-report.sh            # Novu v2.0.0 on 127.0.0.1:3100 (start-v2.sh)
#
# Keys come from $REALNOVU_ROOT/state/keys.env (default ~/.cache/realnovu-v2.0.0), written by
# start-v2.sh; NOVU_API_URL, NOVU_DEV_API_KEY and NOVU_PROD_API_KEY in the environment win.
# The JSON report is kept in $OUT (default bin/real-novu-contract.json).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/realnovu-target.sh
source scripts/realnovu-target.sh
label=${LABEL:-Novu v2.0.0 self-hosted}
out=${OUT:-bin/real-novu-contract.json}


mkdir -p "$(dirname "$out")"
go build -o bin/novumock ./cmd/novumock
# Exit 1 (checks failed) is the expected outcome against a real deployment; 2 and 130 are not.
set +e
./bin/novumock contract --target "$url" --api-key "$NOVU_DEV_API_KEY" --prod-api-key "$NOVU_PROD_API_KEY" --json "$out"
rc=$?
set -e
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  echo "the suite could not run (exit $rc)" >&2
  exit "$rc"
fi
go run ./internal/cmd/realreport -json "$out" -readme README.md -label "$label"
echo "README.md block rewritten from $out"

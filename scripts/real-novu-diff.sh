#!/usr/bin/env bash
# Compares a fresh novumock with the local real Novu (../shared/realnovu; a development tool,
# never part of `make test` or CI) through `novumock diff`, and rewrites docs/diff-v2.0.0.txt
# and docs/diff-v2.0.0.html. docs/diff-v2.0.0.md explains the differences; update it by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/realnovu-target.sh
source scripts/realnovu-target.sh
port=${FAKE_PORT:-4399}

go build -o bin/novumock ./cmd/novumock
# The target is self-hosted, so the fake starts its organizations as self-hosted Novu does
# (only the in-app integration; no Novu Email/SMS demo integrations).
./bin/novumock serve --addr "127.0.0.1:$port" --quiet --self-hosted >/dev/null 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS -m 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

args=(--a "http://127.0.0.1:$port" --a-key nvmk_dev_00000000000000000000000000000000 --a-label novumock
      --b "$url" --b-key "$NOVU_DEV_API_KEY" --b-label "Novu v2.0.0 self-hosted")
set +e
./bin/novumock diff "${args[@]}" --format html --out docs/diff-v2.0.0.html
rc=$?
set -e
[[ $rc -le 1 ]] || exit "$rc"
# A second fresh fake for the text report, so both files compare a pristine novumock.
kill "$fake"; wait "$fake" 2>/dev/null || true
./bin/novumock serve --addr "127.0.0.1:$port" --quiet --self-hosted >/dev/null 2>&1 &
fake=$!
for _ in $(seq 50); do curl -fsS -m 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
set +e
./bin/novumock diff "${args[@]}" --format text --out docs/diff-v2.0.0.txt
rc=$?
set -e
[[ $rc -le 1 ]] || exit "$rc"
echo "docs/diff-v2.0.0.txt and .html rewritten"

#!/usr/bin/env bash
# The project's test command: unit, library, CLI and differential tests
# (ipsh against bash), then a short crash-only fuzz run of parser+runner.
# Usage: ./test.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 "$@" ./...
go test -run='^$' -fuzz=FuzzRun -fuzztime="${IPSH_FUZZTIME:-20s}" ./engine

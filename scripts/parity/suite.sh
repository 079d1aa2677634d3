#!/usr/bin/env bash
# The parity suite CI runs: every night the tests run, on DuckDB and on Trino,
# compared value for value (npm run parity). Needs a running Trino
# (npm run trino:start).
#
#   1. the demo exports, two nights: 2026-10-31, then 2026-11-01 on top of it
#      (the second night restates the first);
#   2. every night of the KPI fixture tests (test/kpi), the bad-input corpus
#      (test/trust/bad-input.test.ts) and the datasets (test/datasets: CDNOW,
#      UCI Online Retail), saved as parity cases while those tests run on
#      DuckDB (test/helpers/parity-cases.ts).
#
# Exit 1 when any value differs or a night ends differently on the engines,
# except in the cases test/parity/known-differences.json lists with their
# reason (reported apart; a listed case that stops differing fails the run).
set -euo pipefail
cd "$(dirname "$0")/../.."

cases=".parity/cases"
rm -rf "$cases"
echo "== saving the test nights as parity cases in $cases"
CRM_KPI_PARITY_CASES="$cases" npx vitest run --silent=true test/kpi test/trust/bad-input.test.ts test/datasets
echo "== parity: $(ls "$cases" | wc -l) test nights and the demo's two nights"
NODE_NO_WARNINGS=1 npx tsx functions/cli/parity.ts \
  --exports sample-exports --export-date 2026-10-31,2026-11-01 \
  --cases "$cases" --known test/parity/known-differences.json

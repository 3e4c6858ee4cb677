#!/usr/bin/env bash
# The nightly restyling run, for cron or Airflow: run_id is today's UTC date, finished pairs are skipped
# (so a rerun after a crash does only the rest), and the exit code is the job's:
#   0 all good (failed fraction within --max-failed-fraction), 1 too many failures or the job could
#   not run, 2 bad configuration. Extra flags are passed on.
#   RESTYLE_PAIRS, RESTYLE_OUTPUT, RESTYLE_WEIGHTS   the catalog, output and weights URIs (required)
#   RESTYLE_RUNNER=submit|local                      spark-submit (default when it is on PATH) or embedded local
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${RESTYLE_PAIRS:?set RESTYLE_PAIRS to the catalog URI}"
: "${RESTYLE_OUTPUT:?set RESTYLE_OUTPUT to the output URI}"
: "${RESTYLE_WEIGHTS:?set RESTYLE_WEIGHTS to the VGG19 weights URI}"
run_id="$(date -u +%Y-%m-%d)"
runner="${RESTYLE_RUNNER:-$(command -v spark-submit >/dev/null && echo submit || echo local)}"
args=(--pairs "$RESTYLE_PAIRS" --output "$RESTYLE_OUTPUT" --weights "$RESTYLE_WEIGHTS" --run-id "$run_id" --skip-done "$@")
echo "restyle nightly: run $run_id via $runner" >&2
if [[ "$runner" == "submit" ]]; then
  exec "$root/jobs/restyle-submit.sh" "${args[@]}"
else
  exec "$root/jobs/restyle" run "${args[@]}"
fi

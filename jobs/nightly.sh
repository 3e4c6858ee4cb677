#!/usr/bin/env bash
# The nightly restyling run, for cron or Airflow: run_id is today's UTC date, finished pairs are skipped
# (so a rerun after a crash does only the rest), and the exit code is the job's:
#   0 all good (failed fraction within --max-failed-fraction), 1 too many failures or the job could
#   not run, 2 bad configuration. Extra flags are passed on; Spark's own options (--master, --deploy-mode,
#   --conf, --jars, …) go to Spark, wherever they appear.
#   RESTYLE_PAIRS, RESTYLE_OUTPUT, RESTYLE_WEIGHTS   the catalog, output and weights URIs (required)
#   RESTYLE_RUNNER=submit|local                      spark-submit (default when $SPARK_HOME/bin or PATH has
#                                                    it) or the embedded local job
#   RESTYLE_DRY_RUN=1                                print the command instead of running it
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/jobs/spark-options.sh"
: "${RESTYLE_PAIRS:?set RESTYLE_PAIRS to the catalog URI}"
: "${RESTYLE_OUTPUT:?set RESTYLE_OUTPUT to the output URI}"
: "${RESTYLE_WEIGHTS:?set RESTYLE_WEIGHTS to the VGG19 weights URI}"
run_id="$(date -u +%Y-%m-%d)"
submit="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
runner="${RESTYLE_RUNNER:-$(command -v "$submit" >/dev/null && echo submit || echo local)}"
args=(--pairs "$RESTYLE_PAIRS" --output "$RESTYLE_OUTPUT" --weights "$RESTYLE_WEIGHTS" --run-id "$run_id" --skip-done "$@")
echo "restyle nightly: run $run_id via $runner" >&2
if [[ "$runner" == "submit" ]]; then
  exec "$root/jobs/restyle-submit.sh" "${args[@]}"
fi

# The embedded job takes --master local[…] and --conf itself; anything else of Spark's needs spark-submit.
split_spark_options "${args[@]}"
local_args=(${job_flags[@]+"${job_flags[@]}"})
for ((i = 0; i < ${#spark_options[@]}; i++)); do
  option="${spark_options[$i]}"
  value="${spark_options[$((i + 1))]:-}"
  if [[ "$option" == "--master" && "$value" == local* ]] || [[ "$option" == "--conf" ]]; then
    local_args+=("$option" "$value"); i=$((i + 1))
  else
    echo "restyle nightly: $option ${value:-} needs spark-submit, which is not on PATH (set SPARK_HOME, or" \
      "RESTYLE_RUNNER=submit); without it the job runs embedded on local[*]" >&2
    exit 2
  fi
done
command=("$root/jobs/restyle" run ${local_args[@]+"${local_args[@]}"})
if [[ -n "${RESTYLE_DRY_RUN:-}" ]]; then printf '%s\n' "${command[@]}"; exit 0; fi
exec "${command[@]}"

#!/usr/bin/env bash
# spark-submit wrapper: the shaded jar, conf/spark-defaults.conf on top of the cluster's own
# spark-defaults.conf (kept: --load-spark-defaults), and the flags of conf/restyle-defaults.conf (read by
# jobs/restyle-defaults.sh, as `jobs/restyle run` reads them). Spark's own
# options (--master, --deploy-mode, --conf, --jars, --files, …) go to Spark wherever they appear; the rest
# are the job's flags and win over the defaults.
#   jobs/restyle-submit.sh --master yarn --deploy-mode cluster --pairs s3a://…/pairs.csv \
#     --output s3a://…/restyle --weights s3a://…/vgg19-dcbb9e9d.pth --run-id 2026-11-22
# spark-submit is $SPARK_HOME/bin/spark-submit, else the one on PATH.
# RESTYLE_DRY_RUN=1 prints the command instead of running it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/jobs/spark-options.sh"
jar="$root/target/restyle.jar"
source "$root/jobs/restyle-defaults.sh"

split_spark_options "$@"

restyle_default_flags "$root"

# The GPU discovery script travels with the job; files the user names travel too (one --files only counts).
files="$root/conf/gpu-discovery.sh"
user_files="$(spark_option_value --files)"
[[ -n "$user_files" ]] && files="$files,$user_files"
passed=()
for ((i = 0; i < ${#spark_options[@]}; i++)); do
  if [[ "${spark_options[$i]}" == "--files" ]]; then i=$((i + 1)); else passed+=("${spark_options[$i]}"); fi
done

submit="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
command=("$submit" --class dev.restyle.cli.RunCommand --properties-file "$root/conf/spark-defaults.conf"
         --load-spark-defaults --files "$files" ${passed[@]+"${passed[@]}"}
         "$jar" ${default_flags[@]+"${default_flags[@]}"} ${job_flags[@]+"${job_flags[@]}"})
if [[ -n "${RESTYLE_DRY_RUN:-}" ]]; then printf '%s\n' "${command[@]}"; exit 0; fi
if [[ ! -f "$jar" ]]; then
  echo "restyle-submit: $jar is missing; build it with: mvn -B -DskipTests package" >&2; exit 2
fi
if ! command -v "$submit" >/dev/null; then
  echo "restyle-submit: $submit not found; put Spark's bin/ on PATH or set SPARK_HOME" >&2; exit 2
fi
exec "${command[@]}"

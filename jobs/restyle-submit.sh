#!/usr/bin/env bash
# spark-submit wrapper: the shaded jar, conf/spark-defaults.conf and the flags of conf/restyle-defaults.conf;
# everything given here is passed on and wins over the defaults.
#   jobs/restyle-submit.sh [--master yarn|k8s://…] --pairs s3a://…/pairs.csv --output s3a://…/restyle \
#     --weights s3a://…/vgg19-dcbb9e9d.pth --run-id 2026-11-22
# RESTYLE_DRY_RUN=1 prints the command instead of running it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/restyle.jar"
defaults="${RESTYLE_DEFAULTS:-$root/conf/restyle-defaults.conf}"

spark_args=(--class dev.restyle.cli.RunCommand --properties-file "$root/conf/spark-defaults.conf"
            --files "$root/conf/gpu-discovery.sh")
# Spark's own options (before the jar) are --master, --deploy-mode and --conf given before the job flags.
while [[ $# -gt 0 && ( "$1" == "--master" || "$1" == "--deploy-mode" || "$1" == "--spark-conf" ) ]]; do
  if [[ "$1" == "--spark-conf" ]]; then spark_args+=(--conf "$2"); else spark_args+=("$1" "$2"); fi
  shift 2
done

job_args=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line="${line%%#*}"; line="$(echo "$line" | xargs)"
  [[ -z "$line" ]] && continue
  key="${line%%=*}"; value="${line#*=}"; flag="--${key//_/-}"   # style_weight → --style-weight
  case "$value" in
    true) job_args+=("$flag") ;;
    false) ;;
    *) job_args+=("$flag" "$value") ;;
  esac
done < "$defaults"

command=(spark-submit "${spark_args[@]}" "$jar" "${job_args[@]}" "$@")
if [[ -n "${RESTYLE_DRY_RUN:-}" ]]; then printf '%s\n' "${command[@]}"; exit 0; fi
if [[ ! -f "$jar" ]]; then
  echo "restyle-submit: $jar is missing; build it with: mvn -B -DskipTests package" >&2; exit 2
fi
exec "${command[@]}"

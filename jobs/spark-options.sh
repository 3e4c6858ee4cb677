# Sourced by jobs/restyle-submit.sh and jobs/nightly.sh: splits a command line into spark-submit's own
# options, which must come before the jar, and the job's flags, which come after it, wherever the user put
# them. Sets the arrays spark_options and job_flags.
#
# The options are spark-submit's (SparkSubmitArguments in Spark 4.1). --spark-conf K=V is this project's
# older spelling of --conf and still accepted.

spark_option_with_value=" --master --deploy-mode --name --jars --packages --exclude-packages --repositories
  --py-files --files --archives --conf -c --properties-file --driver-memory --driver-java-options
  --driver-library-path --driver-class-path --executor-memory --executor-cores --total-executor-cores
  --num-executors --driver-cores --proxy-user --principal --keytab --queue --spark-conf "
spark_option_with_value="${spark_option_with_value//$'\n'/ }"
spark_switch=" --supervise --verbose -v --load-spark-defaults "

split_spark_options() {
  spark_options=(); job_flags=()
  while [[ $# -gt 0 ]]; do
    local name="${1%%=*}"
    if [[ "$spark_option_with_value" == *" $name "* ]]; then
      local value
      if [[ "$1" == *=* && "$name" != "$1" ]]; then value="${1#*=}"; shift
      elif [[ $# -ge 2 ]]; then value="$2"; shift 2
      else echo "$(basename "$0"): $1 needs a value" >&2; exit 2
      fi
      [[ "$name" == "--spark-conf" || "$name" == "-c" ]] && name="--conf"
      spark_options+=("$name" "$value")
    elif [[ "$spark_switch" == *" $1 "* ]]; then
      spark_options+=("$1"); shift
    else
      job_flags+=("$1"); shift
    fi
  done
}

# The value of the last occurrence of a Spark option in spark_options, or empty.
spark_option_value() {
  local wanted="$1" value="" i
  for ((i = 0; i < ${#spark_options[@]}; i++)); do
    [[ "${spark_options[$i]}" == "$wanted" ]] && value="${spark_options[$((i + 1))]}"
  done
  echo "$value"
}

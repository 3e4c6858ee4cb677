#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: one master and N workers, each its own JVM, on
# loopback addresses (master 127.0.0.1, worker i 127.0.0.i) and free ports, run from the pinned Spark version's Maven jars (no Spark download). The test
# suite starts its cluster with this script too, so the recipe in the README is the one that is tested.
#
#   jobs/local-cluster.sh start [--workers 2] [--cores 1] [--memory 3g] [--worker-conf FILE]
#   jobs/local-cluster.sh url        the master URL (spark://127.0.0.1:PORT)
#   jobs/local-cluster.sh stop
#
# Then: PATH="$PWD/target/spark-home/bin:$PATH" jobs/restyle-submit.sh --master "$(jobs/local-cluster.sh url)" …
#
# State (logs, pids, the workers' work dirs with each executor's stdout/stderr) lives in
# $RESTYLE_CLUSTER_DIR, by default target/local-cluster. --worker-conf is a Spark properties file for the
# workers, e.g. spark.worker.resource.gpu.* to offer GPUs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${RESTYLE_CLUSTER_DIR:-$root/target/local-cluster}"
export SPARK_HOME="$root/target/spark-home"
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-512m}"

# SPARK_HOME: jars/ links to the jars of a plain Spark distribution of the pinned version, as Maven resolves
# them (deploy/local-cluster/pom.xml); RELEASE tells Spark's launcher that jars/ is the class path; bin/
# holds the two entry points of the launcher protocol. The job's own libraries are not there: they come
# from target/restyle.jar, as on a real cluster.
assemble_spark_home() {
  local classpath="$SPARK_HOME.classpath"
  if [[ -f "$SPARK_HOME/RELEASE" && "$SPARK_HOME/RELEASE" -nt "$root/pom.xml" ]]; then return; fi
  local spark_version scala_version
  spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/pom.xml")"
  scala_version="$(sed -n 's:.*<scala.binary.version>\(.*\)</scala.binary.version>.*:\1:p' "$root/pom.xml")"
  echo "local-cluster: assembling Spark $spark_version in $SPARK_HOME from Maven jars" >&2
  mkdir -p "$(dirname "$SPARK_HOME")"
  if ! mvn -B -q -f "$root/deploy/local-cluster/pom.xml" dependency:build-classpath \
      -Dspark.version="$spark_version" -Dscala.binary.version="$scala_version" -Dmdep.outputFile="$classpath" \
      > "$SPARK_HOME.log" 2>&1; then
    cat "$SPARK_HOME.log" >&2; exit 1
  fi
  rm -rf "$SPARK_HOME"
  mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/bin"
  tr ':' '\n' < "$classpath" | while IFS= read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
  echo "Spark $spark_version (Scala $scala_version), assembled by jobs/local-cluster.sh from Maven jars" \
    > "$SPARK_HOME/RELEASE"
  # spark-class: Spark's launcher library prints the java command for a Spark class (any messages, a NUL
  # and a newline, then the arguments, NUL-separated) and we append its exit code; running that command
  # gives the class the JVM options Spark would give it. The launcher finds the Scala version from a source
  # build's folders, which this home has not, so it is given.
  { echo '#!/usr/bin/env bash'; echo "export SPARK_SCALA_VERSION=\"\${SPARK_SCALA_VERSION:-$scala_version}\""; } \
    > "$SPARK_HOME/bin/spark-class"
  cat >> "$SPARK_HOME/bin/spark-class" <<'EOF'
set -uo pipefail
export SPARK_HOME="${SPARK_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
parts=()
while IFS= read -d '' -r part; do parts+=("$part"); done < <(
  "$java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
status="${parts[${#parts[@]}-1]}"
if [[ "$status" != 0 || ${#parts[@]} -lt 3 ]]; then
  printf '%s\n' "${parts[@]:0:${#parts[@]}-1}" >&2; exit "${status/#0/1}"
fi
[[ -n "${parts[0]}" ]] && printf '%s\n' "${parts[0]}" >&2
command=("${parts[@]:1:${#parts[@]}-2}")
command[0]="${command[0]#$'\n'}"
exec "${command[@]}"
EOF
  cat > "$SPARK_HOME/bin/spark-submit" <<'EOF'
#!/usr/bin/env bash
exec "$(dirname "${BASH_SOURCE[0]}")/spark-class" org.apache.spark.deploy.SparkSubmit "$@"
EOF
  chmod +x "$SPARK_HOME/bin/spark-class" "$SPARK_HOME/bin/spark-submit"
}

# Waits for a daemon's log to show the line that says it is up, and prints the captured group.
await_log() {
  local log="$1" pattern="$2" pid="$3"
  for _ in $(seq 1 600); do
    if grep -qE "$pattern" "$log" 2>/dev/null; then grep -oE "$pattern" "$log" | head -1; return; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "local-cluster: daemon died; see $log" >&2; tail -20 "$log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "local-cluster: no '$pattern' in $log after 60 s" >&2; exit 1
}

start() {
  local workers=2 cores=1 memory=3g worker_conf=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      --worker-conf) worker_conf="$2"; shift 2 ;;
      *) echo "local-cluster: unknown option $1" >&2; exit 2 ;;
    esac
  done
  if [[ -f "$state/master.pid" ]] && kill -0 "$(cat "$state/master.pid")" 2>/dev/null; then
    echo "local-cluster: already running at $(cat "$state/master-url"); stop it first" >&2; exit 2
  fi
  assemble_spark_home
  rm -rf "$state"; mkdir -p "$state"

  nohup "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 > "$state/master.log" 2>&1 &
  echo $! > "$state/master.pid"
  local url
  url="$(await_log "$state/master.log" 'spark://127\.0\.0\.1:[0-9]+' "$!")"
  echo "$url" > "$state/master-url"

  # Worker i listens on 127.0.0.i: a host of its own, as on a real cluster (Spark never runs a speculative
  # copy of a task on the host of the original).
  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$state/worker-$i"
    SPARK_LOCAL_IP="127.0.0.$i" nohup "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
      --host "127.0.0.$i" --port 0 --webui-port 0 --cores "$cores" --memory "$memory" \
      --work-dir "$state/worker-$i" ${worker_conf:+--properties-file "$worker_conf"} "$url" \
      > "$state/worker-$i.log" 2>&1 &
    echo $! > "$state/worker-$i.pid"
  done
  for i in $(seq 1 "$workers"); do
    await_log "$state/worker-$i.log" 'Successfully registered with master' "$(cat "$state/worker-$i.pid")" >/dev/null
  done
  echo "$url"
}

stop() {
  local pidfile
  for pidfile in "$state"/worker-*.pid "$state"/master.pid; do
    [[ -f "$pidfile" ]] || continue
    # A worker's executors and drivers are its children; they go with it.
    pkill -TERM -P "$(cat "$pidfile")" 2>/dev/null || true
    kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  url) cat "$state/master-url" ;;
  stop) stop ;;
  *) echo "usage: jobs/local-cluster.sh start [--workers N] [--cores C] [--memory M] [--worker-conf FILE] | url | stop" >&2
     exit 2 ;;
esac

#!/usr/bin/env bash
# GPU discovery for Spark executors (spark.executor.resource.gpu.discoveryScript), after Spark's own
# examples/src/main/scripts/getGpusResources.sh: prints the GPUs this executor may use as
#   {"name": "gpu", "addresses": ["0", "1"]}
# Honours CUDA_VISIBLE_DEVICES when the resource manager (YARN, Kubernetes) already narrowed the set.
set -euo pipefail
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" ]]; then
  IFS=',' read -ra ids <<< "$CUDA_VISIBLE_DEVICES"
  addresses=$(printf '"%s",' "${!ids[@]}")
else
  if ! command -v nvidia-smi >/dev/null; then
    echo '{"name": "gpu", "addresses": []}'; exit 0
  fi
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/^/"/' -e 's/$/",/' | tr -d '\n')
fi
echo "{\"name\": \"gpu\", \"addresses\": [${addresses%,}]}"

#!/usr/bin/env bash
# Restyle on YARN (Amazon EMR 7.x with Spark 4.1, or any YARN cluster with GPU scheduling enabled):
# run on the primary node, or as an EMR step (command-runner.jar with these arguments).
set -euo pipefail
: "${PAIRS:?s3a://bucket/catalog/pairs.csv}" "${OUTPUT:?s3a://bucket/restyle}" "${WEIGHTS:?s3a://bucket/models/vgg19-dcbb9e9d.pth}"
spark-submit \
  --master yarn \
  --deploy-mode cluster \
  --class dev.restyle.cli.RunCommand \
  --files /opt/restyle/conf/gpu-discovery.sh \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.task.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh \
  --conf spark.executor.cores=4 \
  --conf spark.executor.memory=16g \
  --conf spark.executor.memoryOverhead=8g \
  --conf spark.executorEnv.PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
  --conf spark.executorEnv.PYTORCH_VERSION=2.7.1 \
  --conf spark.executorEnv.PYTORCH_FLAVOR=cu128 \
  --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.driver.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.sql.sources.partitionColumnTypeInference.enabled=false \
  s3a://restyle-artifacts/restyle.jar \
  --pairs "$PAIRS" --output "$OUTPUT" --weights "$WEIGHTS" \
  --run-id "$(date -u +%Y-%m-%d)" --skip-done --size 512 --iterations 500 --max-failed-fraction 0.01

#!/usr/bin/env bash
# Restyle on Kubernetes with one NVIDIA GPU per executor (Spark 4.1, cluster mode).
# The image is deploy/kubernetes/Dockerfile: Spark 4.1 + restyle.jar + libtorch 2.7.1 CUDA (see deploy/GPU.md).
set -euo pipefail
: "${K8S_API:?e.g. https://kubernetes.default.svc}" "${IMAGE:?e.g. registry.example.com/restyle:0.1.0}"
: "${PAIRS:?s3a://bucket/catalog/pairs.csv}" "${OUTPUT:?s3a://bucket/restyle}" "${WEIGHTS:?s3a://bucket/models/vgg19-dcbb9e9d.pth}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

spark-submit \
  --master "k8s://$K8S_API" \
  --deploy-mode cluster \
  --name restyle \
  --class dev.restyle.cli.RunCommand \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.namespace=restyle \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=restyle \
  --conf spark.kubernetes.executor.podTemplateFile="$here/executor-pod-template.yaml" \
  --conf spark.executor.instances=4 \
  --conf spark.executor.cores=4 \
  --conf spark.executor.memory=16g \
  --conf spark.executor.memoryOverhead=8g \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.task.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.vendor=nvidia.com \
  --conf spark.executor.resource.gpu.discoveryScript=/opt/restyle/conf/gpu-discovery.sh \
  --conf spark.executorEnv.PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
  --conf spark.executorEnv.PYTORCH_VERSION=2.7.1 \
  --conf spark.executorEnv.PYTORCH_FLAVOR=cu128 \
  --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.driver.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.sql.sources.partitionColumnTypeInference.enabled=false \
  --conf spark.hadoop.fs.s3a.aws.credentials.provider=software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider \
  local:///opt/restyle/restyle.jar \
  --pairs "$PAIRS" --output "$OUTPUT" --weights "$WEIGHTS" \
  --run-id "$(date -u +%Y-%m-%d)" --skip-done --size 512 --iterations 500

#!/usr/bin/env bash
# Spark SQL over Restyle's metrics: jobs/sql.sh --metrics URI [--query "SELECT … FROM restyle_runs"]
exec "$(dirname "${BASH_SOURCE[0]}")/restyle" sql "$@"

#!/usr/bin/env bash
# Runs the benchmark suite against PostgreSQL at 127.0.0.1:5432 (user postgres, database test) and writes
# docs/benchmarks.md and benchmarks/results/latest.json.
#   benchmarks/run.sh                 quick mode (< 3 minutes)
#   benchmarks/run.sh --mode=full     the whole suite (< 20 minutes)
#   benchmarks/run.sh --only=D,E      some workloads
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >/dev/null
CP="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
exec java -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$CP" dev.tortoise.bench.BenchmarkMain \
  --command="benchmarks/run.sh $*" "$@"

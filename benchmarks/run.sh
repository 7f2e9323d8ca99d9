#!/usr/bin/env bash
# Runs the benchmark suite against PostgreSQL at 127.0.0.1:5432 (user postgres, database test) and writes
# docs/benchmarks.md and benchmarks/results/latest.json; with --db=mariadb against MariaDB at 127.0.0.1:3306 (user
# root, no password; a database of its own per run) and writes docs/benchmarks-mariadb.md,
# benchmarks/results/latest-mariadb.json and its summary into docs/benchmarks.md, beside PostgreSQL's.
#   benchmarks/run.sh                 quick mode (< 5 minutes on a quiet machine; the priming adds ~1 minute)
#   benchmarks/run.sh --mode=full     the whole suite (< 20 minutes)
#   benchmarks/run.sh --only=D,E      some workloads
#   benchmarks/run.sh --db=postgres --url=r2dbc:postgresql://postgres@127.0.0.1:5432/test
#   benchmarks/run.sh --db=mariadb --url=r2dbc:mariadb://root@127.0.0.1:3306
#                                     the database (postgres, the default, or mariadb) and its server
#   benchmarks/run.sh --profile=F:tortoise:20[:inflight]
#                                     one contender of one workload in batches of 1000 operations for 20 s, no report
#                                     (record it with JAVA_OPTS=-XX:StartFlightRecording=...)
#   benchmarks/run.sh --profile=C:tortoise+raw/unnest:20[:inflight]
#                                     contenders in turn (a raw method after a slash), batches of 100 operations,
#                                     each in a JFR event bench.ProfileBatch naming its contender
#   benchmarks/run.sh --help          this text (also -h)
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    -h|--help)
      # the header comment, without its '#', and no build
      sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
      exit 0 ;;
  esac
done
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >/dev/null
CP="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
# C2 after 500 invocations instead of 5,000, for every contender alike: the priming (Runner.WARMUP_OPS) then
# compiles what a contender runs once per operation before it is measured (see "Method" in the report)
exec java -XX:CompileThresholdScaling=0.1 ${JAVA_OPTS:-} -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$CP" dev.tortoise.bench.BenchmarkMain \
  --command="benchmarks/run.sh $*" "$@"

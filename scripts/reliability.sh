#!/usr/bin/env bash
# Runs the reliability suite: the cancellation matrix (tortoise-core), abandoned requests, load and
# outage (demo-webflux), on H2 and PostgreSQL (required). The normal build runs the same tests with few
# repetitions; --long runs them as docs/reliability.md describes (300 repetitions per cancellation case,
# 300 rounds of abandoned requests, 100,000 requests of load).
#   scripts/reliability.sh          the CI sizes
#   scripts/reliability.sh --long   the long mode (about 15-25 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=15 ROUNDS=43 REQUESTS=10000
if [[ "${1:-}" == "--long" ]]; then
  REPS=300 ROUNDS=300 REQUESTS=100000
fi

PROPS="-Dtortoise.reliability.reps=$REPS -Dtortoise.test.abandon-rounds=$ROUNDS -Dtortoise.reliability.requests=$REQUESTS"
start=$(date +%s)
./mvnw -B -pl tortoise-core,demo-webflux -am verify \
  -Dtortoise.test.require-postgres=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='CancellationMatrixTest,PoolReleaseTest,StatementTimeoutTest,WriteRacesTest,AbandonedRequestsTests,KeepAliveTests,LoadTests,OutageTests,FuzzTests' \
  $PROPS
echo "reliability suite (${1:---ci}) passed in $(( $(date +%s) - start )) s"

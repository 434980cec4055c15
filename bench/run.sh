#!/usr/bin/env bash
# Load benchmark: our endpoints against Keycloak's own, in one run on one server; each pair 3 times.
#   bench/run.sh            starts its own Keycloak (demo tenant, in .bench/) on port 18080, then stops it
#   bench/run.sh --cluster  the same pairs on its own two-node cluster on PostgreSQL (./run.sh --cluster),
#                           the load split over both nodes; the report goes to docs/benchmarks-cluster.md
#   bench/run.sh --memory   the single-use store's entries and the heap around 20,000 logins, on its own Keycloak
#                           (-Dmemory.logins=N in BENCH_OPTS changes the count); report in docs/benchmarks-memory.md
#   bench/run.sh --migration [--cluster]  10,000 customers through the import API (50 calls), first legacy
#                           logins and login-through migration against ordinary logins; report in
#                           docs/benchmarks-migration.md (docs/benchmarks-migration-cluster.md)
#   bench/run.sh --scale    cost as customers and sessions grow, on its own two-node cluster on PostgreSQL: one tenant
#                           at 1,000, 10,000 and 100,000 customers (import API) with 10,000 live sessions, the rows each
#                           call writes, the single-use store around 10,000 logins, /oauth/token among 1,000 more tenants;
#                           about two hours; report in docs/benchmarks-scale-results.md and .png (BENCH_OPTS:
#                           -Dscale.sizes=1000,10000 -Dscale.sessions=N -Dscale.tenants=N -Dmemory.logins=N for a shorter run)
#   bench/run.sh URL[,URL]  uses running servers with the demo tenant (admin/admin); no database row counts
# Needs wrk (installed from Debian's packages when run as root). Writes bench/target/report/{index.html,benchmarks.png}
# and copies the figures to docs/benchmarks-results.md and docs/benchmarks-results.png (the analysis beside them,
# docs/benchmarks.md, is written by hand and never overwritten).
# Re-plot a report from its figures, without a run: mvn -q -f bench/pom.xml compile && java -cp bench/target/classes dev.kcemporix.bench.Replot docs/benchmarks.md docs/benchmarks.png
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing wrk (Debian package)"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed: sudo apt-get install wrk" >&2
    exit 2
  fi
fi

# Waits for the demo started in the background (pid $1) and stops it when this script exits.
await_demo() {
  kc=$1
  trap 'kill $kc 2>/dev/null; wait $kc 2>/dev/null' EXIT
  until grep -q "is up" "$PWD/.bench.log" 2>/dev/null; do
    kill -0 "$kc" 2>/dev/null || { cat "$PWD/.bench.log" >&2; exit 1; }
    sleep 2
  done
}

url=${1:-}
home=-
kc=
name=benchmarks
mode=load
if [ "$url" = "--memory" ]; then
  # The single-use store and heap around 20,000 logins, on its own Keycloak (jcmd reads its memory).
  mode=memory
  url=
fi
if [ "$url" = "--migration" ]; then
  mode=migration
  url=${2:-}
fi
if [ "$url" = "--scale" ]; then
  mode=scale
  url=--cluster
fi
if [ "$url" = "--cluster" ]; then
  export DEMO_DIR=$PWD/.bench
  PORT=18080 MAIL_PORT=18025 PG_PORT=25432 ./run.sh --cluster --reset > "$PWD/.bench.log" 2>&1 &
  await_demo $!
  url=http://127.0.0.1:18080,http://127.0.0.1:18081
  name=benchmarks-cluster
elif [ -z "$url" ]; then
  port=18080
  export DEMO_DIR=$PWD/.bench
  version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
  home=$DEMO_DIR/keycloak-$version
  # AUTO_SERVER lets the benchmark count the database's rows beside the running server.
  export KC_DB_URL="jdbc:h2:file:$home/data/h2/keycloakdb;NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE"
  export KC_DB_USERNAME=bench KC_DB_PASSWORD=bench
  PORT=$port MAIL_PORT=18025 ./run.sh --reset > "$PWD/.bench.log" 2>&1 &
  await_demo $!
  url=http://127.0.0.1:$port
fi

out=$PWD/bench/target/report
if [ "$mode" = memory ]; then
  pid=$(pgrep -f "kc.home.dir=$home/bin/.." | head -n 1)
  mvn -q -B -f bench/pom.xml compile exec:exec -Dbench.url="$url" -Dbench.home="$home" -Dbench.out="$out" -Dbench.mode=memory -Dbench.pid="$pid" ${BENCH_OPTS:-}
  mkdir -p docs
  cp "$out/memory.md" docs/benchmarks-memory.md
  echo "Report: docs/benchmarks-memory.md"
  exit 0
fi
if [ "$mode" = scale ]; then
  # jcmd reads each node's heap and caches; the database's own counters give the rows each call writes.
  pids=$(for node in node-a node-b; do pgrep -f "kc.home.dir=$DEMO_DIR/cluster/$node/bin/.." | head -n 1; done | paste -sd, -)
  mvn -q -B -f bench/pom.xml compile exec:exec -Dbench.url="$url" -Dbench.home="$DEMO_DIR/cluster/node-a" -Dbench.out="$out" -Dbench.mode=scale \
    -Dbench.pid="$pids" -Dbench.db="jdbc:postgresql://127.0.0.1:25432/postgres" -Dmemory.logins=10000 ${BENCH_OPTS:-}
  mkdir -p docs
  sed "s/(benchmarks-scale.png)/(benchmarks-scale-results.png)/" "$out/scale.md" > docs/benchmarks-scale-results.md
  cp "$out/scale.png" docs/benchmarks-scale-results.png
  echo "Report: docs/benchmarks-scale-results.md (the analysis in docs/benchmarks-scale.md is written by hand)"
  exit 0
fi
if [ "$mode" = migration ]; then
  mvn -q -B -f bench/pom.xml compile exec:exec -Dbench.url="$url" -Dbench.home="$home" -Dbench.out="$out" -Dbench.mode=migration ${BENCH_OPTS:-}
  report=docs/benchmarks-migration.md
  [ "$name" = benchmarks-cluster ] && report=docs/benchmarks-migration-cluster.md
  mkdir -p docs
  cp "$out/migration.md" "$report"
  echo "Report: $report"
  exit 0
fi
# The server's processes, whose CPU time per request the report prints beside each rate (none for a
# server given by URL).
pids=0
if [ "$name" = benchmarks-cluster ]; then
  pids=$(for node in node-a node-b; do pgrep -f "kc.home.dir=$DEMO_DIR/cluster/$node/bin/.." | head -n 1; done | paste -sd, -)
elif [ "$home" != - ]; then
  pids=$(pgrep -f "kc.home.dir=$home/bin/.." | head -n 1 || echo 0)
fi
mvn -q -B -f bench/pom.xml compile exec:exec -Dbench.url="$url" -Dbench.home="$home" -Dbench.out="$out" -Dbench.pid="${pids:-0}" ${BENCH_OPTS:-}
# The generated tables go beside the hand-written analysis (docs/$name.md), never over it.
mkdir -p docs
sed "s/(benchmarks.png)/($name-results.png)/" "$out/benchmarks.md" > "docs/$name-results.md"
cp "$out/benchmarks.png" "docs/$name-results.png"
echo "Report: $out/index.html; figures in docs/$name-results.md (the analysis in docs/$name.md is written by hand)"

#!/usr/bin/env bash
# Load benchmark: our endpoints against Keycloak's own, in one run on one server.
#   bench/run.sh            starts its own Keycloak (demo tenant, in .bench/) on port 18080, then stops it
#   bench/run.sh URL        uses a running server with the demo tenant (admin/admin); no database row counts
# Needs wrk (installed from Debian's packages when run as root). Writes bench/target/report/{index.html,benchmarks.png}
# and copies the figures to docs/benchmarks.md and docs/benchmarks.png.
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

url=${1:-}
home=-
kc=
if [ -z "$url" ]; then
  port=18080
  export DEMO_DIR=$PWD/.bench
  version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
  home=$DEMO_DIR/keycloak-$version
  # AUTO_SERVER lets the benchmark count the database's rows beside the running server.
  export KC_DB_URL="jdbc:h2:file:$home/data/h2/keycloakdb;NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE"
  export KC_DB_USERNAME=bench KC_DB_PASSWORD=bench
  PORT=$port ./run.sh --reset > "$PWD/.bench.log" 2>&1 &
  kc=$!
  trap 'pkill -TERM -P $kc 2>/dev/null; kill $kc 2>/dev/null; wait $kc 2>/dev/null' EXIT
  until grep -q "is up" "$PWD/.bench.log" 2>/dev/null; do
    kill -0 $kc 2>/dev/null || { cat "$PWD/.bench.log" >&2; exit 1; }
    sleep 2
  done
  url=http://127.0.0.1:$port
fi

out=$PWD/bench/target/report
mvn -q -B -f bench/pom.xml compile exec:exec -Dbench.url="$url" -Dbench.home="$home" -Dbench.out="$out" ${BENCH_OPTS:-}
mkdir -p docs
cp "$out/benchmarks.md" docs/benchmarks.md
cp "$out/benchmarks.png" docs/benchmarks.png
echo "Report: $out/index.html; figures in docs/benchmarks.md"

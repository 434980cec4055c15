#!/usr/bin/env bash
# Builds the extension, installs it into Keycloak (the distribution from Maven Central, kept in
# .demo/), imports realm-export/ and starts Keycloak on http://localhost:8080 on the embedded dev
# database. Ctrl-C stops it. A second run reuses the distribution and keeps the data; --reset
# deletes the data (the demo realm is imported again).
#   ./run.sh [--reset]          env: PORT (8080), HOST (127.0.0.1), DEMO_DIR (.demo)
set -euo pipefail
cd "$(dirname "$0")"

PORT=${PORT:-8080}
HOST=${HOST:-127.0.0.1}
RESET=false
for arg in "$@"; do
  case "$arg" in
    --reset) RESET=true ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
demo_dir=${DEMO_DIR:-$PWD/.demo}
home=$demo_dir/keycloak-$version

echo "==> Building the extension"
mvn -q -B -DskipTests package
jar=$(ls target/keycloak-emporix-auth-*.jar | grep -v -e sources -e javadoc | head -n 1)

if [ ! -x "$home/bin/kc.sh" ]; then
  echo "==> Fetching Keycloak $version from Maven Central"
  mkdir -p "$demo_dir"
  mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$demo_dir"
  (cd "$demo_dir" && jar xf "keycloak-quarkus-dist-$version.zip" && rm "keycloak-quarkus-dist-$version.zip")
  chmod +x "$home"/bin/*.sh
fi

if [ "$RESET" = true ]; then
  echo "==> --reset: deleting the demo data"
  rm -rf "$home/data/h2"
fi

# Keycloak re-augments only when the providers change: copy the jar only when it differs.
mkdir -p "$home/providers" "$home/data/import"
installed=$home/providers/keycloak-emporix-auth.jar
if ! cmp -s "$jar" "$installed"; then
  cp "$jar" "$installed"
fi
cp realm-export/*.json "$home/data/import/"

base=http://localhost:$PORT
log=$demo_dir/keycloak.log
echo "==> Starting Keycloak $version on $base (log: $log)"
KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} \
KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin} \
  "$home/bin/kc.sh" start-dev --http-host="$HOST" --http-port="$PORT" --import-realm >"$log" 2>&1 &
kc=$!

stop() {
  echo; echo "==> Stopping Keycloak"
  pkill -TERM -P "$kc" 2>/dev/null || true
  kill -TERM "$kc" 2>/dev/null || true
  wait "$kc" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

# Ready when /realms/master answers 200; bash's /dev/tcp where curl is not installed.
ready() {
  if command -v curl >/dev/null; then
    curl -sf -o /dev/null "http://$HOST:$PORT/realms/master"
  else
    ( exec 3<>"/dev/tcp/$HOST/$PORT" && printf 'GET /realms/master HTTP/1.0\r\nHost: %s\r\n\r\n' "$HOST" >&3 \
      && head -n 1 <&3 | grep -q ' 200 ' ) 2>/dev/null
  fi
}
until ready; do
  if ! kill -0 "$kc" 2>/dev/null; then
    echo "Keycloak stopped during start; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 1
done

cat <<INFO

Keycloak with keycloak-emporix-auth is up.

  Admin console   $base/admin/   (admin / admin)
  Root mount      $base/customer/demo/...   $base/customerlogin/...   $base/oauth/token
  Realm mount     $base/realms/demo/emporix/customer/demo/...   (same paths under /realms/demo/emporix)

Demo tenant "demo", storefront client "storefront":
  customer@example.com / customer123   B2C customer
  buyer@example.com    / buyer12345    B2B customer of legal entities "acme" and "globex"
  disabled@example.com / disabled123   disabled account
  service client emporix-service / service-secret-change-me

Try it (copy and paste; each step keeps what it needs in a shell variable):
  field() { sed -E "s/.*\"\$1\":\"([^\"]+)\".*/\\1/"; }
  ANON=\$(curl -s '$base/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront' | field access_token)
  LOGIN=\$(curl -s -X POST $base/customer/demo/login -H "Authorization: Bearer \$ANON" \\
      -H 'Content-Type: application/json' -d '{"email":"customer@example.com","password":"customer123"}'); echo "\$LOGIN"
  TOKEN=\$(echo "\$LOGIN" | field access_token); REFRESH=\$(echo "\$LOGIN" | field refresh_token)
  curl -s $base/customer/demo/validateauthtoken -H "Authorization: Bearer \$TOKEN"; echo
  TOKEN=\$(curl -s "$base/customer/demo/refreshauthtoken?refreshToken=\$REFRESH" | field access_token)
  curl -s -o /dev/null -w '%{http_code}\\n' "$base/customer/demo/logout?accessToken=\$TOKEN" -H "Authorization: Bearer \$TOKEN"
  curl -s $base/customer/demo/validateauthtoken -H "Authorization: Bearer \$TOKEN"; echo

Ctrl-C stops Keycloak; ./run.sh again keeps the data, ./run.sh --reset starts afresh.
INFO

wait "$kc"

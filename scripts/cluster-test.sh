#!/usr/bin/env bash
# Three pomods on one throwaway PostgreSQL behind Debian's nginx (round robin), all on loopback,
# driven by Tests/Cluster/cluster_test.py: the Time Magic limit across instances, presence, a
# replayed submit, login throttling by X-Forwarded-For, an event crossing instances, and one
# instance killed with SIGKILL under write load. Installs nginx with apt-get when missing.
#   ./scripts/cluster-test.sh        # expects .build/debug/pomod (scripts/test.sh builds it)
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  source scripts/debian-packages.sh
  debian_install "the load balancer in front of the instances" nginx-light 2>/dev/null \
    || debian_install "the load balancer in front of the instances" nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
fi
# The Debian package starts a server on port 80 of every address: this test wants none of it.
$sudo systemctl stop nginx 2>/dev/null || $sudo service nginx stop 2>/dev/null || true

source scripts/pg-cluster.sh
pomod=${POMOD:-.build/debug/pomod}
[ -x "$pomod" ] || swift build --product pomod
work=$(mktemp -d /tmp/pomo-cluster.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  pg_cluster_stop
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
pg_cluster_start

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
secret="cluster-test-secret-that-is-longer-than-32-bytes"
urls=()
for n in 1 2 3; do
  port=$(free_port)
  mkdir -p "$work/pomod$n" && chmod 0700 "$work/pomod$n"
  env POMO_HOST=127.0.0.1 POMO_PORT="$port" POMO_DATA_DIR="$work/pomod$n" POMO_DATABASE_URL="$POMO_TEST_POSTGRES_URL" \
    POMO_JWT_SECRET="$secret" POMO_BCRYPT_COST=4 POMO_LOG_LEVEL=warning POMO_TRUST_FORWARDED_FOR=true \
    POMO_TRUSTED_PROXIES=127.0.0.1 POMO_DATABASE_POOL_SIZE=10 \
    "$pomod" serve >"$work/pomod$n.log" 2>&1 &
  pids+=($!)
  urls+=("http://127.0.0.1:$port")
  ports+=("$port")
done
for url in "${urls[@]}"; do
  for _ in $(seq 1 100); do
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url/api/health" 2>/dev/null && break
    sleep 0.1
  done
done

lb_port=$(free_port)
mkdir -p "$work/nginx-tmp"
# nginx's workers run as an unprivileged user when started as root.
chmod 0755 "$work" && chmod 0777 "$work/nginx-tmp"
cat >"$work/nginx.conf" <<EOF
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp/body;
  proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fastcgi;
  uwsgi_temp_path $work/nginx-tmp/uwsgi;
  scgi_temp_path $work/nginx-tmp/scgi;
  upstream pomod {
    server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[2]} max_fails=1 fail_timeout=2s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://pomod;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_buffering off;
    }
  }
}
EOF
"$nginx" -c "$work/nginx.conf" -p "$work"

set +e
python3 Tests/Cluster/cluster_test.py --lb "http://127.0.0.1:$lb_port" --instances "$(IFS=,; echo "${urls[*]}")" \
  --pids "$(IFS=,; echo "${pids[*]}")"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  for n in 1 2 3; do echo "cluster-test.sh: pomod$n log:" >&2; tail -n 20 "$work/pomod$n.log" >&2; done
  tail -n 20 "$work/nginx-error.log" >&2 || true
fi
exit "$status"

#!/usr/bin/env bash
# Serves a release build (scripts/build-site.sh) with Debian's nginx exactly as
# deployed: deploy/nginx.conf, with its folder replaced by DIST and its listen
# lines by 127.0.0.1:PORT, so at / and under /assumable/. In the foreground
# (daemon off) until stopped (Ctrl-C or SIGTERM); everything nginx writes (its
# config, pid, logs, temporary files) goes under target/nginx/PORT/. When run
# as root, nginx runs as the user nobody. Used by the e2e tests (Playwright's
# webServer) and scripts/lighthouse.sh.
#
#   scripts/nginx-test.sh PORT [DIST]    DIST defaults to dist
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

port=${1:?usage: scripts/nginx-test.sh PORT [DIST]}
dist=$(cd "${2:-dist}" && pwd)
say() { printf 'nginx-test: %s\n' "$*" >&2; }
command -v nginx >/dev/null || { say "no nginx (scripts/setup.sh installs Debian's)"; exit 1; }
[ -f "$dist/index.html" ] || { say "no $dist/index.html (run scripts/build-site.sh)"; exit 1; }
case $dist in *[\#\&\\\ ]*) say "the folder's path must not hold '#', '&', '\\' or spaces: $dist"; exit 1 ;; esac

run="$ASSUMABLE_ROOT/target/nginx/$port"
rm -rf "$run"
mkdir -p "$run/logs" "$run/temp"

# The deployed site, pointed at this build and this port.
sed -e "s#/srv/assumable#$dist#g" \
  -e "s#^\( *\)listen 80;#\1listen 127.0.0.1:$port;#" \
  -e '/^ *listen \[::\]:80;/d' \
  deploy/nginx.conf >"$run/site.conf"

# Debian's libnginx-mod-http-brotli-static; without it, .gz only.
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
if [ -f "$brotli_module" ]; then
  load_brotli="load_module $brotli_module;"
else
  load_brotli="# no ngx_brotli: .gz only"
  sed -i '/brotli_static/d' "$run/site.conf"
fi

# As root, nginx itself drops to nobody, provided nobody can read the build
# (a clone under /root cannot be); otherwise it stays the caller.
as_nobody=()
user_line="# runs as the caller"
if [ "$(id -u)" = 0 ]; then
  nobody_uid=$(id -u nobody)
  nobody_gid=$(id -g nobody)
  drop=(setpriv --reuid="$nobody_uid" --regid="$nobody_gid" --clear-groups --)
  if "${drop[@]}" test -r "$dist/index.html"; then
    chown -R "$nobody_uid:$nobody_gid" "$run"
    as_nobody=("${drop[@]}")
  else
    say "nobody cannot read $dist: nginx runs as root"
    user_line="user root;"
  fi
fi

cat >"$run/nginx.conf" <<CONF
# Written by scripts/nginx-test.sh: deploy/nginx.conf (site.conf) on 127.0.0.1:$port.
daemon off;
$user_line
worker_processes 1;
pid $run/nginx.pid;
error_log $run/logs/error.log warn;
$load_brotli

events {
    worker_connections 256;
}

http {
    access_log $run/logs/access.log;
    client_body_temp_path $run/temp/client_body;
    proxy_temp_path $run/temp/proxy;
    fastcgi_temp_path $run/temp/fastcgi;
    uwsgi_temp_path $run/temp/uwsgi;
    scgi_temp_path $run/temp/scgi;
    sendfile on;
    include $run/site.conf;
}
CONF
[ "${#as_nobody[@]}" = 0 ] || chown "$nobody_uid:$nobody_gid" "$run/nginx.conf"

nginx_args=(-p "$run/" -c "$run/nginx.conf" -e "$run/logs/error.log")
"${as_nobody[@]}" nginx -t -q "${nginx_args[@]}"
say "serving $dist at http://127.0.0.1:$port/ and http://127.0.0.1:$port/assumable/ (logs: target/nginx/$port/logs/)"
exec "${as_nobody[@]}" nginx "${nginx_args[@]}"

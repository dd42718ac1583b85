# shellcheck shell=bash
# Throwaway PostgreSQL and Redis on loopback for tests and benchmarks.
#
#   source scripts/services.sh
#   ecom_install_packages            # apt-get what is missing (root or sudo)
#   ecom_services_start              # exports ECOM_TEST_* (see below)
#   trap ecom_services_stop EXIT     # stops both and removes their temporary directories
#
# Exports:
#   ECOM_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:PORT/ecom_test
#   ECOM_TEST_REDIS_URL     redis://127.0.0.1:PORT/0
#   ECOM_TEST_REDIS_SERVER  path of redis-server (fault tests start their own)
#   ECOM_TEST_PG_BIN        PostgreSQL's bin directory
#   ECOM_TEST_PG_DATA       the cluster's data directory; port, socket directory and listen
#                           address are in its postgresql.conf, so `pg_ctl -D DIR start` works
#   ECOM_TEST_PG_CTL        a wrapper: `$ECOM_TEST_PG_CTL stop|start|restart` runs pg_ctl on that
#                           cluster as the right user (PostgreSQL refuses to run as root)
# A variable that is already set (e.g. ECOM_TEST_POSTGRES_URL pointing at your own server)
# is kept and that service is not started.

ECOM_PACKAGES=(libhiredis-dev pkg-config postgresql redis-server)

ecom_log() { printf '==> %s\n' "$*" >&2; }

ecom_install_packages() {
    local missing=() package
    for package in "${ECOM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        ecom_log "system packages present: ${ECOM_PACKAGES[*]}"
        return 0
    fi
    local sudo=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null; then
            ecom_log "missing packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
            return 1
        fi
        sudo=(sudo)
    fi
    ecom_log "installing ${missing[*]} with apt-get"
    "${sudo[@]}" apt-get update -qq || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
}

# The first port from $1 on which nothing accepts connections on 127.0.0.1.
ecom_free_port() {
    local port=$1
    while (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

ecom_pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $dir && -x $dir/pg_ctl ]] || { ecom_log "PostgreSQL not found under /usr/lib/postgresql"; return 1; }
    echo "$dir"
}

ecom_postgres_start() {
    # Functions here return on failure themselves: callers may not run under `set -e`.
    if [[ -n ${ECOM_TEST_POSTGRES_URL:-} ]]; then
        ecom_log "PostgreSQL: using ECOM_TEST_POSTGRES_URL from the environment"
        return 0
    fi
    local bin run_as=() port attempt
    bin=$(ecom_pg_bin) || return 1
    ECOM_PG_DIR=$(mktemp -d /tmp/ecom-postgres.XXXXXX) || return 1
    chmod 0755 "$ECOM_PG_DIR" && mkdir -m 0700 "$ECOM_PG_DIR/data" || return 1
    if ((EUID == 0)); then
        # PostgreSQL refuses to run as root: run it as the postgres user on a directory it owns.
        run_as=(runuser -u postgres --)
        chown -R postgres:postgres "$ECOM_PG_DIR" || return 1
    fi
    ecom_log "PostgreSQL: initdb in $ECOM_PG_DIR/data"
    if ! "${run_as[@]}" "$bin/initdb" -D "$ECOM_PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C \
        >"$ECOM_PG_DIR/initdb.log" 2>&1; then
        cat "$ECOM_PG_DIR/initdb.log" >&2
        return 1
    fi
    port=55432
    for attempt in 1 2 3 4 5; do
        port=$(ecom_free_port "$port")
        # Settings go into postgresql.conf so a fault test can restart the cluster with `pg_ctl -D`.
        "${run_as[@]}" tee -a "$ECOM_PG_DIR/data/postgresql.conf" >/dev/null <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ECOM_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
        cat >"$ECOM_PG_DIR/pg_ctl" <<WRAPPER || return 1
#!/usr/bin/env bash
# pg_ctl for the throwaway cluster: $ECOM_PG_DIR/pg_ctl start|stop|restart|status
# The server outlives this script, so it must not inherit the caller's descriptors: a test
# process's pipes held open by PostgreSQL would never reach end-of-file.
for fd in /proc/\$\$/fd/*; do
    fd=\${fd##*/}
    ((fd > 2)) && eval "exec \$fd>&-"
done
exec ${run_as[*]} "$bin/pg_ctl" -D "$ECOM_PG_DIR/data" -l "$ECOM_PG_DIR/postgres.log" -w "\$@" </dev/null
WRAPPER
        chmod 0755 "$ECOM_PG_DIR/pg_ctl" || return 1
        ecom_log "PostgreSQL: starting on 127.0.0.1:$port"
        if "$ECOM_PG_DIR/pg_ctl" -o "-p $port -k $ECOM_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
            break
        fi
        ecom_log "PostgreSQL: could not start on port $port; trying another"
        tail -n 5 "$ECOM_PG_DIR/postgres.log" >&2 || true
        port=$((port + 1))
        ((attempt < 5)) || return 1
    done
    if ! "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ecom_test; then
        ecom_log "PostgreSQL: could not create the database ecom_test"
        return 1
    fi
    export ECOM_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/ecom_test"
    export ECOM_TEST_PG_BIN=$bin ECOM_TEST_PG_DATA=$ECOM_PG_DIR/data ECOM_TEST_PG_CTL=$ECOM_PG_DIR/pg_ctl
    ecom_log "PostgreSQL: ready at $ECOM_TEST_POSTGRES_URL"
}

ecom_redis_start() {
    local server port attempt tries
    server=$(command -v redis-server) || { ecom_log "redis-server not found"; return 1; }
    export ECOM_TEST_REDIS_SERVER=$server
    if [[ -n ${ECOM_TEST_REDIS_URL:-} ]]; then
        ecom_log "Redis: using ECOM_TEST_REDIS_URL from the environment"
        return 0
    fi
    ECOM_REDIS_DIR=$(mktemp -d /tmp/ecom-redis.XXXXXX) || return 1
    port=56379
    for attempt in 1 2 3 4 5; do
        port=$(ecom_free_port "$port")
        ecom_log "Redis: starting on 127.0.0.1:$port"
        "$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
            --dir "$ECOM_REDIS_DIR" >"$ECOM_REDIS_DIR/redis.log" 2>&1 &
        ECOM_REDIS_PID=$!
        for ((tries = 0; tries < 100; tries++)); do
            if (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
                # Something answers; make sure it is our process, not a racing neighbour.
                if kill -0 "$ECOM_REDIS_PID" 2>/dev/null; then
                    export ECOM_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
                    ecom_log "Redis: ready at $ECOM_TEST_REDIS_URL (pid $ECOM_REDIS_PID)"
                    return 0
                fi
                break
            fi
            kill -0 "$ECOM_REDIS_PID" 2>/dev/null || break
            sleep 0.1
        done
        ecom_log "Redis: could not start on port $port; trying another"
        tail -n 5 "$ECOM_REDIS_DIR/redis.log" >&2 || true
        kill "$ECOM_REDIS_PID" 2>/dev/null || true
        wait "$ECOM_REDIS_PID" 2>/dev/null || true
        ECOM_REDIS_PID=
        port=$((port + 1))
    done
    return 1
}

ecom_services_start() {
    ecom_postgres_start || return 1
    ecom_redis_start || return 1
}

# Stops whatever ecom_services_start started; safe to call twice or after a failed start.
ecom_services_stop() {
    if [[ -n ${ECOM_REDIS_PID:-} ]]; then
        ecom_log "Redis: stopping (pid $ECOM_REDIS_PID)"
        kill "$ECOM_REDIS_PID" 2>/dev/null || true
        wait "$ECOM_REDIS_PID" 2>/dev/null || true
        ECOM_REDIS_PID=
    fi
    if [[ -n ${ECOM_REDIS_DIR:-} ]]; then
        rm -rf "$ECOM_REDIS_DIR"
        ECOM_REDIS_DIR=
    fi
    if [[ -n ${ECOM_PG_DIR:-} ]]; then
        if [[ -f $ECOM_PG_DIR/data/postmaster.pid ]]; then
            ecom_log "PostgreSQL: stopping"
            "$ECOM_PG_DIR/pg_ctl" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$ECOM_PG_DIR"
        ECOM_PG_DIR=
    fi
}

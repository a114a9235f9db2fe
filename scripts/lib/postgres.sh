# Sourced by scripts/*: a throw-away PostgreSQL cluster for the tests that need a real server (one per run).
#
#   . scripts/lib/postgres.sh
#   ensure_postgres      starts the run's cluster, once, and exports
#                          WARDEN_TEST_POSTGRES_URL  postgres://warden:PASSWORD@127.0.0.1:PORT/warden_test
#                          WARDEN_TEST_POSTGRES_DIR  the cluster's directory (data/, server.log), while it runs
#                        When WARDEN_TEST_POSTGRES_URL is already set (an earlier call in this run, a parent script,
#                        or your own server) it does nothing. Call it after setting your own EXIT trap: it chains
#                        that trap with its cleanup (pg_ctl stop, rm -rf the directory).
#
# The cluster: initdb into a fresh /tmp/warden-pg.XXXXXX owned by the `postgres` user when run as root (initdb
# refuses root; `runuser -u postgres --`), else by the caller; superuser `warden` with a random password,
# scram-sha-256 over TCP on 127.0.0.1 only (a free port), trust on its private Unix socket directory, fsync off;
# database `warden_test`. Needs PostgreSQL's server binaries (pg_ctl on PATH or /usr/lib/postgresql/*/bin;
# installed with apt-get when missing). Swift tests read WARDEN_TEST_POSTGRES_URL and skip without it.
#
# Also a command, for tests that need a cluster of their own (e.g. to stop and restart it):
#   scripts/lib/postgres.sh new DIR       initdb into the empty directory DIR, start, create warden_test; print the URL
#   scripts/lib/postgres.sh stop DIR      pg_ctl stop (fast)        scripts/lib/postgres.sh start DIR   start again
#   scripts/lib/postgres.sh destroy DIR   stop and remove DIR
# and a loader: postgres_load_wifi_logs URL TABLE FILE.jsonl [--replace] (python/bench/wifi_logs_pg.py: COPY).

# The directory holding pg_ctl, initdb, postgres and psql; installs PostgreSQL when none is found.
postgres_bin_dir() {
    local dir
    dir=$(_postgres_find_bin) && { echo "$dir"; return 0; }
    echo "installing postgresql (no pg_ctl found)" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq postgresql >&2
    dir=$(_postgres_find_bin) && { echo "$dir"; return 0; }
    echo "scripts/lib/postgres.sh: no PostgreSQL server binaries (pg_ctl, initdb) found or installed" >&2
    return 1
}

_postgres_find_bin() {
    local ctl dir
    if ctl=$(command -v pg_ctl 2>/dev/null); then
        dir=$(dirname "$(readlink -f "$ctl")")
        [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
_postgres_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Runs a command (pg_ctl start) with every file descriptor above 2 closed: the server would inherit them, and a
# pipe we were handed (a CI log, a test's output) would stay open as long as the server runs.
_postgres_without_inherited_fds() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [[ $fd =~ ^[0-9]+$ ]] && [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        "$@"
    )
}

# A TCP port on 127.0.0.1 nobody listens on now (pg_ctl start fails if someone takes it first: callers retry).
_postgres_free_port() {
    local port
    while :; do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null || { echo "$port"; return 0; }
    done
}

# initdb into DIR/data, configured as the header says; DIR must exist and be empty. Writes DIR/url.
postgres_cluster_init() {
    local dir=$1 bin password
    bin=$(postgres_bin_dir) || return 1
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077; printf '%s\n' "$password" > "$dir/password")
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/password"
    _postgres_as_owner "$bin/initdb" -D "$dir/data" -U warden --pwfile="$dir/password" -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 || {
        echo "scripts/lib/postgres.sh: initdb failed:" >&2
        cat "$dir/initdb.log" >&2
        return 1
    }
    _postgres_as_owner sh -c "cat >> '$dir/data/postgresql.conf'" <<EOF

# scripts/lib/postgres.sh: a throw-away cluster for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
EOF
    _postgres_as_owner sh -c "cat > '$dir/data/pg_hba.conf'" <<EOF
# scripts/lib/postgres.sh: the private socket directory trusts its owner; TCP on 127.0.0.1 only, with a password
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
}

# Starts DIR's cluster on a free port (on the port it had when DIR/port exists), waiting until it accepts
# connections; writes DIR/port and DIR/url.
postgres_cluster_start() {
    local dir=$1 bin port attempt fixed=""
    bin=$(postgres_bin_dir) || return 1
    [ -f "$dir/port" ] && fixed=$(cat "$dir/port")
    for attempt in 1 2 3 4 5; do
        port=${fixed:-$(_postgres_free_port)}
        if _postgres_without_inherited_fds _postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
            -w -t 60 -o "-p $port" start >/dev/null 2>&1; then
            echo "$port" > "$dir/port"
            echo "postgres://warden:$(cat "$dir/password")@127.0.0.1:$port/warden_test" > "$dir/url"
            return 0
        fi
        [ -n "$fixed" ] && break
    done
    echo "scripts/lib/postgres.sh: pg_ctl start failed; the end of $dir/server.log:" >&2
    tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
    return 1
}

# Stops DIR's cluster (fast: running queries are cancelled); nothing when it is not running.
postgres_cluster_stop() {
    local dir=$1 bin
    bin=$(postgres_bin_dir) || return 1
    [ -f "$dir/data/postmaster.pid" ] || return 0
    _postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# Creates the database warden_test in DIR's running cluster.
postgres_cluster_create_database() {
    local dir=$1 bin
    bin=$(postgres_bin_dir) || return 1
    _postgres_as_owner "$bin/psql" -X -q -h "$dir" -p "$(cat "$dir/port")" -U warden -d postgres \
        -c 'CREATE DATABASE warden_test' >/dev/null
}

# A new cluster in DIR (empty or absent), running, with warden_test; prints its URL.
postgres_cluster_new() {
    local dir=$1
    mkdir -p "$dir"
    postgres_cluster_init "$dir" && postgres_cluster_start "$dir" && postgres_cluster_create_database "$dir" \
        && cat "$dir/url"
}

# Stops DIR's cluster and removes DIR.
postgres_cluster_destroy() {
    local dir=$1
    [ -d "$dir" ] || return 0
    postgres_cluster_stop "$dir"
    rm -rf "$dir"
}

# The run's cluster (see the header).
ensure_postgres() {
    [ -n "${WARDEN_TEST_POSTGRES_URL:-}" ] && return 0
    local dir previous
    dir=$(mktemp -d /tmp/warden-pg.XXXXXX)
    # Chain the caller's EXIT trap (trap -p quotes it for the shell) after our cleanup.
    previous=$(trap -p EXIT)
    eval "previous=(${previous:-})"
    # shellcheck disable=SC2064
    trap "postgres_cluster_destroy '$dir'; ${previous[2]:-}" EXIT
    echo "== PostgreSQL: a throw-away cluster in $dir" >&2
    if ! postgres_cluster_new "$dir" >/dev/null; then
        echo "scripts/lib/postgres.sh: could not start PostgreSQL (see above)" >&2
        return 1
    fi
    WARDEN_TEST_POSTGRES_URL=$(cat "$dir/url")
    WARDEN_TEST_POSTGRES_DIR=$dir
    export WARDEN_TEST_POSTGRES_URL WARDEN_TEST_POSTGRES_DIR
    echo "== PostgreSQL $("$(postgres_bin_dir)/postgres" --version | awk '{print $3}') on 127.0.0.1:$(cat "$dir/port")" >&2
}

# Loads a JSON-lines log file (python/fixtures/wifi_logs.py) into TABLE of the database at URL: creates the table
# with the contract's columns when it is missing (--replace: drops it first) and appends the records in file order
# (COPY).
postgres_load_wifi_logs() {
    local url=$1 table=$2 file=$3 bin
    shift 3
    bin=$(postgres_bin_dir) || return 1
    "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/../../python/bench/wifi_logs_pg.py" \
        --url "$url" --table "$table" --psql "$bin/psql" "$@" "$file"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        new) postgres_cluster_new "$2" ;;
        start) postgres_cluster_start "$2" ;;
        stop) postgres_cluster_stop "$2" ;;
        destroy) postgres_cluster_destroy "$2" ;;
        *) sed -n '17,20p' "$0" >&2; exit 2 ;;
    esac
fi

# A throwaway PostgreSQL cluster for the collection tests (sourced after lib.sh): Debian's
# postgresql-15 server, initdb + pg_ctl in a directory of its own, run as an unprivileged
# user (nobody when we are root: the server refuses root), listening on a unix socket in
# that directory and with TLS on 127.0.0.1 only. Its CA signs the server's certificate
# (db.massho.test, 127.0.0.1, 10.0.2.2: QEMU's user-mode host) and one client certificate
# per role: certificate authentication maps the certificate's CN to the role, as
# docs/fleet.md sets a station up. Never a real address, never a password.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
need_pg() {
	[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] || { echo "SKIP: PostgreSQL server missing (postgresql-15)"; exit 77; }
	command -v psql >/dev/null || { echo "SKIP: psql missing (postgresql-client)"; exit 77; }
	command -v openssl >/dev/null || { echo "SKIP: openssl missing"; exit 77; }
}

# pg_as CMD...: run CMD as the cluster's owner.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp "$@"
	else
		"$@"
	fi
}

# pg_cert NAME CN [SAN]: a key and certificate signed by the test CA, in $PGT/NAME.{key,crt}.
pg_cert() {
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$2" \
		-keyout "$PGT/$1.key" -out "$PGT/$1.csr" 2>/dev/null || die "openssl req $1"
	ext=$(mktemp "$PGT/ext.XXXXXX")
	[ -n "${3:-}" ] && echo "subjectAltName=$3" > "$ext"
	openssl x509 -req -in "$PGT/$1.csr" -CA "$PGT/ca.crt" -CAkey "$PGT/ca.key" -CAcreateserial \
		-days 30 -extfile "$ext" -out "$PGT/$1.crt" 2>/dev/null || die "openssl x509 $1"
	rm -f "$ext" "$PGT/$1.csr"
	chmod 600 "$PGT/$1.key"
}

# pg_start: the cluster, up, with database massho (owner: the superuser massho_admin).
# Sets PGT (its directory), PGSOCK, PGPORT, ADMIN (a URI for the superuser over the socket).
pg_start() {
	need_pg
	PGT=$(mktemp -d /tmp/massho-pg-XXXXXX)
	mkdir "$PGT/sock"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=massho test CA" \
		-days 30 -keyout "$PGT/ca.key" -out "$PGT/ca.crt" 2>/dev/null || die "openssl: test CA"
	pg_cert server db.massho.test "DNS:db.massho.test,IP:127.0.0.1,IP:10.0.2.2"
	[ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$PGT"
	pg_as "$PGBIN/initdb" -D "$PGT/data" -U massho_admin -A trust -E UTF8 --locale=C.UTF-8 > "$PGT/initdb.log" 2>&1 ||
		{ cat "$PGT/initdb.log"; die "initdb"; }
	# A port of our own: the first of a few that nothing listens on.
	PGPORT=
	for p in $(seq $((20000 + $$ % 20000)) $((20000 + $$ % 20000 + 20))); do
		ss -Hltn "sport = :$p" 2>/dev/null | grep -q . || { PGPORT=$p; break; }
	done
	[ -n "$PGPORT" ] || die "no free port for PostgreSQL"
	cat >> "$PGT/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGT/sock'
ssl = on
ssl_cert_file = '$PGT/server.crt'
ssl_key_file = '$PGT/server.key'
ssl_ca_file = '$PGT/ca.crt'
fsync = off
max_connections = 60
CONF
	# The socket is the administrator's (trust: only this directory's owner and root reach
	# it); over TCP, TLS with a client certificate and nothing else.
	cat > "$PGT/data/pg_hba.conf" <<HBA
local   all all                 trust
hostssl all all 127.0.0.1/32    cert
host    all all 127.0.0.1/32    reject
HBA
	pg_as "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/server.log" -w -t 60 start > /dev/null ||
		{ cat "$PGT/server.log"; die "pg_ctl start"; }
	# PG_THEN: the test's own cleanup (a system test's stops its guest first).
	trap 'pg_stop; ${PG_THEN:-cleanup}' EXIT INT TERM
	PGSOCK=$PGT/sock
	ADMIN="postgresql:///massho?host=$PGSOCK&port=$PGPORT&user=massho_admin"
	pg_as "$PGBIN/createdb" -h "$PGSOCK" -p "$PGPORT" -U massho_admin massho || die "createdb"
}

pg_stop() {
	[ -n "${PGT:-}" ] || return 0
	pg_as "$PGBIN/pg_ctl" -D "$PGT/data" -m immediate stop > /dev/null 2>&1
	rm -rf "$PGT"
	PGT=
}

# sql TEXT: run TEXT as the superuser; prints the result unaligned, without headers.
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$ADMIN" -c "$1"; }

# pg_role NAME GROUP: a login role in GROUP (massho_station, massho_auditor) with a client
# certificate $PGT/NAME.{crt,key}, readable by us.
pg_role() {
	sql "CREATE ROLE $1 LOGIN IN ROLE $2" || die "create role $1"
	pg_cert "$1" "$1"
}

# tls_uri ROLE: the URI a station uses over TCP (its TLS files named in it).
tls_uri() {
	echo "postgresql://$1@db.massho.test:$PGPORT/massho?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=$PGT/ca.crt&sslcert=$PGT/$1.crt&sslkey=$PGT/$1.key"
}

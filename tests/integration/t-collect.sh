# The central store (issue 17, docs/fleet.md) on a throwaway PostgreSQL cluster
# (tests/integration/pg.sh: a temp directory, an unprivileged server, a unix socket and TLS
# on 127.0.0.1 only): migrations from an empty database; a push over TLS with a client
# certificate; a push twice is a no-op; a different record under an existing id is
# refused and reported; stations may only insert; a password or a weak sslmode in the URI
# is refused; the offline queue (the database down: exit 20, nothing lost, sent later);
# the auditor's verification of everything stored, also after a stored PDF was changed
# and after a ledger was rewritten with its chain recomputed; report find.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/integration/pg.sh"
need_pg
for t in jq setpriv ss; do command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }; done
if [ "$(id -u)" = 0 ] && ! id nobody >/dev/null 2>&1; then echo "SKIP: no user nobody to run PostgreSQL as"; exit 77; fi
t0=$(date +%s)
pg_start
echo "PostgreSQL up in $(( $(date +%s) - t0 ))s (port $PGPORT)"

expect_rc 0 "$M" db migrate "$ADMIN"
grep -q "schema version 1 (was 0)" "$W/out" || die "migrate from empty: $(cat "$W/out")"
expect_rc 0 "$M" db migrate "$ADMIN"
grep -q "schema version 1, up to date" "$W/out" || die "migrate again: $(cat "$W/out")"
[ "$(sql "SELECT count(*) FROM massho.migrations")" = 1 ] || die "migrations table"
sql "INSERT INTO massho.migrations (version, sha256) VALUES (99, 'x')"
expect_rc 4 "$M" db migrate "$ADMIN"
grep -q "schema version 99 is newer than this massho knows" "$W/err" || die "newer schema: $(cat "$W/err")"
sql "DELETE FROM massho.migrations WHERE version = 99"
ok "db migrate: an empty database gets the schema once; a newer one is refused (exit 4)"

pg_role station1 massho_station
pg_role auditor1 massho_auditor
ST=$(tls_uri station1)
AU=$(tls_uri auditor1)

# Two erased drives, with certificates and the station's ledger.
S=$W/state R=$W/records
echo "correct horse battery staple" > "$W/pass"
"$M" key init --name "試験市 情報政策課" --org "Test City" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
CA=$W/keys/massho-cert.pem
erase_one() {
	fill_residents "$W/$1.img" 4
	D="emu:sata-ssd:$W/$1.img"
	s=$("$M" devices show --json "$D" | jq -r .serial)
	"$M" erase --state-dir "$S" --out "$R" --key "$W/keys/massho-key.p12" --passphrase-file "$W/pass" \
		--progress none --class 3 --organisation "試験市" -y "$s" "$D" > "$W/erase.out" 2>&1 ||
		{ cat "$W/erase.out"; die "erase $1"; }
}
erase_one a
erase_one b
[ "$(ls "$R"/*.pdf | wc -l)" = 2 ] || die "two certificates wanted"

expect_rc 0 "$M" report push --to "$ST" --state-dir "$S" "$R"
grep -q "collected: 2 sent, 0 already stored, 0 sent before, 2 ledger entries, signed checkpoint" "$W/out" ||
	die "first push: $(cat "$W/out" "$W/err")"
counts() { sql "SELECT (SELECT count(*) FROM massho.records) || ' ' || (SELECT count(*) FROM massho.certificates) || ' ' || (SELECT count(*) FROM massho.ledger_entries) || ' ' || (SELECT count(*) FROM massho.ledger_checkpoints)"; }
[ "$(counts)" = "2 2 2 1" ] || die "stored after the first push: $(counts)"
[ "$(sql "SELECT DISTINCT pushed_by FROM massho.records")" = station1 ] || die "pushed_by is not the certificate's role"
ser=$(jq -r .device.serial "$R"/MS-*.json | head -1)
[ "$(sql "SELECT count(*) FROM massho.records WHERE serial = '$ser' AND organisation = '試験市' AND class = '3' AND outcome = 'completed' AND ended_at IS NOT NULL")" = 1 ] ||
	die "the searched columns are not the record's"
ok "report push over TLS with a client certificate: 2 records, their certificates, the ledger and its signed head"

expect_rc 0 "$M" report push --to "$ST" --state-dir "$S" "$R"
grep -q "collected: 0 sent, 0 already stored, 2 sent before, 0 ledger entries" "$W/out" || die "second push: $(cat "$W/out")"
expect_rc 0 "$M" report push --all --to "$ST" --state-dir "$S" "$R"
grep -q "collected: 0 sent, 2 already stored, 0 sent before" "$W/out" || die "push --all: $(cat "$W/out")"
[ "$(counts)" = "2 2 2 1" ] || die "stored after pushing again: $(counts)"
ok "a push twice (and --all) stores nothing twice"

# Another record under an id the database holds: refused, kept in massho.conflicts.
mkdir "$W/forged"
f=$(ls "$R"/MS-*.json | head -1)
id=$(jq -r .record_id "$f")
jq -c '.outcome = "failed"' "$f" > "$W/forged/$(basename "$f")"
expect_rc 14 "$M" report push --to "$ST" --state-dir "$W/forged-state" "$W/forged" 2>/dev/null ||
	die "forged push"
grep -q "holds another record under this id: refused" "$W/err" || die "conflict message: $(cat "$W/err")"
[ "$(sql "SELECT outcome FROM massho.records WHERE record_id = '$id'")" = completed ] || die "the stored record changed"
[ "$(sql "SELECT count(*) FROM massho.conflicts WHERE key = '$id'")" = 1 ] || die "the conflict was not kept"
ok "another record under an existing id: refused (exit 14), the stored one kept, the conflict recorded"

for q in "UPDATE massho.records SET outcome = 'x'" "DELETE FROM massho.records" \
	"INSERT INTO massho.ledger_checkpoints (ledger, count, head, p7s) VALUES ('a', 1, '', '')" \
	"SELECT count(*) FROM massho.records"; do
	psql -X -q "$ST" -c "$q" > "$W/psql.out" 2>&1 && die "station1 may: $q"
	grep -q "permission denied" "$W/psql.out" || die "$q: $(cat "$W/psql.out")"
done
psql -X -q "$AU" -c "SELECT massho.push_checkpoint('a', 1, '', '')" > "$W/psql.out" 2>&1 && die "the auditor may push"
grep -q "permission denied" "$W/psql.out" || die "auditor push: $(cat "$W/psql.out")"
ok "a station may not update, delete, insert directly or read; an auditor may not push"

# Another station's credentials against station1's ledger (its id is printed on every
# certificate after the first): no entry can be added to it, nor a checkpoint.
pg_role station2 massho_station
L1=$(sql "SELECT id FROM massho.ledgers")
next=$(sql "SELECT line FROM massho.ledger_entries WHERE seq = 2" | jq -c '.seq = 3 | .prev = .hash')
for q in "SELECT massho.push_ledger_entry('$L1', '$next')" \
	"SELECT massho.push_checkpoint('$L1', 2, convert_to('{\"count\":2}', 'UTF8'), '\\x00')" \
	"SELECT massho.push_checkpoint('$L1', 9, convert_to('{\"count\":9}', 'UTF8'), '\\x00')"; do
	[ "$(psql -X -q -A -t "$(tls_uri station2)" -c "$q")" = conflict ] || die "station2 may: $q"
done
[ "$(counts)" = "2 2 2 1" ] || die "stored after station2's tries: $(counts)"
# Nor station1 itself a link that does not continue its chain, or a head naming no entry.
bad=$(sql "SELECT line FROM massho.ledger_entries WHERE seq = 2" | jq -c '.seq = 3')
[ "$(psql -X -q -A -t "$ST" -c "SELECT massho.push_ledger_entry('$L1', '$bad')")" = conflict ] || die "a broken link taken"
[ "$(sql "SELECT count(*) FROM massho.conflicts WHERE what LIKE 'ledger%'")" = 4 ] || die "the refusals were not kept"
sql "DELETE FROM massho.conflicts WHERE what LIKE 'ledger%'"
ok "another station's credentials cannot add to a ledger or its checkpoints; a broken link is refused"

# bad-input B40: a password, a weak sslmode, TLS files named in a station's file, the
# database down (below), a conflicting record (above)
base="postgresql://station1@db.massho.test:$PGPORT/massho?hostaddr=127.0.0.1&sslrootcert=$PGT/ca.crt&sslcert=$PGT/station1.crt&sslkey=$PGT/station1.key"
expect_rc 2 "$M" report push --to "$base&sslmode=require" --state-dir "$S" "$R"
grep -q "^massho[a-z ]*: postgresql URI: over the network sslmode must be verify-full (it is require)" "$W/err" || die "sslmode: $(cat "$W/err")"
expect_rc 2 "$M" report push --to "postgresql://station1:secret@db.massho.test:$PGPORT/massho?sslmode=verify-full" --state-dir "$S" "$R"
grep -q "^massho[a-z ]*: postgresql URI: holds a password" "$W/err" || die "password: $(cat "$W/err")"
# libpq also reads the environment: the connection made is checked, not only the URI.
expect_rc 2 env PGHOST=db.massho.test PGHOSTADDR=127.0.0.1 PGPORT="$PGPORT" PGSSLMODE=require \
	"$M" report push --to "dbname=massho user=station1 sslcert=$PGT/station1.crt sslkey=$PGT/station1.key" --state-dir "$S" "$R"
grep -q "^massho[a-z ]*: postgresql URI: over the network sslmode must be verify-full (the environment" "$W/err" || die "env: $(cat "$W/err")"
ok "a URI with a password, or without sslmode=verify-full over the network (also through the environment), is refused (exit 2)"

# The station's way: collect in its configuration, the TLS files beside it.
mkdir "$W/st"
cp "$PGT/ca.crt" "$W/st/db-ca.crt"; cp "$PGT/station1.crt" "$W/st/db-station.crt"
cp "$PGT/station1.key" "$W/st/db-station.key"; chmod 600 "$W/st/db-station.key"
printf 'collect = postgresql://station1@db.massho.test:%s/massho?hostaddr=127.0.0.1&sslmode=verify-full\n' "$PGPORT" > "$W/st/station.conf"
echo 'collect = postgresql://s@db.example/massho?sslmode=verify-full&sslkey=/etc/shadow' > "$W/st/bad.conf"
expect_rc 2 "$M" report push --config "$W/st/bad.conf" --state-dir "$S" "$R"
grep -q "bad.conf:1: collect must be a postgresql URI" "$W/err" || die "a config naming TLS files: $(cat "$W/err")"
erase_one c
pg_as "$PGBIN/pg_ctl" -D "$PGT/data" -m fast -w stop > /dev/null || die "pg_ctl stop"
before=$(cat "$S/collected")
expect_rc 20 "$M" report push --config "$W/st/station.conf" --state-dir "$S" "$R"
grep -q "1 records not yet collected" "$W/err" || die "offline: $(cat "$W/err")"
[ "$(cat "$S/collected")" = "$before" ] && [ "$(ls "$R"/*.pdf | wc -l)" = 3 ] || die "offline push changed the queue"
pg_as "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/server.log" -w start > /dev/null || die "pg_ctl start"
expect_rc 0 "$M" report push --config "$W/st/station.conf" --state-dir "$S" "$R"
grep -q "collected: 1 sent, 0 already stored, 2 sent before, 1 ledger entries, signed checkpoint" "$W/out" ||
	die "after the outage: $(cat "$W/out")"
[ "$(counts)" = "3 3 3 2" ] || die "stored after the outage: $(counts)"
ok "offline: exit 20 and the queue kept; sent once the database is back (station configuration, TLS files beside it)"

# The unattended station with collect in its configuration: each batch's records (and the
# batch summary) pushed when the batch ends, into a ledger of its own (another station).
fill_residents "$W/d.img" 4
cat >> "$W/st/station.conf" <<CONF
organisation = 試験市
class = 3
key = $W/keys/massho-key.p12
mode = unattended
drives = every-drive-except-boot-and-output
CONF
"$M" station --config "$W/st/station.conf" --state-dir "$W/st/state" --passphrase-file "$W/pass" --countdown 0 \
	"emu:sata-ssd:$W/d.img" < /dev/null > "$W/station.txt" 2>&1 || { cat "$W/station.txt"; die "station"; }
grep -q "collected: 2 sent now, 0 queued" "$W/station.txt" || { cat "$W/station.txt"; die "the station did not collect"; }
[ "$(counts)" = "5 5 5 3" ] || die "stored after the station's batch: $(counts)"
[ "$(sql "SELECT count(*) FROM massho.records WHERE kind = 'summary'")" = 1 ] || die "no batch summary stored"
ok "the unattended station pushes each batch (its certificate and the batch summary) as it ends"

# The refused record is the auditor's business too: listed until it is looked into.
expect_rc 14 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^FAILED  record $id: other contents were offered under this key and refused (station1 " "$W/out" &&
	grep -q ": 1 failed" "$W/out" || die "audit with a conflict: $(cat "$W/out" "$W/err")"
sql "DELETE FROM massho.conflicts"
expect_rc 0 "$M" report verify --from "$AU" --ca "$CA"
grep -q "checked 5 certificates, 5 records, 2 ledgers (5 entries): 0 failed" "$W/out" || die "audit: $(cat "$W/out" "$W/err")"
expect_rc 2 "$M" report verify --from "$AU"
expect_rc 0 "$M" report find --from "$AU" --serial "$ser" --json
[ "$(jq -r '.[0].certificates[0].name' "$W/out")" = "$(jq -r .record_id "$(grep -l "\"$ser\"" "$R"/MS-*.json)").pdf" ] ||
	die "find: $(cat "$W/out")"
expect_rc 0 "$M" report find --from "$AU" --serial "$ser"
grep -q "completed" "$W/out" && grep -q "certificate MS-" "$W/out" || die "find text: $(cat "$W/out")"
expect_rc 3 "$M" report find --from "$AU" --serial NO-SUCH-SERIAL
ok "report verify --from: 5 certificates, records and 2 ledgers hold; report find by serial"

# A stored PDF changed in the database (its key too, so that only the signature tells).
c1=$(sql "SELECT name FROM massho.certificates ORDER BY received_at LIMIT 1")
sql "CREATE TABLE public.kept AS SELECT pdf, sha256 FROM massho.certificates WHERE name = '$c1'"
sql "UPDATE massho.certificates SET pdf = overlay(pdf placing '\\x58'::bytea from 3000 for 1) WHERE name = '$c1'"
sql "UPDATE massho.certificates SET sha256 = encode(sha256(pdf), 'hex') WHERE name = '$c1'"
expect_rc 14 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^FAILED  $c1: the signature does not verify" "$W/out" || die "tampered PDF not named: $(cat "$W/out")"
# ... and the ledger entry naming the original's SHA-256 finds no certificate stored
grep -q "^FAILED  ledger .*: its certificate is not stored" "$W/out" && grep -q ": 2 failed" "$W/out" ||
	die "tampered PDF: $(cat "$W/out")"
ok "a PDF changed in the database is found: $(grep "^FAILED" "$W/out" | head -1 | cut -c1-120)"
sql "UPDATE massho.certificates c SET pdf = k.pdf, sha256 = k.sha256 FROM public.kept k WHERE c.name = '$c1'"
expect_rc 0 "$M" report verify --from "$AU" --ca "$CA"
# A record's searched columns changed (find would show another drive), and a certificate
# unlinked from its record before the record was deleted.
sql "UPDATE massho.records SET serial = 'SOMEONE-ELSES' WHERE serial = '$ser'"
expect_rc 14 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^FAILED  .*: its columns are not what its own bytes say" "$W/out" || die "columns: $(cat "$W/out")"
sql "UPDATE massho.records SET serial = '$ser' WHERE serial = 'SOMEONE-ELSES'"
sql "CREATE TABLE public.unlinked AS SELECT sha256, record_sha256 FROM massho.certificates WHERE name = '$c1'"
sql "UPDATE massho.certificates SET record_sha256 = NULL WHERE name = '$c1'"
expect_rc 14 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^FAILED  $c1: is stored without the record it belongs to" "$W/out" || die "unlinked: $(cat "$W/out")"
sql "UPDATE massho.certificates c SET record_sha256 = u.record_sha256 FROM public.unlinked u WHERE c.sha256 = u.sha256"
expect_rc 0 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^ok      ledger .*: 3 entries, the last signed by " "$W/out" || die "no ledger line: $(cat "$W/out")"
ok "an auditor sees each ledger's signed length and signer; changed columns and an unlinked certificate are found"
# A certificate and its record deleted together: its ledger entry still names it.
sql "CREATE TABLE public.gone AS SELECT * FROM massho.certificates WHERE name = '$c1'"
sql "CREATE TABLE public.gone_r AS SELECT * FROM massho.records WHERE sha256 = (SELECT record_sha256 FROM public.gone)"
sql "DELETE FROM massho.certificates WHERE name = '$c1'; DELETE FROM massho.records WHERE sha256 = (SELECT record_sha256 FROM public.gone)"
expect_rc 14 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^FAILED  ledger .*: entry 1 ${c1%.pdf}: its certificate is not stored" "$W/out" || die "deletion: $(cat "$W/out")"
sql "INSERT INTO massho.records SELECT * FROM public.gone_r; INSERT INTO massho.certificates SELECT * FROM public.gone"
expect_rc 0 "$M" report verify --from "$AU" --ca "$CA"
ok "a certificate deleted from the database with its record is found by its ledger entry"

# The ledger rewritten as someone with the database's keys would: entry 2 removed, entry
# 3 renumbered with its hash recomputed (jq renders an entry as massho does: checked).
L=$(sql "SELECT ledger FROM massho.ledger_entries WHERE seq = 3")
line() { sql "SELECT line FROM massho.ledger_entries WHERE ledger = '$L' AND seq = $1"; }
rehash() { printf '%s' "$1" | jq -c 'del(.hash)' | tr -d '\n' | sha256sum | cut -d' ' -f1; }
[ "$(rehash "$(line 1)")" = "$(line 1 | jq -r .hash)" ] || die "jq does not render an entry as massho: cannot build the attack"
h1=$(line 1 | jq -r .hash)
e3=$(line 3 | jq -c --arg p "$h1" '.seq = 2 | .prev = $p | del(.hash)')
e3=$(printf '%s' "$e3" | jq -c --arg h "$(rehash "$e3")" '. + {hash: $h}')
sql "DELETE FROM massho.ledger_entries WHERE ledger = '$L' AND seq >= 2"
sql "INSERT INTO massho.ledger_entries (ledger, seq, line, hash, file_sha256, record_id) SELECT '$L', 2, '$e3', '$(printf '%s' "$e3" | jq -r .hash)', '$(printf '%s' "$e3" | jq -r .sha256)', '$(printf '%s' "$e3" | jq -r .record_id)'"
sql "DELETE FROM massho.ledger_checkpoints WHERE ledger = '$L' AND count = 3"
expect_rc 14 "$M" report verify --from "$AU" --ca "$CA"
grep -q "^FAILED  ledger " "$W/out" || die "the rewritten ledger passed: $(cat "$W/out")"
grep -q "names ledger entry 3, which no stored ledger holds" "$W/out" || die "binding: $(cat "$W/out")"
ok "a ledger rewritten in the database (an entry removed, the chain recomputed) is found"

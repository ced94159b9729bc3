# util-linux's and nvme-cli's command-line conventions, each checked on every command the
# man page documents (docs/massho.8, .SS "massho COMMAND"):
#  - -h/--help prints the usage on stdout, nothing on stderr, exit 0;
#  - -V and --version print what massho --version prints, exit 0;
#  - an unknown long or short option, or an option without its argument, is exactly one
#    line naming the command, then "Try 'massho COMMAND --help' for more information.",
#    nothing on stdout, exit 2;
#  - every message on stderr starts with "massho:" or "massho COMMAND:";
# and the machine output: erase --json (one object per drive), report verify --json,
# --progress json (names, the verify phase, a last event per drive) and the progress
# bars naming drives by short name and serial.
. "$TOP/tests/integration/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
export LC_ALL=C
"$M" --version >"$W/version" || die "massho --version failed"
head -1 "$W/version" | grep -Eq '^massho [0-9]' || die "massho --version: $(cat "$W/version")"

awk '/^\.SS "massho / { s = $0; sub(/^\.SS "massho /, "", s); sub(/"$/, "", s); print s }' \
	"$TOP/docs/massho.8" >"$W/cmds"
[ "$(wc -l <"$W/cmds")" -ge 20 ] || die "cannot read the commands from docs/massho.8: $(cat "$W/cmds")"
# An option of each command that takes an argument (to leave it out).
argopt() {
	case $1 in
	erase | plan | station | handover) echo --class ;;
	destroy) echo --method ;;
	devices) echo --sysroot ;;
	jobs | "report overdue" | "report ledger verify") echo --state-dir ;;
	"key init") echo --name ;;
	"report pdf" | "report summary") echo --key ;;
	"report verify" | "report receive") echo --ca ;;
	"report push") echo --to ;;
	"report find") echo --from ;;
	unlock) echo --state-dir ;;
	*) echo "" ;;
	esac
}
# one_line_error CMD EXPECTED-FIRST-LINE ARGS...: exit 2, nothing on stdout, two lines on
# stderr: the expected one and the pointer to --help.
one_line_error() {
	cmd=$1 first=$2; shift 2
	# shellcheck disable=SC2086
	"$M" $cmd "$@" >"$W/out" 2>"$W/err"
	rc=$?
	[ $rc = 2 ] || die "massho $cmd $*: exit $rc, wanted 2: $(cat "$W/err")"
	[ ! -s "$W/out" ] || die "massho $cmd $*: printed on stdout: $(cat "$W/out")"
	printf '%s\n%s\n' "$first" "Try 'massho${cmd:+ $cmd} --help' for more information." >"$W/want"
	cmp -s "$W/err" "$W/want" || die "massho $cmd $*: stderr is not one line and the pointer to --help:
$(cat "$W/err")
wanted:
$(cat "$W/want")"
}
count=0
while read -r cmd; do
	# shellcheck disable=SC2086
	"$M" $cmd --help >"$W/out" 2>"$W/err" || die "massho $cmd --help: exit $?"
	grep -q '^Usage:' "$W/out" && [ ! -s "$W/err" ] || die "massho $cmd --help: $(cat "$W/out" "$W/err")"
	grep -q -- '-V, --version' "$W/out" || die "massho $cmd --help does not list -V, --version"
	for v in -V --version; do
		# shellcheck disable=SC2086
		"$M" $cmd $v >"$W/out" 2>"$W/err" || die "massho $cmd $v: exit $?"
		cmp -s "$W/out" "$W/version" && [ ! -s "$W/err" ] || die "massho $cmd $v: $(cat "$W/out" "$W/err")"
	done
	one_line_error "$cmd" "massho $cmd: unrecognized option '--no-such-option'" --no-such-option
	one_line_error "$cmd" "massho $cmd: invalid option -- 'Q'" -Q
	a=$(argopt "$cmd")
	[ -z "$a" ] || one_line_error "$cmd" "massho $cmd: option '$a' requires an argument" "$a"
	count=$((count + 1))
done <"$W/cmds"
ok "$count commands: --help, -V, --version, and a wrong option in one line with the pointer to --help"

# what getopt refused, named as glibc's tools name it
one_line_error devices "massho devices: invalid option -- 'Z'" --raw -Zb
one_line_error erase "massho erase: option '--json' doesn't allow an argument" --json=1 x
one_line_error erase "massho erase: option '--co' is ambiguous" --co x
one_line_error erase "massho erase: option requires an argument -- 'c'" -Jc
ok "bundled short options, an argument to a flag, an ambiguous prefix: each named as it was wrong"

one_line_error "" "massho: no command given"
"$M" nosuchcommand >"$W/out" 2>"$W/err"
[ $? = 2 ] && [ "$(head -1 "$W/err")" = "massho: nosuchcommand: unknown command" ] &&
	[ "$(sed -n 2p "$W/err")" = "Try 'massho --help' for more information." ] || die "unknown command: $(cat "$W/err")"
one_line_error erase "massho erase: no device given" --class 3
one_line_error unlock "massho unlock: give exactly one device"
ok "operands: no command, an unknown command, no device: one line each and the pointer"

# Messages name the command, then the object at fault.
expect_rc 3 "$M" erase -y x "$W/nonexistent"
grep -q "^massho erase: $W/nonexistent: " "$W/err" || die "erase message: $(cat "$W/err")"
expect_rc 2 "$M" erase --class 9 "$W/x"
[ "$(cat "$W/err")" = "massho erase: 9: unknown class (mynumber, 3, 2, 1)" ] || die "class message: $(cat "$W/err")"
expect_rc 3 "$M" report verify "$W/none.pdf"
grep -q "^massho report verify: $W/none.pdf: cannot read" "$W/err" || die "verify message: $(cat "$W/err")"
ok "messages start with the command, then name the object at fault"

# ---- erase --json, --progress json, the bars -------------------------------------------
truncate -s 24M "$W/a.img" "$W/b.img" "$W/c.img"
serial() { "$M" devices show "emu:sata-hdd:$1" --json | jq -r .serial; }
sa=$(serial "$W/a.img") sb=$(serial "$W/b.img") sc=$(serial "$W/c.img")
[ -n "$sa" ] && [ "$sa" != "$sb" ] || die "emulated serials: '$sa' '$sb'"
printf 'correct horse battery\n' >"$W/pass"
"$M" key init --name "Conventions Test" --out "$W" --passphrase-file "$W/pass" >/dev/null || die "key init"
expect_rc 0 "$M" erase --json --progress json --state-dir "$W/st" --key "$W/massho-key.p12" \
	--passphrase-file "$W/pass" -y "$sa" -y "$sb" -y "$sc" \
	"emu:sata-hdd:$W/a.img" "emu:sata-hdd:$W/b.img" "emu:sata-hdd:$W/c.img"
jq -e '.exit_status == 0 and (.devices | length) == 3 and
	all(.devices[]; .outcome == "completed" and .exit_status == 0 and (.errors | length) == 0)' \
	"$W/out" >/dev/null || die "erase --json: $(cat "$W/out")"
[ "$(jq -r '.devices[1].device' "$W/out")" = "emu:sata-hdd:$W/b.img" ] &&
	[ "$(jq -r '.devices[1].serial' "$W/out")" = "$sb" ] || die "erase --json names: $(cat "$W/out")"
for i in 0 1 2; do
	rec=$(jq -r ".devices[$i].record" "$W/out") pdf=$(jq -r ".devices[$i].certificate" "$W/out")
	[ -f "$rec" ] && [ -f "$pdf" ] || die "erase --json: device $i: record '$rec' or certificate '$pdf' missing"
done
[ "$(jq -s length "$W/out")" = 1 ] || die "erase --json printed more than one JSON value: $(cat "$W/out")"
cp "$W/out" "$W/result.json"
# --progress json: every line names the drive; the read-back has no pass numbers; each
# drive ends with one "end" line, its last.
jq -e -s 'all(.[]; .name != null and .serial != null and .device != null)' "$W/err" >/dev/null ||
	die "a progress line without its drive's names: $(head -3 "$W/err")"
jq -e -s 'any(.[]; .phase == "verify") and all(.[] | select(.phase == "verify"); has("pass") | not)' \
	"$W/err" >/dev/null || die "the verify phase: $(grep verify "$W/err" | head -2)"
for s in "$sa" "$sb" "$sc"; do
	last=$(jq -c -s --arg s "$s" '[.[] | select(.serial == $s)] | last' "$W/err")
	echo "$last" | jq -e '.phase == "end" and .outcome == "completed" and .exit_status == 0' >/dev/null ||
		die "drive $s: its last progress line is not its end: $last"
	[ "$(jq -s --arg s "$s" '[.[] | select(.serial == $s and .phase == "end")] | length' "$W/err")" = 1 ] ||
		die "drive $s: not one end line"
done
[ "$(jq -r -s '[.[] | select(.phase == "end") | .name] | unique | length' "$W/err")" = 3 ] ||
	die "drives not told apart by name: $(grep end "$W/err")"
ok "erase --json: 3 drives, each completed with its record and certificate; --progress json names them, verify without passes, one end line each"

# A drive that fails beside one that completes: each has its own outcome and status.
B="emu:sata-hdd:$W/b.img,capacity=4M" C="emu:usb-flash:$W/d.img,capacity=4M,flip=3000000"
sc=$("$M" devices show --json "$C" | jq -r .serial)
expect_rc 7 "$M" erase --json --progress none --state-dir "$W/st" -y "$sb" -y "$sc" "$B" "$C"
jq -e '.exit_status == 7 and .devices[0].outcome == "completed" and .devices[0].exit_status == 0 and
	.devices[1].outcome == "verification failed" and .devices[1].exit_status == 7 and
	(.devices[1].record | length) > 0' "$W/out" >/dev/null || die "mixed --json: $(cat "$W/out")"
ok "erase --json: a drive that completed (0) beside one whose verification failed (7)"

# A handover (Figure 41 rows 1, 2): the erasure record with its own certificate, and the
# handover with its own, never one in place of the other.
expect_rc 0 "$M" handover --json --progress none --class 3 --state-dir "$W/st" --key "$W/massho-key.p12" \
	--passphrase-file "$W/pass" -y "$(serial "$W/c.img")" "emu:sata-hdd:$W/c.img"
jq -e '.devices[0] | (.record | test("/MS-[^/]*\\.json$")) and (.certificate | test("/MS-[^/]*\\.pdf$")) and
	(.handover | test("/HO-[^/]*\\.json$")) and (.handover_certificate | test("/HO-[^/]*\\.pdf$")) and
	(.destroy_by | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))' "$W/out" >/dev/null || die "handover --json: $(cat "$W/out")"
ok "handover --json: the erasure's record and certificate, the handover's, and its deadline"

# A refused batch: each drive has an outcome and an exit status, the run's one.
expect_rc 5 "$M" erase --json --progress none --state-dir "$W/st" -y "$sa" \
	"emu:sata-hdd:$W/a.img" "emu:sata-hdd:$W/b.img"
jq -e '.exit_status == 5 and all(.devices[]; .outcome == "not run" and .exit_status == 5) and
	(.devices[1].errors[0] | test("not confirmed"))' "$W/out" >/dev/null || die "refused --json: $(cat "$W/out")"
grep -q "^massho erase: emu:sata-hdd:$W/b.img: not confirmed" "$W/err" || die "refused: stderr: $(cat "$W/err")"
ok "a refused batch in --json: every drive not run with exit 5, the message kept"
expect_rc 5 "$M" erase --progress json --state-dir "$W/st" -y "$sa" "emu:sata-hdd:$W/a.img" "emu:sata-hdd:$W/b.img"
grep '^{' "$W/err" | jq -e -s 'length == 2 and all(.[]; .phase == "end" and .outcome == "not run" and .exit_status == 5)' \
	>/dev/null 2>&1 || die "a refused batch's progress: not one end line per drive: $(cat "$W/err")"
# A signing key that cannot be used: still one JSON object, every drive not run (17).
expect_rc 17 "$M" erase --json --key "$W/no-such.p12" --passphrase-file "$W/pass" -y "$sa" "emu:sata-hdd:$W/a.img"
jq -e '.exit_status == 17 and .devices[0].outcome == "not run" and (.errors[0] | test("no-such.p12"))' "$W/out" \
	>/dev/null || die "--json with a missing key: $(cat "$W/out")"
ok "a refused batch's progress ends each drive; a missing key still gives one JSON object (17)"

# The bars: one line per drive with its short name and serial.
expect_rc 0 "$M" erase --progress bar --state-dir "$W/st" -y "$sa" -y "$sb" \
	"emu:sata-hdd:$W/a.img" "emu:sata-hdd:$W/b.img"
tr '\r' '\n' <"$W/err" | grep -q "^.*a\.img $sa .*pass 1/1" || die "no bar names a.img $sa: $(tr '\r' '\n' <"$W/err" | head -3)"
tr '\r' '\n' <"$W/err" | grep -q "b\.img $sb .*verify" || die "no verify bar names b.img $sb"
# an emulated drive's options are not its name; colons in a path are part of it
mkdir -p "$W/by-path"
truncate -s 4M "$W/by-path/pci-0000:00:1f.2-ata-1"
E="emu:sata-hdd:$W/by-path/pci-0000:00:1f.2-ata-1,capacity=4M"
se=$("$M" devices show --json "$E" | jq -r .serial)
expect_rc 0 "$M" erase --progress json --state-dir "$W/st" -y "$se" "$E"
[ "$(jq -r -s 'map(.name) | unique | join(" ")' "$W/err")" = "pci-0000:00:1f.2-ata-1" ] ||
	die "the name of $E: $(jq -r -s 'map(.name) | unique | join(" ")' "$W/err")"
ok "progress bars name each drive by short name and serial"

# report verify --json: as the text form decides, with the same exit status.
pdf=$(jq -r '.devices[0].certificate' "$W/result.json")
expect_rc 0 "$M" report verify --json --ca "$W/massho-cert.pem" "$pdf"
jq -e --arg f "$pdf" '.file == $f and .result == "ok" and .exit_status == 0 and .chain_checked and
	.signer == "Conventions Test" and .kind == "erasure" and .exported_record_compared and .problem == null' \
	"$W/out" >/dev/null || die "verify --json: $(cat "$W/out")"
expect_rc 19 "$M" report verify --json "$pdf"
jq -e '.result == "ok" and .exit_status == 19 and (.chain_checked | not)' "$W/out" >/dev/null ||
	die "verify --json without --ca: $(cat "$W/out")"
cp "$pdf" "$W/t.pdf"
printf 'appended' >>"$W/t.pdf"
expect_rc 13 "$M" report verify --json --ca "$W/massho-cert.pem" "$W/t.pdf"
jq -e '.result == "data-appended" and .exit_status == 13 and (.problem | length) > 0' "$W/out" >/dev/null ||
	die "verify --json of an appended file: $(cat "$W/out")"
# named without .pdf: no exported record beside it (never the file compared with itself)
cp "$pdf" "$W/cert"
expect_rc 0 "$M" report verify --json --ca "$W/massho-cert.pem" "$W/cert"
jq -e '.result == "ok" and (.exported_record_compared | not)' "$W/out" >/dev/null || die "a certificate named cert: $(cat "$W/out")"
cp "$pdf" "$W/t2.PDF"
cp "${pdf%.pdf}.json" "$W/t2.json"
expect_rc 0 "$M" report verify --json --ca "$W/massho-cert.pem" "$W/t2.PDF"
jq -e '.result == "ok" and .exported_record_compared' "$W/out" >/dev/null || die "X.PDF beside X.json: $(cat "$W/out")"
# a CA or a file that cannot be read: exit 3, and still one JSON object
expect_rc 3 "$M" report verify --json --ca "$W/no-ca.pem" "$pdf"
jq -e '.result == "unreadable" and .exit_status == 3' "$W/out" >/dev/null || die "unreadable CA: $(cat "$W/out")"
expect_rc 3 "$M" report verify --json "$W/no.pdf"
jq -e '.result == "unreadable" and .exit_status == 3' "$W/out" >/dev/null || die "unreadable file: $(cat "$W/out")"
one_line_error "report verify" "massho report verify: --json goes with one certificate, not --from" \
	--json --from postgresql:///x
ok "report verify --json: ok (0), signer unchecked (19), data appended (13), unreadable (3), a name without .pdf, X.PDF with X.json"

# The journal is on disk before anything depends on it, checked at the system-call level
# (issue 12): every write to a journal file is followed by its fsync/fdatasync before the
# next write to that file, and the one-time ATA password is written and synced before the
# drive receives SECURITY SET PASSWORD.
#
# An LD_PRELOAD shim (syncount.c, built here) logs the writes and syncs of journal files.
# On the emulated drive SECURITY SET PASSWORD is no ioctl: the shim takes the moment the
# drive stores the password in its non-volatile state (the write of IMAGE.state that holds
# "security_enabled": true) as the moment the drive has it. That is the drive's own record
# of the command, written only when it executes it; on a real drive the same shim sees the
# SG_IO ATA PASS-THROUGH carrying opcode F1h.
. "$TOP/tests/integration/lib.sh"
S="$W/state"
command -v cc >/dev/null || { echo "SKIP: no C compiler for the LD_PRELOAD shim"; exit 77; }
cc -shared -fPIC -O1 -Wall -Wextra -o "$W/syncount.so" "$TOP/tests/integration/syncount.c" -ldl ||
	die "the shim does not build"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
rec_of() { sed -n "s|^$1: record ||p" "$W/out"; }

# check LOG WHAT: every journal write synced before the next one on its file and by the
# end; with a password, its line written and synced before the drive had it.
check() {
	awk -v what="$2" '
	$1 == "W" {
		w++
		if (pend[$2]) { printf "%s: journal write %d (%s) follows an unsynced write on fd %s\n", what, w, $3, $2; bad = 1 }
		pend[$2] = 1
		if ($3 == "ata-password" && !pw) { pw = NR; pwfd = $2 }
	}
	$1 == "S" { if (pend[$2]) s++; pend[$2] = 0; if (pw && !pws && $2 == pwfd) pws = NR }
	$1 == "P" { p++; if (!got) got = NR }
	END {
		for (f in pend) if (pend[f]) { printf "%s: the last journal write on fd %s was never synced\n", what, f; bad = 1 }
		if (w < 10) { printf "%s: only %d journal writes seen: is the shim working?\n", what, w; bad = 1 }
		if (what ~ /password/) {
			if (!pw) { printf "%s: the password was never journaled\n", what; bad = 1 }
			else if (!pws) { printf "%s: the password line was never synced\n", what; bad = 1 }
			if (!got) { printf "%s: the drive never got SECURITY SET PASSWORD\n", what; bad = 1 }
			else if (!pws || got < pws) {
				printf "%s: the drive had the password (log line %d) before its journal line was synced (%d)\n",
				       what, got, pws
				bad = 1
			}
		}
		printf "%s: %d journal writes, %d synced; password journaled at log line %d, synced at %d, sent at %d\n",
		       what, w, s, pw, pws, got
		exit bad
	}' "$1"
}

# Security erase: the password sequence.
fill_residents "$W/se.img" 8
D="emu:sata-hdd:$W/se.img"
: >"$W/se.log"
expect_rc 0 env SYNCOUNT_LOG="$W/se.log" LD_PRELOAD="$W/syncount.so" \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	"$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
[ "$(field "$(rec_of "$D")" .outcome)" = completed ] || die "security erase: outcome"
check "$W/se.log" "security erase (password)" || die "journal not synced as it must be: $(cat "$W/se.log")"
ok "security erase: every journal write synced before the next; the password synced before SET PASSWORD"

# An overwrite: no password, every line synced all the same.
fill_residents "$W/ow.img" 8
D="emu:sata-ssd:$W/ow.img"
: >"$W/ow.log"
expect_rc 0 env SYNCOUNT_LOG="$W/ow.log" LD_PRELOAD="$W/syncount.so" \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	"$M" erase --state-dir "$S" --progress none -y "$(serial "$D")" "$D"
check "$W/ow.log" "overwrite" || die "journal not synced as it must be: $(cat "$W/ow.log")"
ok "overwrite: every journal write synced before the next"
echo "$n passed"

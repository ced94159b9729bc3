# The station UI, driven through tmux as an operator would (send-keys, capture-pane), in
# English and in Japanese, on an 80x24 terminal: the session's details typed (Japanese
# text in the Japanese run), four emulated drives listed with their plans, one of them
# changed to the My Number class (Figure 41 row 1: erased, then physical destruction after
# a handover), the plan screen, a wrong confirmation refused, each drive confirmed by the
# end of its serial, progress while they run in parallel, one drive stopped while the
# others go on, and the result table. Afterwards the records, certificates and the
# handover record exist and verify, the stopped drive has none, and the configuration
# keeps the session's details. SCREENS=DIR keeps the captures (docs/station.md shows them).
. "$TOP/tests/integration/lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux missing (scripts/install-deps installs it)"; exit 77; }
export TERM=xterm-256color
echo station-pass > "$W/pass"
"$M" key init --name "Station Test" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
SOCK="$W/tmux.sock"
tm() { tmux -u -S "$SOCK" "$@"; }
# a new server each time: the old one gone first (a new session racing a dying server fails)
tm_fresh() { tm kill-server 2>/dev/null; while [ -S "$SOCK" ] && tm has-session 2>/dev/null; do sleep 0.1; done; sleep 0.2; }
screen() { tm capture-pane -p -t st; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT; its capture is $W/screen.
wait_for() {
	i=0
	while [ $i -lt $((${2:-20} * 4)) ]; do
		screen > "$W/screen" 2>/dev/null
		grep -qF -- "$1" "$W/screen" && return 0
		sleep 0.25; i=$((i + 1))
	done
	cat "$W/screen" >&2
	die "$lang: the screen never showed '$1'"
}
keep() {
	cp "$W/screen" "$W/screen-$lang-$1"
	[ -n "${SCREENS:-}" ] && { mkdir -p "$SCREENS"; cp "$W/screen" "$SCREENS/$lang-$1.txt"; }
	return 0
}
# count WORD: how many lines of the last capture end with WORD (a drive's state)
count() { grep -c -- "$1 *\$" "$W/screen"; }

run_station() { # lang LANG TERM: the whole run in one language, on one kind of terminal
	lang=$1
	S="$W/$lang"; mkdir -p "$S"
	A="emu:sata-ssd:$S/a.img,capacity=16M,serial=STA-AAAA1111,sanitize-ms=4000"
	B="emu:nvme-ssd:$S/b.img,capacity=16M,serial=STB-BBBB2222,sanitize-ms=4000"
	C="emu:sata-hdd:$S/c.img,capacity=8M,serial=STC-CCCC3333"
	D="emu:nvme-ssd:$S/d.img,capacity=16M,serial=STD-DDDD4444,sanitize-ms=120000"
	: > "$S/station.conf"
	tm_fresh
	tm new-session -d -s st -x 80 -y 24 "env LANG=$2 LC_ALL= LANGUAGE= TERM=$3 $M station --no-color --state-dir $S/state \
		--config $S/station.conf --key $W/keys/massho-key.p12 --passphrase-file $W/pass '$A' '$B' '$C' '$D'; \
		echo STATION-EXIT=\$?; sleep 600"
	wait_for "$T_ORG"; keep 1-session
	tm send-keys -t st -l "$ORG"; tm send-keys -t st Enter
	tm send-keys -t st -l "$OPERATOR"; tm send-keys -t st Enter
	tm send-keys -t st -l "$WITNESS"; tm send-keys -t st Enter
	tm send-keys -t st -l "K-2026-7"; tm send-keys -t st Enter
	# The class field: 3 (the default) -> 2, then done.
	tm send-keys -t st Right Enter
	wait_for "d.img"
	wait_for "$T_ROW" ; keep 2-drives
	[ "$(grep -cF "$T_ROW" "$W/screen")" -ge 3 ] || { cat "$W/screen" >&2; die "$lang: the plans are not shown"; }
	grep -qF "$ORG" "$W/screen" || die "$lang: the organisation typed is not in the header"
	# c.img: class 2 -> 1 -> My Number: Figure 41 row 1, then physical destruction.
	tm send-keys -t st Down Down c c
	wait_for "$T_MYNUMBER"
	tm send-keys -t st Enter
	wait_for "$T_DESTROY"; keep 3-plan
	tm send-keys -t st q
	wait_for "$T_SELECT_KEYS"
	tm send-keys -t st Up Up Space Down Space Down Space Down Space e
	wait_for "$T_TYPE"; keep 4-confirm
	tm send-keys -t st -l "0000"; tm send-keys -t st Enter
	wait_for "$T_WRONG"
	tm send-keys -t st -l 1111; tm send-keys -t st Enter
	tm send-keys -t st -l 2222; tm send-keys -t st Enter
	tm send-keys -t st -l 3333; tm send-keys -t st Enter
	tm send-keys -t st -l 4444; tm send-keys -t st Enter
	wait_for "$T_ERASING"; wait_for "%"; keep 5-running
	# Stop d.img (the last one, still sanitizing); the others go on.
	tm send-keys -t st Down Down Down x
	wait_for "(y/n)"; tm send-keys -t st y
	wait_for "$T_RESULT" 60; keep 6-result
	[ "$(count "$T_COMPLETED")" = 3 ] || { cat "$W/screen" >&2; die "$lang: not 3 drives completed"; }
	[ "$(count "$T_CANCELLED")" = 1 ] || { cat "$W/screen" >&2; die "$lang: d.img not shown as stopped"; }
	tm send-keys -t st q
	wait_for "STATION-EXIT="
	grep -q "STATION-EXIT=11" "$W/screen" || die "$lang: exit status not 11 (one drive stopped)"
	tm kill-server 2>/dev/null
	R="$S/state/records"
	# The stopped drive's record says so (as `massho erase` stopped by a signal writes).
	[ "$(ls "$R"/MS-*.json | wc -l)" = 4 ] || die "$lang: not 4 erasure records"
	[ "$(ls "$R"/MS-*.pdf | wc -l)" = 4 ] || die "$lang: not 4 certificates"
	ls "$R"/HO-*.json >/dev/null 2>&1 || die "$lang: no handover record for the My Number drive"
	ls "$R"/SU-*.pdf >/dev/null 2>&1 || die "$lang: no batch summary certificate"
	grep -qF "$(basename "$R"/SU-*.pdf)" "$W/screen-$lang-6-result" || die "$lang: the summary is not on the result screen"
	for p in "$R"/MS-*.pdf "$R"/HO-*.pdf "$R"/SU-*.pdf; do
		"$M" report verify --ca "$W/keys/massho-cert.pem" "$p" >/dev/null 2>&1 || die "$lang: $p does not verify"
	done
	grep -q '"outcome": "interrupted"' $(grep -l STD-DDDD4444 "$R"/MS-*.json) || die "$lang: d.img not recorded as interrupted"
	[ "$(grep -l '"outcome": "completed"' "$R"/MS-*.json | wc -l)" = 3 ] || die "$lang: not 3 completed records"
	grep -q '"class": "mynumber"' $(grep -l STC-CCCC3333 "$R"/MS-*.json) || die "$lang: c.img not erased as mynumber"
	grep -qxF "organisation = $ORG" "$S/station.conf" || die "$lang: the configuration did not keep the organisation"
	grep -qx "class = 2" "$S/station.conf" || die "$lang: the configuration did not keep the class"
	ok "$lang: listed, planned, confirmed, erased 3 in parallel, stopped 1; records verify"
}

T_ORG="Organisation" T_ROW="Figure 41 row" T_MYNUMBER="My Number -> Figure 41 row 1" T_DESTROY="physical destruction"
T_SELECT_KEYS="Space:select" T_TYPE="Type the last 4 characters" T_WRONG="not the end of its serial number"
T_ERASING="erasing" T_RESULT="massho result" T_COMPLETED="completed" T_CANCELLED="cancelled"
ORG="Test City IT" OPERATOR="Yamada" WITNESS="Sato"
run_station en C.UTF-8 vt100
# Japanese: a locale this machine may not have generated (massho then keeps C.UTF-8's
# characters and takes the language from LANG), typed Japanese text, and the linux
# console's terminal description (what fbterm and the serial console are described as).
T_ORG="団体" T_ROW="図表41 (" T_MYNUMBER="マイナンバー → 図表41 (1)" T_DESTROY="物理的破壊"
T_SELECT_KEYS="Space:選択" T_TYPE="末尾4文字を入力" T_WRONG="末尾と一致しません"
T_ERASING="消去中" T_RESULT="massho 結果" T_COMPLETED="完了" T_CANCELLED="中止"
ORG="試験市 情報政策課" OPERATOR="山田 太郎" WITNESS="佐藤 花子"
run_station ja ja_JP.UTF-8 linux
# bad-input B37: a configuration on the removable medium may not choose the policy, the
# directories, a passphrase file or a module to load; errors name FILE:LINE (exit 2).
for bad in "policy = /media/weak.policy" "state-dir = /media/x" "passphrase-file = /media/p" \
	"key = pkcs11:token=t;object=k?module-path=/media/evil.so" "colour = red" "class = 4"; do
	printf 'organisation = X\n%s\n' "$bad" > "$W/bad.conf"
	cp "$W/bad.conf" "$W/bad.conf.orig"
	expect_rc 2 "$M" station --config "$W/bad.conf" --state-dir "$W/bad-state"
	grep -q "^massho[a-z ]*: $W/bad.conf:2: " "$W/err" || die "'$bad': the error does not name FILE:2: $(cat "$W/err")"
	cmp -s "$W/bad.conf" "$W/bad.conf.orig" || die "'$bad': the configuration was rewritten"
done
ok "a configuration naming a policy, directories, a passphrase file or a module is refused with FILE:LINE"
# bad-input B38: not on a terminal, an unknown TERM, too small
lang=bad
expect_rc 2 "$M" station --state-dir "$W/bad-state" "emu:sata-hdd:$W/x.img" </dev/null
grep -q "^massho station: needs a terminal" "$W/err" || die "no terminal: $(cat "$W/err")"
tm_fresh
tm new-session -d -s st -x 80 -y 24 "env TERM=no-such-term $M station --state-dir $W/bad-state emu:sata-hdd:$W/x.img; \
	echo STATION-EXIT=\$?; sleep 600"
wait_for "STATION-EXIT=2"; grep -q "TERM names no terminal" "$W/screen" || die "unknown TERM: $(cat "$W/screen")"
tm_fresh
tm new-session -d -s st -x 70 -y 20 "$M station --state-dir $W/bad-state emu:sata-hdd:$W/x.img; echo STATION-EXIT=\$?; \
	sleep 600"
wait_for "STATION-EXIT=2"; grep -q "at least 80x24" "$W/screen" || die "small terminal: $(cat "$W/screen")"
tm kill-server 2>/dev/null
ok "no terminal, an unknown TERM and a terminal smaller than 80x24: one line each, exit 2"

# A closed window (SIGHUP) while a drive is erased: the station stops the job and waits for
# it before it exits, and the drive's record says "interrupted" (exit 11).
lang=hup S="$W/hup"; mkdir -p "$S"
E="emu:nvme-ssd:$S/e.img,capacity=16M,serial=STE-EEEE5555,sanitize-ms=120000"
tm_fresh
tm new-session -d -s st -x 80 -y 24 "env LANG=C.UTF-8 $M station --no-color --class 2 --state-dir $S/state \
	--key $W/keys/massho-key.p12 --passphrase-file $W/pass '$E'; echo STATION-EXIT=\$?; sleep 600"
wait_for "Organisation"; tm send-keys -t st Enter Enter Enter Enter Enter
wait_for "e.img"; wait_for "Figure 41 row"
tm send-keys -t st Space e; wait_for "Type the last"
tm send-keys -t st -l 5555; tm send-keys -t st Enter
wait_for "erasing"
pid=$(pgrep -f "^$M station --no-color --class 2 --state-dir $S/state")
[ -n "$pid" ] || die "hup: the station's process not found"
kill -HUP "$pid"
wait_for "STATION-EXIT=" 30
grep -q "STATION-EXIT=11" "$W/screen" || { cat "$W/screen" >&2; die "hup: exit status not 11"; }
tm kill-server 2>/dev/null
grep -q '"outcome": "interrupted"' "$S"/state/records/MS-*.json || die "hup: no interrupted record"
ok "SIGHUP while erasing: the job is stopped and recorded as interrupted, exit 11"

# No line of any screen is wider than the terminal (wc -L counts display columns: a
# kanji takes two).
for f in "$W"/screen-*; do
	w=$(LC_ALL=C.UTF-8 wc -L < "$f")
	[ "$w" -le 80 ] || die "$(basename "$f") has a line $w columns wide"
done
ok "every screen fits 80 columns"

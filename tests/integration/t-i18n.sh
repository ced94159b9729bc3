# Japanese messages (docs/i18n.md): with LANG or LC_ALL ja_JP.UTF-8 — generated here or
# not (a fresh Debian has only C.UTF-8) — every help text, the plan and the errors are
# Japanese, errors still start with the object at fault; with LANG=C or en_US.UTF-8
# everything stays English. The library's reasons are checked translated once the library
# marks its texts (build/gen/libtexts.c lists them). Runs the release and the sanitizer
# build; needs no root.
. "$TOP/tests/integration/lib.sh"
for f in "$M" "$TOP/build/massho-asan" "$TOP/build/locale/ja/LC_MESSAGES/massho.mo"; do
	[ -e "$f" ] || die "$f not built (make massho build/massho-asan)"
done
unset LANGUAGE LC_MESSAGES
# Another build under test (make coverage's build/cov/massho) has no catalogue beside it.
case "$M" in
"$TOP/massho" | "$TOP/build/massho-asan") ;;
*) MASSHO_LOCALEDIR=$TOP/build/locale; export MASSHO_LOCALEDIR ;;
esac
# run LOCALE-VARIABLES... -- cmd...: stdout in $W/out, stderr in $W/err, the exit in $rc
run() {
	vars=""
	while [ "$1" != -- ]; do vars="$vars $1"; shift; done
	shift
	# shellcheck disable=SC2086
	env -u LC_ALL -u LANG -u LANGUAGE $vars "$@" >"$W/out" 2>"$W/err"
	rc=$?
}
has() { grep -q -- "$1" "$W/out" "$W/err" || { cat "$W/out" "$W/err" >&2; die "$2: no \"$1\""; }; }
hasnt() { ! grep -q -- "$1" "$W/out" "$W/err" || { cat "$W/out" "$W/err" >&2; die "$2: \"$1\" is still there"; }; }

# Each command's --help: a Japanese word of it, and a sentence of its English help.
helps="
--help|抹消し|Sanitize drives and record the proof.
devices --help|ブロックデバイスを識別情報|List block devices with their identity
plan --help|他の方式を使わない理由|Show, without changing anything
erase --help|上書き消去し|Overwrite every addressable sector
handover --help|委託事業者に引き渡します|Hand a drive over to the contractor
destroy --help|物理的破壊を記録します|Record the physical destruction
jobs --help|ジャーナルが終わっていない作業|List the jobs whose journal has no end
key --help|署名鍵と自己署名証明書|Make a P-256 signing key
report --help|report pdf のオプション|the options of report pdf
report pdf --help|署名付き PDF 完了証明書|Issue the signed PDF certificate
report summary --help|署名付きの要約|One signed summary
report verify --help|オフラインで検証|Check a certificate offline
report show --help|JSON で表示|Print the record inside a certificate
report ledger verify --help|ハッシュの連鎖|Check the station's ledger
station --help|全画面のステーション|The full-screen station
report overdue --help|期限を過ぎても完了|List the handovers written at this station
report receive --help|委託事業者の完了証明書|Confirm the contractor's completion certificates
unlock --help|一時 ATA パスワード|Unlock and remove the one-time ATA password"
check_helps() { # locale variables
	echo "$helps" | while IFS='|' read -r args ja en; do
		[ -n "$args" ] || continue
		# shellcheck disable=SC2086
		run "$@" -- "$M" $args
		[ "$rc" = 0 ] || die "massho $args: exit $rc"
		has "$ja" "$* massho $args"
		has "使い方" "$* massho $args"
		hasnt "$en" "$* massho $args"
		hasnt "Usage:" "$* massho $args"
	done || exit 1
}
check_helps LANG=ja_JP.UTF-8
ok "LANG=ja_JP.UTF-8: massho --help and every command's --help are Japanese"
check_helps LC_ALL=ja_JP.UTF-8 LANG=C
ok "LC_ALL=ja_JP.UTF-8 (over LANG=C): the same"
# A locale that is generated nowhere: the language still comes through (C.UTF-8 characters).
check_helps LANG=ja_XX.UTF-8
ok "a Japanese locale that is not generated still gives Japanese"

fill_residents "$W/a.img" 8
A="emu:sata-ssd:$W/a.img"
check_plan() { # binary, locale variables
	bin=$1; shift
	run LANG=C -- "$bin" plan --class 2 "$A"
	[ "$rc" = 0 ] || die "plan: exit $rc"
	cp "$W/out" "$W/plan.en"
	run "$@" -- "$bin" plan --class 2 "$A"
	[ "$rc" = 0 ] || die "$bin plan in Japanese: exit $rc"
	has "^$A: 機密性 2 -> 図表41 の 2 行" "$bin plan"
	has "^  方式      " "$bin plan"
	has "^  不採用    " "$bin plan"
	hasnt "^$A: class 2 -> Figure 41" "$bin plan"
	hasnt "verification full" "$bin plan"
	# The library's reasons (they stay English in records) are translated once the library
	# marks their formats: a reason that begins as a marked format does is not English here.
	sed -n 's/^  [^ ]* *\([a-z-]*\): //p' "$W/plan.en" | while read -r why; do
		marked "$why" || continue
		! grep -qF -- "$why" "$W/out" || { cat "$W/out" >&2; die "$bin plan: the reason \"$why\" is not translated"; }
	done || exit 1
}
# marked TEXT: TEXT begins with the literal start (8 characters or more) of a format the
# library marks N_(), or is a message of the catalogue.
marked() {
	grep -qxF "msgid \"$1\"" "$TOP/po/ja.po" && return 0
	sed -n 's/^\t"\([^%]*\).*/\1/p' "$TOP/build/gen/libtexts.c" | {
		while IFS= read -r lit; do
			[ ${#lit} -ge 8 ] && case "$1" in "$lit"*) exit 0 ;; esac
		done
		exit 1
	}
}
check_plan "$M" LANG=ja_JP.UTF-8
ok "plan in Japanese, the reasons the library marks translated"

check_errors() { # binary, locale variables
	bin=$1; shift
	run "$@" -- "$bin" plan --class 9 "$A"
	[ "$rc" = 2 ] || die "plan --class 9: exit $rc"
	grep -q "^massho[a-z ]*: 9: 不明な機密性の区分です (mynumber, 3, 2, 1)$" "$W/err" || die "class error: $(cat "$W/err")"
	run "$@" -- "$bin" nosuchcommand
	grep -q "^massho: nosuchcommand: 不明なコマンドです$" "$W/err" || die "command error: $(cat "$W/err")"
	run "$@" -- "$bin" erase --state-dir "$W/state" /dev/nonexistent-disk
	[ "$rc" = 3 ] || die "erase of a missing device: exit $rc"
	grep -q "^massho[a-z ]*: /dev/nonexistent-disk: " "$W/err" || die "the error does not start with the device: $(cat "$W/err")"
	if marked "no such device or file"; then
		! grep -q "no such device" "$W/err" || die "not translated: $(cat "$W/err")"
	fi
}
check_errors "$M" LANG=ja_JP.UTF-8
ok "errors are Japanese and start with the object at fault"

for l in LANG=C LANG=en_US.UTF-8 "LANG=C LANGUAGE=ja"; do
	# shellcheck disable=SC2086
	run $l -- "$M" --help
	has "Sanitize drives and record the proof." "$l --help"
	hasnt "使い方" "$l --help"
	# shellcheck disable=SC2086
	run $l -- "$M" plan --class 2 "$A"
	has "^$A: class 2 -> Figure 41 row 2" "$l plan"
	has "^  chosen    " "$l plan"
	# shellcheck disable=SC2086
	run $l -- "$M" plan --class 9 "$A"
	grep -q "^massho[a-z ]*: 9: unknown class (mynumber, 3, 2, 1)$" "$W/err" || die "$l: $(cat "$W/err")"
done
ok "LANG=C, LANG=en_US.UTF-8 (and LANGUAGE=ja under LANG=C): English"

# The sanitizer build finds its catalogue beside it (build/locale) and runs in Japanese.
run LANG=ja_JP.UTF-8 -- "$TOP/build/massho-asan" --help
has "抹消し" "massho-asan --help"
check_plan "$TOP/build/massho-asan" LANG=ja_JP.UTF-8
check_errors "$TOP/build/massho-asan" LANG=ja_JP.UTF-8
ok "the sanitizer build: Japanese help, plan and errors"

# MASSHO_LOCALEDIR names another catalogue directory: one without Japanese gives English.
mkdir -p "$W/nolocale"
run LANG=ja_JP.UTF-8 MASSHO_LOCALEDIR="$W/nolocale" -- "$M" --help
has "Sanitize drives and record the proof." "MASSHO_LOCALEDIR without a catalogue"
ok "MASSHO_LOCALEDIR overrides where the catalogue is looked for"

# A catalogue beside a copy of the program is taken only when nobody else may change it:
# its translations are printf formats, and root runs massho from wherever it was copied.
mkdir -p "$W/copy/locale/ja/LC_MESSAGES"
cp "$M" "$W/copy/massho"
cp "$TOP/build/locale/ja/LC_MESSAGES/massho.mo" "$W/copy/locale/ja/LC_MESSAGES/"
chmod 755 "$W/copy" "$W/copy/locale" "$W/copy/locale/ja" "$W/copy/locale/ja/LC_MESSAGES"
chmod 644 "$W/copy/locale/ja/LC_MESSAGES/massho.mo"
run LANG=ja_JP.UTF-8 -- "$W/copy/massho" --help
has "抹消し" "a copy beside its own catalogue"
chmod o+w "$W/copy/locale/ja/LC_MESSAGES/massho.mo"
run LANG=ja_JP.UTF-8 -- "$W/copy/massho" --help
has "Sanitize drives and record the proof." "a copy beside a catalogue anyone may write"
ok "a catalogue beside the program is used only when no one else may write it"

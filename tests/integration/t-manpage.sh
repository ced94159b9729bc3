# The man pages, massho(8) in English (docs/massho.8) and Japanese (docs/ja/massho.8), are
# true to the program: mandoc finds nothing to warn about in either; for the top level and
# every sub-command the options --help prints (LC_ALL=C) are exactly the options the page
# documents for it; every erase method, emulated profile (devices/emu.c) and exit code
# (cli/cli.h) is in both pages, and the translation has the entries of the original.
#
# The layout both pages keep, and this test reads: the top level's options are .TP entries
# under .SH OPTIONS (オプション); each sub-command has one .SS "massho COMMAND" under
# .SH COMMANDS (コマンド) whose .TP entries name its options on the tag line (\-x, \-\-long;
# every word of the tag that is an option counts); the erase methods are .TP entries
# ".B METHOD" in the erase section; the emulated profiles are .TP entries ".B PROFILE" under
# .SH "EMULATED DRIVES" (エミュレートされたドライブ); the exit codes are .TP entries ".B N" under
# .SH "EXIT STATUS" (終了ステータス). -h/--help and -V/--version are documented once, under
# OPTIONS, and left out of the comparison.
. "$TOP/tests/integration/lib.sh"
command -v mandoc >/dev/null || { echo "SKIP: mandoc missing"; exit 77; }
EN="$TOP/docs/massho.8"
JA="$TOP/docs/ja/massho.8"
{ [ -f "$EN" ] && [ -f "$JA" ]; } || die "docs/massho.8 or docs/ja/massho.8 missing"
export LC_ALL=C
unset LANGUAGE LANG LC_MESSAGES

# (a) mandoc: nothing at warning level or above (style messages, e.g. long lines, are
# allowed). The Japanese page is UTF-8. Without -K, mandoc takes valid UTF-8 as such but
# silently reads a byte sequence that is not as ISO-8859-1 (mojibake, no message); -K
# us-ascii reports every Japanese byte as an ERROR; -K utf-8 takes the page as UTF-8 and
# reports bytes that are not ("skipping bad character"), which is what is wanted here.
for p in "$EN" "$JA"; do
	out=$(mandoc -T lint -W warning -K utf-8 "$p" 2>&1)
	[ -z "$out" ] || die "mandoc -T lint -W warning ${p#"$TOP"/}:
$out"
done
mandoc -T utf8 -K utf-8 "$JA" | grep -q "抹消" || die "the Japanese page does not render as UTF-8"
for p in "$EN" "$JA"; do
	th=$(grep '^\.TH ' "$p")
	echo "$th" | grep -Eq '^\.TH MASSHO 8 "?[0-9]{4}-[0-9]{2}-[0-9]{2}"? ' || die "${p#"$TOP"/}: .TH is not MASSHO 8 YYYY-MM-DD: $th"
done
[ "$(grep '^\.TH ' "$EN" | cut -d' ' -f4)" = "$(grep '^\.TH ' "$JA" | cut -d' ' -f4)" ] ||
	die "the two pages' dates differ"
ok "mandoc -T lint -W warning: nothing on either page; .TH MASSHO 8 with the same date"

# What a page documents, one "SECTION<TAB>WHAT" a line: SECTION is "massho" for the top
# level, else the .SS heading; WHAT is an option (--long, -x), "M:METHOD" for a ".B word"
# tag, "X:N" for an exit code (SECTION "EXIT"), "P:PROFILE" for an emulated drive's profile
# (SECTION "EMU"). Every section is also printed once with an empty WHAT.
page() {
	awk '
	function unescape(s) { gsub(/\\-/, "-", s); gsub(/\\f[BIRP]/, " ", s); return s }
	/^\.SH/ {
		sh = $0; sub(/^\.SH +/, "", sh); gsub(/"/, "", sh)
		cur = ""; cmds = (sh == "COMMANDS" || sh == "コマンド")
		exits = (sh == "EXIT STATUS" || sh == "終了ステータス")
		emu = (sh == "EMULATED DRIVES" || sh == "エミュレートされたドライブ")
		if (sh == "OPTIONS" || sh == "オプション") { cur = "massho"; print cur "\t" }
		next
	}
	/^\.SS/ && cmds { cur = $0; sub(/^\.SS +/, "", cur); gsub(/"/, "", cur); print cur "\t"; next }
	/^\.TP/ { tag = 1; next }
	tag {
		tag = 0; line = unescape($0)
		if (exits && line ~ /^\.B [0-9]+$/) { print "EXIT\tX:" substr(line, 4); next }
		if (emu && line ~ /^\.B [a-z][-a-z0-9]*$/) { print "EMU\tP:" substr(line, 4); next }
		if (cur == "") next
		if (line ~ /^\.B [a-z][-a-z0-9]*$/) { print cur "\tM:" substr(line, 4); next }
		n = split(line, w, /[^-A-Za-z0-9]+/)
		for (i = 1; i <= n; i++)
			if (w[i] ~ /^--[a-z0-9][-a-z0-9]*$/ || w[i] ~ /^-[A-Za-z]$/)
				print cur "\t" w[i]
	}' "$1"
}
page "$EN" >"$W/en"
page "$JA" >"$W/ja"
name() { if [ "$1" = ja ]; then echo docs/ja/massho.8; else echo docs/massho.8; fi; }

# What --help prints: long options from the usage lines, long and short ones from the
# option lines (the option column, up to the first gap of two spaces). "SHORT" is printed
# when there are option lines, so that short options are compared only then.
helpopts() {
	awk '
	/^ *massho / { n = split($0, w, /[^-A-Za-z0-9]+/)
		for (i = 1; i <= n; i++) if (w[i] ~ /^--[a-z0-9][-a-z0-9]*$/) print w[i]
		next }
	/^ +-/ { l = $0; sub(/^ +/, "", l); g = index(l, "  "); if (g) l = substr(l, 1, g - 1)
		n = split(l, w, /[^-A-Za-z0-9]+/)
		for (i = 1; i <= n; i++) if (w[i] ~ /^--[a-z0-9][-a-z0-9]*$/ || w[i] ~ /^-[A-Za-z]$/) print w[i]
		print "SHORT" }'
}

# The translation leaves no entry out: both pages have the same .TP tags (options, methods,
# profiles, exit codes, variables, files), in the same order.
tags() { awk '/^\.TP/ { getline; print }' "$1"; }
tags "$EN" >"$W/tags.en"
tags "$JA" >"$W/tags.ja"
diff "$W/tags.en" "$W/tags.ja" >"$W/tags.diff" || die "the pages' .TP entries differ (< English, > Japanese):
$(cat "$W/tags.diff")"
ok "both pages have the same $(wc -l <"$W/tags.en") .TP entries in the same order"

# (b) Every command the top-level --help lists has its section in both pages.
"$M" --help >"$W/top" || die "massho --help failed"
awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
	on { l = $0; sub(/^ /, "", l); g = index(l, "  "); if (g) l = substr(l, 1, g - 1)
		n = split(l, w, / +/); c = ""
		for (i = 1; i <= n && w[i] ~ /^[a-z][-a-z|]*$/; i++) c = c (c == "" ? "" : " ") w[i]
		if (c == "") next
		k = split(c, alt, /\|/)
		if (k == 1) { print c; next }
		pre = alt[1]; sub(/[^ ]*$/, "", pre); sub(/^.* /, "", alt[1])
		for (i = 1; i <= k; i++) print pre alt[i] }' "$W/top" >"$W/cmds"
[ "$(wc -l <"$W/cmds")" -ge 10 ] || die "cannot read the commands from massho --help: $(cat "$W/top")"
while read -r c; do
	for lang in en ja; do
		cut -f1 "$W/$lang" | grep -Eq "^massho $c( |\$)" ||
			die "$(name $lang) has no section .SS \"massho $c\" (massho --help lists $c)"
	done
done <"$W/cmds"
ok "every command massho --help lists has its .SS section in both pages ($(paste -sd, "$W/cmds"))"

# The options, section by section, in both pages.
fails=0
cut -f1 "$W/en" "$W/ja" | grep -vx -e EXIT -e EMU | sort -u >"$W/sections"
while read -r sec; do
	args=${sec#massho}
	# shellcheck disable=SC2086
	"$M" $args --help >"$W/help" 2>&1
	rc=$?
	short=yes
	[ $rc = 0 ] && grep -q '^Usage' "$W/help" || die "$sec: --help does not answer with its usage (exit $rc)"
	helpopts <"$W/help" | sort -u >"$W/want"
	grep -qx SHORT "$W/want" || short=no
	from="--help"
	# -h/--help and -V/--version are documented once; short options only where --help has
	# option lines.
	drop='^(SHORT|--help|-h|--version|-V)$'
	[ $short = yes ] || drop='^(SHORT|--help|--version|-[A-Za-z])$'
	grep -Ev "$drop" "$W/want" >"$W/w"; mv "$W/w" "$W/want"
	for lang in en ja; do
		awk -F'\t' -v s="$sec" '$1 == s && $2 ~ /^-/ { print $2 }' "$W/$lang" |
			grep -Ev "$drop" | sort -u >"$W/have"
		page=$(name $lang)
		grep -q "^$sec	" "$W/$lang" || { echo "$page: no section \"$sec\"" >&2; fails=$((fails + 1)); continue; }
		missing=$(comm -23 "$W/want" "$W/have" | tr '\n' ' ')
		extra=$(comm -13 "$W/want" "$W/have" | tr '\n' ' ')
		if [ -n "$missing$extra" ]; then
			echo "$page, $sec:${missing:+ not documented (but in $from): $missing}${extra:+ documented, but not in $from: $extra}" >&2
			fails=$((fails + 1))
		fi
	done
done <"$W/sections"
[ $fails = 0 ] || die "$fails sections differ from the program's options"
ok "every section documents exactly the options of its command, in both pages"

# What the pages leave out of pdf and summary is refused by them (exit 2, before any file
# is read), so the getopt table less those is what each takes.
for o in --ca --out; do
	expect_rc 2 "$M" report pdf --key "$W/none.p12" "$o" x "$W/none.json"
done
for o in --photo --journal; do
	expect_rc 2 "$M" report summary --key "$W/none.p12" "$o" x "$W/none.pdf"
done
ok "report pdf refuses --ca and --out, report summary --photo and --journal"

# (c) The erase methods, each a ".B METHOD" entry of the erase section in both pages.
"$M" erase --help >"$W/help" 2>&1 || die "massho erase --help failed"
awk '/^Methods:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' "$W/help" >"$W/methods"
[ "$(wc -l <"$W/methods")" -ge 9 ] || die "cannot read the methods from erase --help"
for lang in en ja; do
	while read -r m; do
		grep -q "^massho erase	M:$m\$" "$W/$lang" || die "$(name $lang): method $m is not documented under massho erase"
	done <"$W/methods"
done
ok "the $(wc -l <"$W/methods") methods of erase --help are in both pages"

# (d) The exit codes: those of enum ms_exit, no more, no fewer, in both pages.
awk '/^enum ms_exit \{/ { on = 1; next } on && /^\};/ { exit }
	on && match($0, /MS_EXIT_[A-Z_]+ = [0-9]+/) { s = substr($0, RSTART, RLENGTH); sub(/.*= /, "", s); print s }' \
	"$TOP/cli/cli.h" | sort -n >"$W/codes"
[ "$(wc -l <"$W/codes")" -ge 19 ] || die "cannot read enum ms_exit from cli/cli.h"
for lang in en ja; do
	awk -F'\t' '$1 == "EXIT" { sub(/^X:/, "", $2); print $2 }' "$W/$lang" | sort -n >"$W/have"
	cmp -s "$W/codes" "$W/have" || die "$(name $lang) EXIT STATUS: codes $(tr '\n' ' ' <"$W/have")but cli/cli.h has $(tr '\n' ' ' <"$W/codes")"
done
ok "EXIT STATUS of both pages lists exactly the $(wc -l <"$W/codes") codes of enum ms_exit"

# The emulated drives' profiles: those of devices/emu.c (ms_emu_profile_names), in both.
awk '/ms_emu_profile_names\[\] = \{/ { on = 1 } on { s = $0
	while (match(s, /"[a-z0-9-]+"/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) }
	if ($0 ~ /\};/) exit }' "$TOP/devices/emu.c" | sort >"$W/profiles"
[ "$(wc -l <"$W/profiles")" -ge 4 ] || die "cannot read ms_emu_profile_names from devices/emu.c"
for lang in en ja; do
	awk -F'\t' '$1 == "EMU" { sub(/^P:/, "", $2); print $2 }' "$W/$lang" | sort >"$W/have"
	cmp -s "$W/profiles" "$W/have" || die "$(name $lang) EMULATED DRIVES: profiles $(tr '\n' ' ' <"$W/have")but devices/emu.c has $(tr '\n' ' ' <"$W/profiles")"
done
ok "both pages describe the $(wc -l <"$W/profiles") profiles of devices/emu.c"

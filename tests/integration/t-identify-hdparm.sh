# `massho devices decode-identify` against hdparm --Istdin on every real IDENTIFY dump
# in tests/fixtures/identify (copied from shared/): model, serial, firmware, capacities, sector sizes,
# security state and erase-time estimates, sanitize, HPA and TRIM must agree.
. "$TOP/tests/integration/lib.sh"
FIX="$TOP/tests/fixtures/identify"
[ -d "$FIX" ] || die "$FIX missing"
command -v hdparm >/dev/null || die "hdparm missing (scripts/install-deps installs it)"
count=0
for f in "$FIX"/*.hex; do
	b=$(basename "$f")
	hdparm --Istdin < "$f" > "$W/h.txt" 2>&1 || die "$b: hdparm failed"
	awk -f "$TOP/tests/integration/identify-hdparm.awk" "$W/h.txt" > "$W/want"
	"$M" devices decode-identify --json "$f" > "$W/j.json" || die "$b: massho failed"
	jq -r --rawfile want "$W/want" '
		. as $root
		| $want | split("\n") | map(select(length > 0) | split("=") | .[0]) | .[]
		| . as $k | $k + "=" + ($root | getpath($k | split(".")) | tostring)' "$W/j.json" > "$W/got"
	if ! diff -u "$W/want" "$W/got" > "$W/diff"; then
		echo "$b: massho differs from hdparm (- hdparm, + massho):"
		grep '^[-+][^-+]' "$W/diff"
		exit 1
	fi
	[ "$(jq .checksum_ok "$W/j.json")" = true ] || die "$b: checksum not verified"
	count=$((count + 1))
done
[ "$count" -ge 30 ] || die "only $count fixtures found"
ok "decode-identify agrees with hdparm --Istdin on all $count dumps"
echo "$n passed"

# The plan is what the erase does. For every class (mynumber, 3, 2, 1) on every emulated
# profile and its fault variants (USB bridges, frozen, self-encrypting locked and not,
# sanitize=none, HPA/DCO, SAS without RSOC or FORMAT UNIT), `massho plan --json` and then
# `massho erase --class` on a fresh copy of the same drive must agree:
#   plan chose M            -> the erase completes with M (record method.id and policy.method
#                              are M; an overwrite writes the planned passes and pattern and
#                              restores the hidden areas when the plan said so; mynumber: a
#                              handover follows)
#   plan: nothing qualifies -> the erase fails closed with the same exit status (9) and the
#                              plan's action in its message; the image is unchanged
#   plan refused (exit N)   -> the erase exits N too; the image is unchanged
# Cases whose mismatch lies outside this test's owners' files are listed in XFAIL with the
# reason: they are reported (XFAIL), and one that starts to agree fails the test (XPASS)
# so that the list is kept honest.
. "$TOP/tests/integration/lib.sh"

# profile[,options]: every profile of docs/emulated-drive.md, then the fault variants.
DRIVES="sata-hdd
sata-hdd,bridge=sat
sata-hdd,bridge=noregs
sata-hdd,bridge=fakeok
sata-hdd,frozen=1
sata-hdd,hpa=1536K
sata-hdd,hpa=1536K,dco=1792K
sata-hdd,password=old
sata-hdd,expired=1
sata-hdd,dco=1792K
sata-hdd,hpa=1536K,hpa-feature=0
sata-hdd,amac=1,hpa=1536K
sata-hdd-hpa,hpa=1536K,dco=1792K
sata-old
sata-old,frozen=1
sata-ssd
sata-ssd,bridge=sat
sata-ssd,frozen=1
sata-ssd,sanitize=none
sata-ssd,sanitize=overwrite
sata-ssd,hpa=1536K
sata-ssd,logical=4096
sata-ssd,password=old
sata-ssd,sed=1
sata-ssd,sed-locked=1
sata-ssd-frozen
sata-ssd-frozen,sanitize=none
nvme-ssd
nvme-ssd,sanitize=none
nvme-ssd,crypto-format=0
nvme-ssd,sanitize=none,format=0
nvme-ssd,bridge=sat
nvme-ssd,sed=1
nvme-ssd,sed-locked=1
nvme-ssd-nosan
nvme-ssd,namespaces=2
nvme-ssd-nosan,namespaces=2
nvme-ssd,namespaces=2,sanitize=none,crypto-format=0
nvme-ssd-nosan,namespaces=2,unallocated=1M
sas-hdd
sas-hdd,sanitize=none
sas-hdd,sanitize=none,format-unit=0
sas-hdd,rsoc=0
sas-hdd,rsoc=0,sense=descriptor
sas-hdd,format-unit=0
sas-hdd,sed-locked=1
sas-ssd
sas-ssd,sanitize=none
sas-ssd,sanitize=block
sas-ssd,sed=1
sas-ssd,rsoc=0
sas-ssd,sed-locked=1
usb-sata-ssd
usb-sata-ssd,bridge=noregs
usb-sata-ssd,bridge=fakeok
usb-sata-ssd,frozen=1
usb-nvme
usb-flash
usb-flash,bridge=fakeok"

# CLASS|DRIVE|reason: known mismatches in files this test's owners do not own (see the
# final report of the change that added this test). Empty when everything agrees.
XFAIL=""

CLASSES="mynumber 3 2 1"
CAP=2M
fill_residents "$W/seed.img" 2

# one case: plan, then erase a fresh copy; writes $dir/result as "ok TEXT" or "FAIL TEXT"
run_case() {
	cls=$1 drive=$2 dir=$3
	mkdir -p "$dir"
	cp "$W/seed.img" "$dir/d.img"
	prof=${drive%%,*} opts=
	[ "$prof" = "$drive" ] || opts=",${drive#*,}"
	D="emu:$prof:$dir/d.img,capacity=$CAP,sanitize-ms=20$opts"
	"$M" plan --class "$cls" --json "$D" >"$dir/plan.json" 2>"$dir/plan.err"
	prc=$?
	# one jq per file: the serial and the decision (tab-separated; the action has no tabs)
	jq -r '.plans[0] | [(.serial // ""), (.decision.method // "-"), (.decision.passes // "-"),
		(.decision.pattern // "-"), (.decision.restore_hidden // "-"), (.decision.action // "")] | @tsv' \
		"$dir/plan.json" >"$dir/plan.tsv" 2>/dev/null
	IFS=$(printf '\t') read -r serial m passes pattern restore act <"$dir/plan.tsv"
	[ -n "$serial" ] || serial=$("$M" devices show --json "$D" 2>/dev/null | jq -r '.serial // empty')
	[ -n "$serial" ] || serial="$D"
	set -- --state-dir "$dir/state" --progress none --class "$cls"
	[ "$cls" = mynumber ] && set -- "$@" --witness "W" --destroy-by 2099-12-31
	"$M" erase "$@" -y "$serial" "$D" >"$dir/out" 2>"$dir/err"
	erc=$?
	judge >"$dir/result"
}

# The verdict of one case, from run_case's variables.
judge() {
	if [ "$prc" = 0 ]; then
		[ "$erc" = 0 ] || { echo "FAIL plan $m (exit 0), erase exit $erc: $(head -c 300 "$dir/err")"; return; }
		rec=$(sed -n "s|^$D: record ||p" "$dir/out" | head -1)
		[ -f "$rec" ] || { echo "FAIL plan $m, erase wrote no record"; return; }
		jq -r '[.method.id, .policy.method, .outcome, (.method.passes | length),
			(.method.passes | map(.pattern) | unique | join("+")), (.policy.restore_hidden // "-"),
			(.hidden_areas.after.hidden_bytes // 0)] | @tsv' "$rec" >"$dir/rec.tsv"
		IFS=$(printf '\t') read -r rm rpm routcome rpasses rpattern rrestore rhidden <"$dir/rec.tsv"
		[ "$rm $rpm $routcome" = "$m $m completed" ] ||
			{ echo "FAIL plan $m, record says method/policy/outcome $rm $rpm $routcome"; return; }
		if [ "$m" = overwrite ]; then
			[ "$passes $pattern $restore" = "$rpasses $rpattern $rrestore" ] || { echo "FAIL plan overwrite" \
				"'$passes $pattern $restore', record '$rpasses $rpattern $rrestore' (passes pattern restore-hidden)"; return; }
			[ "$restore" != true ] || [ "$rhidden" = 0 ] ||
				{ echo "FAIL plan restores hidden areas, $rhidden bytes still hidden after"; return; }
		fi
		if [ "$cls" = mynumber ] && ! grep -q "^$D: handover " "$dir/out"; then
			echo "FAIL plan $m for mynumber, no handover written"
			return
		fi
		echo "ok $m"
		return
	fi
	cmp -s "$dir/d.img" "$W/seed.img" || { echo "FAIL plan exit $prc, but the erase (exit $erc) changed the image"; return; }
	[ "$erc" = "$prc" ] || { echo "FAIL plan exit $prc, erase exit $erc: $(head -c 300 "$dir/err")"; return; }
	if [ "$prc" = 9 ] && ! grep -qF -- "$act" "$dir/err"; then
		echo "FAIL both exit 9, but the erase gives another reason: $(head -c 300 "$dir/err")"
		return
	fi
	echo "ok both exit $prc"
}

# Two workers (the machine has two cores; each case is mostly process start-up).
i=0
for cls in $CLASSES; do
	for drive in $DRIVES; do
		i=$((i + 1))
		echo "$i $cls $drive"
	done
done >"$W/cases"
for w in 0 1 2; do
	(while read -r idx cls drive; do
		[ $((idx % 3)) = "$w" ] || continue
		run_case "$cls" "$drive" "$W/case$idx"
	done <"$W/cases") &
done
wait

fails=0 xfails=0 xpass=0
while read -r idx cls drive; do
	res=$(cat "$W/case$idx/result" 2>/dev/null || echo "FAIL no result")
	known=$(printf '%s\n' "$XFAIL" | awk -F'|' -v c="$cls" -v d="$drive" '$1 == c && $2 == d {print $3}')
	case $res in
	ok*)
		if [ -n "$known" ]; then
			xpass=$((xpass + 1))
			echo "not ok - XPASS class $cls on $drive: ${res#ok } (listed as known: $known)"
		else
			ok "class $cls on $drive: ${res#ok }"
		fi ;;
	*)
		if [ -n "$known" ]; then
			xfails=$((xfails + 1))
			echo "ok - XFAIL class $cls on $drive: ${res#FAIL } [known: $known]"
		else
			fails=$((fails + 1))
			echo "not ok - class $cls on $drive: ${res#FAIL }"
		fi ;;
	esac
done <"$W/cases"
echo "$n agreed, $xfails known mismatches, $fails mismatches, $xpass known cases now agreeing"
[ "$fails" = 0 ] && [ "$xpass" = 0 ]

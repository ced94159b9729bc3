# The officials' and the contractors' guides, run: every command block of
# docs/guide-officials.md and docs/guide-contractors.md marked `<!-- guide-test: NAME -->`
# (must exit 0) or `<!-- guide-test: NAME exit N -->` (must exit N) is extracted and run as
# it is (sh -e), in an order where later blocks use the files earlier ones made: the
# municipality's station erases, hands drives over; the contractor's station erases a batch,
# completes handovers by erasure and by destruction; the municipality receives the
# certificates. The Japanese guides must hold the same blocks.
#
# Two stations, each a directory with its own state directory: the blocks say `massho`, as
# on a station whose state is the default /var/lib/massho; here `massho` is a wrapper that
# passes --state-dir of the station the block runs at (and nothing else). The blocks' shell
# variables (DEV, SERIAL, SIGN, HO…) name emulated drives on images in the temporary
# directory, and keys made by `massho key init` — never a real disk; `massho devices` lists
# the recorded PC of tests/fixtures/sysroot-pc (MS_SYSROOT), not the host's disks.
. "$TOP/tests/integration/lib.sh"
for t in openssl jq; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/install-deps installs it)"; exit 77; }
done
D="$TOP/docs"
for f in guide-officials.md guide-contractors.md; do
	[ -f "$D/$f" ] && [ -f "$D/ja/$f" ] || die "docs/$f or docs/ja/$f missing"
	# the station screen has its own page (docs/station.md); each guide points to it
	grep -qx "## The station screen" "$D/$f" && grep -q "station.md" "$D/$f" || die "docs/$f: no section 'The station screen'"
	grep -qx "## ステーション画面" "$D/ja/$f" && grep -q "station.md" "$D/ja/$f" || die "docs/ja/$f: no section 'ステーション画面'"
done

# blocks DOC: every ```sh block, each after a line "=== NAME" or "=== NAME exit N" (its
# guide-test marker) or "=== -" (unmarked).
blocks() {
	awk '/^<!-- guide-test: [a-z0-9-]+( exit [0-9]+)? -->$/ { name = $3 ($4 == "exit" ? " exit " $5 : ""); next }
	     /^```sh$/ { inb = 1; print "=== " (name == "" ? "-" : name); name = ""; next }
	     inb && /^```$/ { inb = 0; next }
	     inb { print; next }
	     NF { name = "" }' "$1"
}
mkdir "$W/blocks"
all=""
for g in officials contractors; do
	blocks "$D/guide-$g.md" > "$W/$g.en"; blocks "$D/ja/guide-$g.md" > "$W/$g.ja"
	diff -u "$W/$g.en" "$W/$g.ja" > "$W/$g.diff" ||
		{ cat "$W/$g.diff" >&2; die "docs/ja/guide-$g.md: its command blocks differ from docs/guide-$g.md's"; }
	! grep -qx "=== -" "$W/$g.en" || die "docs/guide-$g.md: a \`\`\`sh block without a guide-test marker"
	names=$(sed -n 's/^=== \([a-z0-9-]*\).*/\1/p' "$W/$g.en")
	for b in $names; do
		[ ! -f "$W/blocks/$b.sh" ] || die "block '$b' is marked twice"
		awk -v n="$b" '/^=== / { split($0, a, " "); on = (a[2] == n); if (on) print (a[3] == "exit" ? a[4] : 0) > "/dev/stderr"; next } on' \
			"$W/$g.en" > "$W/blocks/$b.sh" 2> "$W/blocks/$b.exit"
	done
	all="$all $names"
	ok "docs/guide-$g.md has $(echo $names | wc -w) runnable blocks, the same in docs/ja/guide-$g.md"
done

# The wrapper: the real massho, with the state directory of the block's station.
mkdir "$W/bin"
REAL=$(cd "$(dirname "$M")" && pwd)/$(basename "$M")
cat > "$W/bin/massho" <<EOF
#!/bin/sh
case \$1 in
erase|handover|destroy|jobs|unlock|station) c=\$1; shift; exec "$REAL" "\$c" --state-dir "\$GUIDE_STATE" "\$@" ;;
report) case \$2 in
	pdf|summary|overdue|receive) c=\$2; shift 2; exec "$REAL" report "\$c" --state-dir "\$GUIDE_STATE" "\$@" ;;
	ledger) [ "\$3" = verify ] && { shift 3; exec "$REAL" report ledger verify --state-dir "\$GUIDE_STATE" "\$@"; } ;;
	esac ;;
esac
exec "$REAL" "\$@"
EOF
chmod +x "$W/bin/massho"

: > "$W/ran"
# run STATION BLOCK [VAR=VALUE...]: run a block at a station (city or contractor) with those
# variables (and SIGN, the station's key); rc is its exit status, STATION/BLOCK.out its output.
run() {
	st=$1 b=$2; shift 2
	[ -f "$W/blocks/$b.sh" ] || die "no block '$b' in the guides"
	echo "$b" >> "$W/ran"
	(cd "$W/$st" && env GUIDE_STATE="$W/$st-state" PATH="$W/bin:$PATH" MS_SYSROOT="$TOP/tests/fixtures/sysroot-pc" \
		SIGN="$(cat "$W/$st.sign")" "$@" \
		sh -e "$W/blocks/$b.sh") > "$W/$st/$b.out" 2>&1
	rc=$?
}
# block STATION BLOCK [VAR=VALUE...]: run it; it must exit as its marker says.
block() {
	run "$@"
	want=$(cat "$W/blocks/$2.exit")
	[ "$rc" = "$want" ] || { cat "$W/$1/$2.out" >&2; die "block $2 exited $rc, the guide says $want"; }
}
# new STATION GLOB: the files matching GLOB made since the last call (relative to STATION).
new() {
	(cd "$W/$1" && ls -d $2 2>/dev/null) | sort > "$W/now"
	[ -f "$W/seen" ] || : > "$W/seen"
	comm -13 "$W/seen" "$W/now"
	sort -u "$W/seen" "$W/now" -o "$W/seen"
}
serial() { "$M" devices show --json "$1" | jq -r .serial; }
unerased() { grep -q -a RESIDENT-RECORD "$1"; }
jpeg() { { printf '\377\330\377\340'; head -c 3000 /dev/urandom; } > "$1"; }

# The two stations. The municipality's key is the information-policy section's business
# (a trial key here); the contractor's is made by the guide's block.
echo "correct horse battery staple" > "$W/pass"
mkdir -p "$W/city/photos" "$W/city/received" "$W/contractor/photos" "$W/contractor/in" "$W/img"
"$M" key init --name "試験市 情報政策課" --org "試験市" --out "$W/city/keys" --passphrase-file "$W/pass" >/dev/null ||
	die "key init"
cp "$W/city/keys/massho-cert.pem" "$W/city/ca.pem"
echo "--key keys/massho-key.p12 --passphrase-file $W/pass" > "$W/city.sign"
cp "$W/pass" "$W/contractor/passphrase.txt"
echo "--key keys/massho-key.p12 --passphrase-file passphrase.txt" > "$W/contractor.sign"
jpeg "$W/city/photos/label.jpg"; jpeg "$W/contractor/photos/before.jpg"; jpeg "$W/contractor/photos/after.jpg"
for i in ssd flash hdd2 myno bridge c1 c2 c3 frozen lock; do fill_residents "$W/img/$i.img" 8; done
fill_residents "$W/img/kill.img" 128

# The municipality: an SSD of class 3 erased on the premises.
SSD="emu:sata-ssd:$W/img/ssd.img"
block city o-devices DEV="$SSD"
grep -q "WD-WCC6Y0ABCDEF" "$W/city/o-devices.out" || die "o-devices: not the recorded PC's disks: $(cat "$W/city/o-devices.out")"
block city o-plan DEV="$SSD"
block city o-erase DEV="$SSD" SERIAL="$(serial "$SSD")"
[ "$(new city 'certificates/MS-*.pdf' | wc -l)" = 1 ] || die "o-erase: no certificate"
! unerased "$W/img/ssd.img" || die "o-erase: the SSD still holds resident records"
block city o-verify
ok "officials: devices, plan, erase of class 3 on the premises with a signed certificate, verified"

# Handovers: a USB flash drive (row 2 cannot be met in software), an HDD of class 2, a My
# Number NVMe drive, a dead drive by its label.
FLASH="emu:usb-flash:$W/img/flash.img" HDD2="emu:sata-hdd:$W/img/hdd2.img" MYNO="emu:nvme-ssd:$W/img/myno.img"
block city o-plan-flash DEV="$FLASH"
unerased "$W/img/flash.img" || die "plan wrote to the drive"
block city o-handover DEV="$FLASH" SERIAL="$(serial "$FLASH")"
HO_FLASH=$(new city 'certificates/HO-*.json')
block city o-handover DEV="$HDD2" SERIAL="$(serial "$HDD2")"
HO_HDD2=$(new city 'certificates/HO-*.json')
block city o-mynumber DEV="$MYNO" SERIAL="$(serial "$MYNO")"
HO_MYNO=$(new city 'certificates/HO-*.json')
block city o-dead-drive
HO_DEAD=$(new city 'certificates/HO-*.json')
for h in "$HO_FLASH" "$HO_HDD2" "$HO_MYNO" "$HO_DEAD"; do
	[ -n "$h" ] && [ "$(echo "$h" | wc -l)" = 1 ] && [ -f "$W/city/${h%.json}.pdf" ] || die "a handover block made no single HO record: '$h'"
done
for i in flash hdd2 myno; do ! unerased "$W/img/$i.img" || die "$i: not pre-erased before the handover"; done
ok "officials: USB flash refused for row 2 (exit 9), handed over pre-erased; an HDD of class 2, a My Number drive and a dead drive handed over"

BRIDGE="emu:sata-hdd:$W/img/bridge.img,bridge=noregs"
block city o-usb-bridge DEV="$BRIDGE" SERIAL="$(serial "$BRIDGE")"
unerased "$W/img/bridge.img" || die "o-usb-bridge wrote to the drive"
ok "officials: a drive behind a USB bridge that fails the self-test is refused (exit 9), unwritten"

# The municipality hands the drives and their records to the contractor, and its CA.
for h in "$HO_FLASH" "$HO_HDD2" "$HO_MYNO"; do cp "$W/city/${h%.json}".* "$W/contractor/in/"; done
cp "$W/city/ca.pem" "$W/contractor/city-ca.pem"

# The contractor: key, a batch of three, its summary.
block contractor c-key-init
[ -f "$W/contractor/keys/massho-key.p12" ] && [ -f "$W/contractor/ca.pem" ] || die "c-key-init: no key"
C1="emu:sata-hdd:$W/img/c1.img" C2="emu:sata-ssd:$W/img/c2.img" C3="emu:nvme-ssd:$W/img/c3.img"
block contractor c-plan DEV1="$C1" DEV2="$C2" DEV3="$C3"
block contractor c-erase-batch DEV1="$C1" DEV2="$C2" DEV3="$C3" \
	SERIAL1="$(serial "$C1")" SERIAL2="$(serial "$C2")" SERIAL3="$(serial "$C3")"
[ "$(new contractor 'certificates/MS-*.pdf' | wc -l)" = 3 ] || die "c-erase-batch: not 3 certificates"
for i in c1 c2 c3; do ! unerased "$W/img/$i.img" || die "c-erase-batch: $i not erased"; done
block contractor c-summary
ls "$W/contractor/summary/"SU-*.pdf >/dev/null 2>&1 || die "c-summary: no summary certificate"
ok "contractors: trial key, a batch of a SATA HDD, a SATA SSD and an NVMe SSD erased at once, a signed summary"

# Completing the handovers: by erasure (the HDD), by destruction (flash, My Number).
block contractor c-handover-erase HO="in/${HO_HDD2#certificates/}" DEV="$HDD2" SERIAL="$(serial "$HDD2")"
DONE=$(new contractor 'certificates/MS-*.pdf')
[ "$(echo "$DONE" | wc -l)" = 1 ] || die "c-handover-erase: no certificate"
block contractor c-handover-flash HO="in/${HO_FLASH#certificates/}" DEV="$FLASH" SERIAL="$(serial "$FLASH")"
block contractor c-handover-flash HO="in/${HO_MYNO#certificates/}" DEV="$MYNO" SERIAL="$(serial "$MYNO")"
[ -z "$(new contractor 'certificates/*.pdf')" ] || die "c-handover-flash made a certificate"
block contractor c-destroy HO="in/${HO_FLASH#certificates/}" DEV="$FLASH"
block contractor c-destroy HO="in/${HO_MYNO#certificates/}" DEV="$MYNO"
DS=$(new contractor 'certificates/DS-*.pdf')
[ "$(echo "$DS" | wc -l)" = 2 ] || die "c-destroy: not 2 destruction certificates"
block contractor c-verify
ok "contractors: a class-2 handover completed by erasure; flash and My Number handovers refused for erasure (exit 9), destroyed with photos; every certificate and the ledger verify"

# Back at the municipality: receive, overdue, ledger.
for f in $DONE $DS; do cp "$W/contractor/$f" "$W/city/received/"; done
cp "$W/contractor/ca.pem" "$W/city/contractor-ca.pem"
block city o-receive
block city o-verify-received
block city o-overdue
block city o-ledger
# the records were written with an absolute --out: the journal finds them from anywhere
(cd / && "$REAL" report overdue --state-dir "$W/city-state" --json) > "$W/overdue.json" || die "report overdue from /: $(cat "$W/overdue.json")"
[ "$(jq .completed "$W/overdue.json")" = 3 ] && [ "$(jq ".overdue | length" "$W/overdue.json")" = 0 ] || die "overdue: $(cat "$W/overdue.json")"
ok "officials: the contractor's certificates received (3 handovers completed), none overdue, the ledger verifies"

# Power loss: an erase killed half-way, listed by jobs, erased again.
KILL="emu:sata-hdd:$W/img/kill.img"
njournals=$(ls "$W/contractor-state/journal" | wc -l)
"$M" erase --state-dir "$W/contractor-state" --progress none -m overwrite -n 3 -y "$(serial "$KILL")" "$KILL" >/dev/null 2>&1 &
p=$! t=0
# kill it once its journal is there (a 128 MiB overwrite, 3 passes and a read-back, takes longer)
while [ "$(ls "$W/contractor-state/journal" | wc -l)" = "$njournals" ] && [ $t -lt 100 ]; do sleep 0.05; t=$((t + 1)); done
sleep 0.1; kill -9 $p 2>/dev/null || die "the erase to kill ended before it was killed"
{ wait $p; } 2>/dev/null
block contractor c-jobs-unfinished
block contractor c-resume DEV="$KILL" SERIAL="$(serial "$KILL")"
! unerased "$W/img/kill.img" || die "c-resume: not erased"
# A security erase cut off by a power loss (the emulator's fault hook), then unlocked.
LOCK="emu:sata-hdd:$W/img/lock.img"
expect_rc 6 "$M" erase --state-dir "$W/contractor-state" --progress none -m security-erase-enhanced \
	-y "$(serial "$LOCK")" "$LOCK,powerloss=security-erase"
block contractor c-unlock DEV="$LOCK" SERIAL="$(serial "$LOCK")"
! unerased "$W/img/lock.img" || die "c-unlock: not erased"
FROZEN="emu:sata-ssd-frozen:$W/img/frozen.img"
block contractor c-frozen DEV="$FROZEN" SERIAL="$(serial "$FROZEN")"
unerased "$W/img/frozen.img" || die "c-frozen wrote to the drive"
ok "contractors: a killed erase listed by jobs (exit 6) and erased again; a security erase cut off unlocked and erased; a frozen drive refused (exit 4)"

# The station screen needs a terminal, which this test has not: its block must get as far
# as that (options, configuration and key taken) and stop there, exit 2, with the reason.
for st in city contractor; do
	b=o-station; [ $st = contractor ] && b=c-station
	printf 'organisation = 試験市\noperator = 山田 太郎\nclass = 3\n' > "$W/$st/station.conf"
	block $st $b </dev/null
	grep -q "station: needs a terminal" "$W/$st/$b.out" || { cat "$W/$st/$b.out" >&2; die "$b: stopped for another reason"; }
done
ok "the station's command in both guides is accepted, and stops only for want of a terminal (exit 2)"

# The runner can fail: a block with a mistyped option does.
sed 's/--class 3/--klass 3/' "$W/blocks/o-plan.sh" > "$W/blocks/o-plan-typo.sh"; echo 0 > "$W/blocks/o-plan-typo.exit"
grep -q -- --klass "$W/blocks/o-plan-typo.sh" || die "the typo was not made"
run city o-plan-typo DEV="$SSD"; [ "$rc" = 2 ] || die "a mistyped option: exit $rc"
ok "a block with a mistyped option fails (exit 2)"

for b in $all; do grep -qx "$b" "$W/ran" || die "block '$b' of the guides is never run"; done
ok "every marked block of the guides was run"
echo "$n passed"

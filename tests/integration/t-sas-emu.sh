# SAS drives through the CLI on the emulated SCSI firmware: SANITIZE (crypto, block,
# overwrite) and FORMAT UNIT with sense-based success and the sample proof; an
# unsupported sanitize is refused untouched; a failed one ends as failed; one cut by
# power loss is waited for by running the same command again. Under a class, the plan
# chooses what the drive reports (REPORT SUPPORTED OPERATION CODES) and the erase does it.
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
rec_of() { sed -n "s|^$1: record ||p" "$W/out"; }
for pm in sas-ssd:sanitize-crypto sas-ssd:sanitize-block sas-hdd:sanitize-overwrite sas-hdd:format-unit; do
	p=${pm%%:*} m=${pm#*:}
	fill_residents "$W/$m.img" 8
	D="emu:$p:$W/$m.img,sanitize-ms=120"
	expect_rc 0 "$M" erase --state-dir "$S" --progress none -m "$m" -y "$(serial "$D")" "$D"
	r=$(rec_of "$D")
	[ "$(field "$r" .outcome)" = completed ] && [ "$(field "$r" .sample_proof.passed)" = true ] || die "$m: record"
	[ "$(field "$r" .device.transport)" = sas ] || die "$m: transport"
	! grep -q -a RESIDENT-RECORD "$W/$m.img" || die "$m: records survived"
	case $m in sanitize-*) field "$r" '.method.commands | map(.command) | join(",")' | grep -q "SANITIZE (.*),REQUEST SENSE$" \
		|| die "$m: the final REQUEST SENSE is not recorded" ;; esac
	ok "$p $m: completed, proof passed ($(field "$r" .sample_proof.verdict) after)"
done
fill_residents "$W/u.img" 8
cp "$W/u.img" "$W/u.orig"
D="emu:sas-hdd:$W/u.img"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q "does not support SANITIZE (CRYPTOGRAPHIC ERASE) (sense 5/24h/00h)" "$W/out" || die "unsupported message"
cmp -s "$W/u.img" "$W/u.orig" || die "changed"
ok "an unsupported sanitize is refused with the drive's sense, nothing changed"
D="emu:sas-ssd:$W/f.img,capacity=8M,sanitize-ms=40,sanitize-fail=1"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-block -y "$(serial "$D")" "$D"
grep -q "SANITIZE COMMAND FAILED" "$W/out" || die "failure message $(cat "$W/out")"
ok "a failed sanitize (31h/03h) ends as failed"
fill_residents "$W/p.img" 8
# long enough that the second run still finds it running on a loaded machine
# 1.5 s: long enough that the second run still finds it running on a loaded machine
D="emu:sas-ssd:$W/p.img,sanitize-ms=1500,powerloss=sanitize"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
D="emu:sas-ssd:$W/p.img,sanitize-ms=1500"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q '"event":"sanitize-resumed"' "$S/journal/$(field "$(rec_of "$D")" .record_id).jsonl" || die "not resumed"
! grep -q -a RESIDENT-RECORD "$W/p.img" || die "records survived"
ok "a sanitize cut by power loss is resumed and completes"
# The plan asks the drive (REPORT SUPPORTED OPERATION CODES, VPD B1h) and the erase under
# the same class does what the plan said.
plan_method() { "$M" plan --class "$1" --json "$2" > "$W/plan.json"; jq -r '.plans[0].decision.method // "none"' "$W/plan.json"; }
for cm in 2:sas-hdd::sanitize-overwrite 3:sas-hdd::sanitize-overwrite 2:sas-ssd::sanitize-crypto \
	2:sas-ssd:,sanitize=block:sanitize-block 1:sas-hdd:,sanitize=none:format-unit \
	1:sas-hdd:,sanitize=none,format-unit=0:overwrite 1:sas-ssd:,sanitize=none:overwrite; do
	c=${cm%%:*} rest=${cm#*:} p=${rest%%:*} rest=${rest#*:} o=${rest%%:*} meth=${rest#*:}
	img="$W/c$c-$p$(echo "$o" | tr ',=' '__').img"
	fill_residents "$img" 4
	D="emu:$p:$img,sanitize-ms=20$o"
	[ "$(plan_method "$c" "$D")" = "$meth" ] || die "class $c $p$o: plan $(cat "$W/plan.json")"
	expect_rc 0 "$M" erase --state-dir "$S" --progress none --class "$c" -y "$(serial "$D")" "$D"
	r=$(rec_of "$D")
	[ "$(field "$r" .method.id)" = "$meth" ] && [ "$(field "$r" .outcome)" = completed ] || die "class $c $p$o: record $r"
	! grep -q -a RESIDENT-RECORD "$img" || die "class $c $p$o: records survived"
	ok "class $c on $p$o: plan and erase both $meth"
done
expect_rc 0 "$M" plan --class 2 "emu:sas-hdd:$W/c2-sas-hdd.img"
grep -q "sanitize-crypto: the drive does not offer SANITIZE crypto (REPORT SUPPORTED OPERATION CODES)" "$W/out" ||
	die "sas-hdd reason: $(cat "$W/out")"
# sanitize=none on a SAS SSD: no purge to offer, row 2 fails closed in plan and erase alike
fill_residents "$W/ns.img" 4
cp "$W/ns.img" "$W/ns.orig"
D="emu:sas-ssd:$W/ns.img,sanitize=none"
expect_rc 9 "$M" plan --class 2 "$D"
grep -q "sanitize-block: the drive does not offer SANITIZE block" "$W/out" || die "no-purge reason: $(cat "$W/out")"
expect_rc 9 "$M" erase --state-dir "$S" --progress none --class 2 -y "$(serial "$D")" "$D"
grep -q "does not offer SANITIZE crypto" "$W/err" || die "erase reason: $(cat "$W/err")"
cmp -s "$W/ns.img" "$W/ns.orig" || die "changed"
ok "a SAS SSD without sanitize: class 2 fails closed in plan and erase (exit 9), nothing written"
# No RSOC (fixed or descriptor sense): the drive's methods are unknown and not assumed
# (an HDD then gets the guideline's ③, the host overwrite of every LBA; an SSD nothing)
for o in ",rsoc=0" ",rsoc=0,sense=descriptor"; do
	D="emu:sas-ssd:$W/ns.img$o"
	expect_rc 9 "$M" plan --class 2 "$D"
	grep -q "sanitize-crypto: unknown whether the drive offers SANITIZE crypto: it does not answer REPORT SUPPORTED OPERATION CODES" \
		"$W/out" || die "unknown reason: $(cat "$W/out")"
	expect_rc 9 "$M" erase --state-dir "$S" --progress none --class 2 -y "$(serial "$D")" "$D"
	cmp -s "$W/ns.img" "$W/ns.orig" || die "changed"
	D="emu:sas-hdd:$W/ns.img$o"
	expect_rc 0 "$M" plan --class 2 "$D"
	grep -q "sanitize-overwrite: unknown whether the drive offers SANITIZE overwrite: it does not answer REPORT SUPPORTED OPERATION CODES" \
		"$W/out" || die "unknown reason: $(cat "$W/out")"
	[ "$(plan_method 2 "$D")" = overwrite ] || die "rsoc=0 class 2 on an HDD: $(cat "$W/plan.json")"
	[ "$(plan_method 1 "$D")" = overwrite ] || die "rsoc=0 class 1: $(cat "$W/plan.json")"
done
D="emu:sas-hdd:$W/ns.img,rsoc=0,sanitize-ms=20"
expect_rc 0 "$M" erase --state-dir "$S" --progress none --class 2 -m sanitize-overwrite -y "$(serial "$D")" "$D"
! grep -q -a RESIDENT-RECORD "$W/ns.img" || die "records survived"
ok "without RSOC: nothing assumed (the reason says unknown): a SAS SSD fails closed at class 2, a SAS HDD is overwritten (③); -m lets the drive decide"
# A SCSI disk speaks no ATA: nothing ATA is shown, probe says so (issue 14); a drive that
# reports no rotation rate is an unknown medium, not a hard disk
D="emu:sas-hdd:$W/ns.img"
"$M" devices show --json "$D" > "$W/show.json" || die "devices show"
[ "$(jq -r .ata "$W/show.json")" = null ] || die "ATA data for a SCSI disk: $(jq -c .ata "$W/show.json")"
"$M" devices probe --json "$D" > "$W/probe.json"
[ "$(jq '[.commands[] | select(.answer == "ok")] | length' "$W/probe.json")" = 0 ] ||
	die "probe: an ATA command answered by a SCSI disk: $(cat "$W/probe.json")"
D="emu:sas-hdd:$W/ns.img,rotation=unreported"
expect_rc 0 "$M" plan --class 1 "$D"
grep -q "medium    unknown: the drive does not report whether it rotates" "$W/out" || die "unknown medium: $(cat "$W/out")"
[ "$(plan_method 2 "$D")" = none ] || die "unknown medium, class 2: $(cat "$W/plan.json")"
ok "a SCSI disk shows no ATA data; without a rotation rate its medium is unknown (row 2: no software method)"

# A SATA drive on a SAS HBA answers IDENTIFY: an ATA drive (its hidden areas, its security
# erase), not a SAS drive whose overwrite skips the HPA/DCO check
fill_residents "$W/sata.img" 256 # the profile's size: its HPA (224 MiB) and DCO (240 MiB) hide the rest
D="emu:sata-hdd-hpa:$W/sata.img,transport=sas"
"$M" plan --class 2 --json "$D" > "$W/plan.json"
[ "$(jq -r '.plans[0].medium' "$W/plan.json")" = hdd ] || die "SATA on SAS: medium $(jq -r '.plans[0].medium' "$W/plan.json")"
m=$(jq -r '.plans[0].decision.method' "$W/plan.json")
expect_rc 0 "$M" erase --state-dir "$S" --progress none --class 2 -y "$(serial "$D")" "$D"
r=$(sed -n "s|^$D: record ||p" "$W/out")
[ "$(field "$r" .method.id)" = "$m" ] || die "SATA on SAS: erased with $(field "$r" .method.id), planned $m"
! grep -q -a RESIDENT-RECORD "$W/sata.img" || die "SATA on SAS: records survived (hidden areas?)"
ok "a SATA drive on a SAS HBA is planned and erased as an ATA drive ($m), hidden areas included"
echo "$n passed"

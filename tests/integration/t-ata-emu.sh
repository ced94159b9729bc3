# Firmware erase methods and hidden areas through the CLI on emulated ATA drives:
# success with the sample proof, HPA/DCO restore + overwrite, and every refusal or
# recoverable failure (frozen, expired counter, foreign password, power loss with
# massho unlock, failed sanitize, sanitize resumed after power loss, USB, NVMe).
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
rec_of() { sed -n "s|^$1: record ||p" "$W/out"; }

for m in security-erase security-erase-enhanced sanitize-block sanitize-crypto sanitize-overwrite; do
	fill_residents "$W/$m.img" 16
	D="emu:sata-ssd:$W/$m.img,sanitize-ms=100"
	expect_rc 0 "$M" erase --state-dir "$S" --progress none -m "$m" -y "$(serial "$D")" "$D"
	r=$(rec_of "$D")
	[ "$(field "$r" .outcome)" = completed ] || die "$m: outcome"
	[ "$(field "$r" .method.id)" = "$m" ] || die "$m: method"
	[ "$(field "$r" .sample_proof.passed)" = true ] || die "$m: proof"
	[ "$(field "$r" .sample_proof.count)" = 64 ] || die "$m: proof count"
	[ "$(field "$r" '.sample_proof.samples[0].lba')" = 0 ] || die "$m: first LBA not sampled"
	[ "$(field "$r" '.sample_proof.samples[63].lba')" = 32767 ] || die "$m: last LBA not sampled"
	[ "$(field "$r" '[.sample_proof.samples[] | select(.changed == false)] | length')" = 0 ] || die "$m: unchanged sample"
	[ "$(field "$r" '.method.commands | map(.command) | join(",")')" != "" ] || die "$m: no commands"
	[ "$(field "$r" .content_sha256)" = "$(sha256sum < "$W/$m.img" | cut -d' ' -f1)" ] || die "$m: content hash"
	! grep -q -a RESIDENT-RECORD "$W/$m.img" || die "$m: records survived"
	[ "$m" = security-erase-enhanced ] && enh_rec=$r
	ok "$m: completed, $(field "$r" .sample_proof.verdict) after, 64 samples all changed, commands recorded"
done
r=$enh_rec
field "$r" '.method.commands | map(.command) | join(",")' | grep -q "SECURITY SET PASSWORD,SECURITY ERASE PREPARE,ENHANCED SECURITY ERASE UNIT,IDENTIFY DEVICE" \
	|| die "security erase command sequence: $(field "$r" '.method.commands | map(.command) | join(",")')"
j="$S/journal/$(field "$r" .record_id).jsonl"
grep -q '"event":"ata-password"' "$j" || die "password not journaled"
[ "$(grep -n '"event":"ata-password"' "$j" | cut -d: -f1)" -lt "$(grep -n 'SECURITY SET PASSWORD' "$j" | cut -d: -f1)" ] \
	|| die "password journaled after it was set"
! grep -q -a '"password"' "$r" || die "the record must not carry the password"
ok "security erase: password journaled before it is set, never in the record"

# HPA + DCO: restore, then overwrite everything
fill_residents "$W/hpa.img" 256
D="emu:sata-hdd-hpa:$W/hpa.img"
[ "$("$M" devices show --json "$D" | jq .capacity_bytes)" = $((224 * 1048576)) ] || die "HPA not applied"
cp "$W/hpa.img" "$W/hpa2.img"
D2="emu:sata-hdd-hpa:$W/hpa2.img"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -y "$(serial "$D2")" "$D2"
grep -q "warning: .* sectors hidden by HPA/DCO were not overwritten" "$W/out" || die "no hidden-area warning"
grep -q -a RESIDENT-RECORD "$W/hpa2.img" || die "without --restore-hidden the hidden tail should be untouched"
expect_rc 0 "$M" erase --state-dir "$S" --progress none --restore-hidden -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
[ "$(field "$r" .hidden_areas.before.hpa_present)" = true ] || die "HPA before"
[ "$(field "$r" .hidden_areas.before.dco_present)" = true ] || die "DCO before"
[ "$(field "$r" .hidden_areas.before.accessible_sectors)" = $((224 * 2048)) ] || die "accessible before"
[ "$(field "$r" .hidden_areas.after.accessible_sectors)" = $((256 * 2048)) ] || die "accessible after"
[ "$(field "$r" .hidden_areas.after.hpa_present)" = false ] || die "HPA after"
[ "$(field "$r" .bytes_written)" = $((256 * 1048576)) ] || die "not the whole native capacity written"
[ "$(field "$r" .content_sha256)" = "$(sha256sum < "$W/hpa.img" | cut -d' ' -f1)" ] || die "hash of the whole drive"
! grep -q -a RESIDENT-RECORD "$W/hpa.img" || die "records survived in the hidden area"
ok "HPA+DCO restored (224 MiB -> 256 MiB) and overwritten; limits before/after in the record"

# refusals: frozen (and --unfreeze), expired counter, a password someone else set
fill_residents "$W/frz.img" 8
cp "$W/frz.img" "$W/frz.orig"
D="emu:sata-ssd-frozen:$W/frz.img"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
grep -q "^$D: failed: ATA security is frozen .*suspend and resume" "$W/out" || die "frozen message: $(cat "$W/out")"
cmp -s "$W/frz.img" "$W/frz.orig" || die "a frozen drive was written"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m security-erase --unfreeze -y "$(serial "$D")" "$D"
ok "frozen drive refused untouched (exit 4); --unfreeze suspends/resumes and completes"
D="emu:sata-hdd:$W/exp.img,capacity=8M,expired=1"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
grep -q "attempt counter has expired" "$W/out" || die "expired message"
D="emu:sata-hdd:$W/pw.img,capacity=8M,password=someone"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
grep -q "already has a user password" "$W/out" || die "foreign password message"
ok "expired counter and a foreign password are refused with what to do"

# power loss in the middle of SECURITY ERASE UNIT, then massho unlock
fill_residents "$W/pl.img" 8
D="emu:sata-hdd:$W/pl.img,powerloss=security-erase"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
grep -q "run 'massho unlock" "$W/out" || die "power loss message: $(cat "$W/out")"
D="emu:sata-hdd:$W/pl.img"
[ "$("$M" devices show --json "$D" | jq -r .serial)" != null ] || die "describe"
expect_rc 3 "$M" unlock --state-dir "$W/other-state" "$D"
expect_rc 0 "$M" unlock --state-dir "$S" "$D"
r=$(rec_of "$D")
[ "$(field "$r" .kind)" = unlock ] && [ "$(field "$r" .outcome)" = completed ] || die "unlock record"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
! grep -q -a RESIDENT-RECORD "$W/pl.img" || die "records survived the second erase"
ok "power loss mid erase: clear failure, massho unlock restores access, erase again completes"

# sanitize: failure, and resumption after a power loss
D="emu:sata-ssd:$W/sf.img,capacity=8M,sanitize-ms=50,sanitize-fail=1"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-block -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
[ "$(field "$r" .outcome)" = failed ] || die "failed sanitize outcome"
grep -q "SANITIZE failed" "$W/out" || die "sanitize failure message"
fill_residents "$W/sr.img" 8
D="emu:sata-ssd:$W/sr.img,sanitize-ms=400,powerloss=sanitize"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q "run the same command again" "$W/out" || die "sanitize power-loss message"
D="emu:sata-ssd:$W/sr.img,sanitize-ms=400"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
grep -q '"event":"sanitize-resumed"' "$S/journal/$(field "$r" .record_id).jsonl" || die "not resumed"
! grep -q -a RESIDENT-RECORD "$W/sr.img" || die "records survived the resumed sanitize"
ok "a failed sanitize ends as failed; one cut by power loss is resumed and completes"

# attachments without ATA: USB flash, NVMe
D="emu:usb-flash:$W/usb.img"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
grep -q "behind a USB bridge" "$W/out" || die "USB message"
D="emu:nvme-ssd:$W/nv.img,capacity=8M"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
grep -q "security erase is an ATA method" "$W/out" || die "ATA method on NVMe: $(cat "$W/out")"
expect_rc 4 "$M" erase --state-dir "$S" --progress none --restore-hidden -y "$(serial "$D")" "$D"
grep -q "hidden areas (HPA/DCO) cannot be checked" "$W/out" || die "restore-hidden on NVMe"
truncate -s 8M "$W/plain.img"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m sanitize-block -y "$W/plain.img" "$W/plain.img"
grep -q "ATA commands cannot be passed" "$W/out" || die "no-ATA message"
ok "no firmware erase through USB or without ATA; --restore-hidden fails closed there"
# A self-encrypting drive with locked ranges (SATA and NVMe): nothing is sent to it, by
# any method; the record and the message say why and what to do instead.
for prof in sata-ssd nvme-ssd; do
	fill_residents "$W/sed-$prof.img" 8
	D="emu:$prof:$W/sed-$prof.img,sed-locked=1,sanitize-ms=50"
	expect_rc 4 "$M" erase --state-dir "$S" --progress none -m overwrite -y "$(serial "$D")" "$D"
	grep -q "is a self-encrypting drive (TCG Opal 2) with locked ranges.*PSID printed on its label" "$W/out" ||
		die "$prof: locked SED message: $(cat "$W/out")"
	r=$(rec_of "$D")
	[ "$(field "$r" .outcome)" = failed ] && [ "$(field "$r" '.method.commands | length')" = 0 ] ||
		die "$prof: record: $(field "$r" '[.outcome, .method.commands]')"
	# under a class the plan already says it (issue 13: the plan says what the erase does)
	expect_rc 9 "$M" plan --class 3 "$D"
	grep -q "self-encrypting drive with locked ranges" "$W/out" || die "$prof: plan: $(cat "$W/out")"
	expect_rc 9 "$M" erase --state-dir "$S" --progress none --class 3 -y "$(serial "$D")" "$D"
	grep -q "self-encrypting drive with locked ranges" "$W/err" || die "$prof: erase --class: $(cat "$W/err")"
	grep -q -a RESIDENT-RECORD "$W/sed-$prof.img" || die "$prof: the drive was written"
done
ok "a locked self-encrypting drive (SATA, NVMe): refused before any command (exit 4), record and message say what to do; under a class the plan and the erase both refuse it (exit 9)"
echo "$n passed"

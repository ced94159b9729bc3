# SAS drives through the CLI on the emulated SCSI firmware: SANITIZE (crypto, block,
# overwrite) and FORMAT UNIT with sense-based success and the sample proof; an
# unsupported sanitize is refused untouched; a failed one ends as failed; one cut by
# power loss is waited for by running the same command again.
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
D="emu:sas-ssd:$W/p.img,sanitize-ms=300,powerloss=sanitize"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
D="emu:sas-ssd:$W/p.img,sanitize-ms=300"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q '"event":"sanitize-resumed"' "$S/journal/$(field "$(rec_of "$D")" .record_id).jsonl" || die "not resumed"
! grep -q -a RESIDENT-RECORD "$W/p.img" || die "records survived"
ok "a sanitize cut by power loss is resumed and completes"
echo "$n passed"

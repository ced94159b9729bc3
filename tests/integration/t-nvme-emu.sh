# NVMe firmware erase through the CLI on the emulated controller: sanitize crypto and
# block, Format NVM SES=1 and SES=2, each with SSTAT/status-based success and the sample
# proof; a failed sanitize ends as failed; one cut by power loss is resumed by running the
# same command again; a controller without sanitize (as QEMU's) is refused with the reason.
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
rec_of() { sed -n "s|^$1: record ||p" "$W/out"; }
for m in sanitize-crypto sanitize-block format-user format-crypto; do
	fill_residents "$W/$m.img" 16
	D="emu:nvme-ssd:$W/$m.img,sanitize-ms=150"
	expect_rc 0 "$M" erase --state-dir "$S" --progress none -m "$m" -y "$(serial "$D")" "$D"
	r=$(rec_of "$D")
	[ "$(field "$r" .outcome)" = completed ] || die "$m: outcome"
	[ "$(field "$r" .device.transport)" = nvme ] || die "$m: transport"
	[ "$(field "$r" .sample_proof.passed)" = true ] || die "$m: proof"
	[ "$(field "$r" .sample_proof.count)" = 64 ] || die "$m: proof count"
	! grep -q -a RESIDENT-RECORD "$W/$m.img" || die "$m: records survived"
	cmds=$(field "$r" '.method.commands | map(.command) | join(",")')
	case $m in
	sanitize-*) echo "$cmds" | grep -q "SANITIZE (.*),GET LOG PAGE (SANITIZE STATUS)$" || die "$m: commands $cmds" ;;
	format-*) echo "$cmds" | grep -q "IDENTIFY NAMESPACE,FORMAT NVM (SES=" || die "$m: commands $cmds" ;;
	esac
	ok "$m: completed ($(field "$r" .sample_proof.verdict) after), proof in the record"
done

D="emu:nvme-ssd:$W/f.img,capacity=8M,sanitize-ms=50,sanitize-fail=1"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-block -y "$(serial "$D")" "$D"
grep -q "SSTAT says failed" "$W/out" || die "failed sanitize message: $(cat "$W/out")"
[ "$(field "$(rec_of "$D")" .outcome)" = failed ] || die "failed outcome"
ok "a failed sanitize ends as failed (exit 6), reason from SSTAT"

fill_residents "$W/p.img" 8
D="emu:nvme-ssd:$W/p.img,sanitize-ms=400,powerloss=sanitize"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
D="emu:nvme-ssd:$W/p.img,sanitize-ms=400"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
grep -q '"event":"sanitize-resumed"' "$S/journal/$(field "$r" .record_id).jsonl" || die "not resumed"
! grep -q -a RESIDENT-RECORD "$W/p.img" || die "records survived"
ok "a sanitize cut by power loss is found in progress and waited for by the same command"

# The operator stops waiting (SIGINT): the sanitize goes on in the drive, the run ends as
# interrupted (exit 11) and says how to get the record; the same command then waits for it.
fill_residents "$W/i.img" 8
D="emu:nvme-ssd:$W/i.img,sanitize-ms=4000"
"$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D" > "$W/out" 2>&1 &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
rc=$?
[ $rc = 11 ] || die "interrupted wait: exit $rc, wanted 11: $(cat "$W/out")"
grep -q "stopped waiting; the sanitize goes on in the drive" "$W/out" || die "interrupt message: $(cat "$W/out")"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q '"event":"sanitize-resumed"' "$S/journal/$(field "$(rec_of "$D")" .record_id).jsonl" || die "not resumed"
ok "SIGINT while waiting for a sanitize: exit 11 with what to do; the same command then waits for it"

D="emu:nvme-ssd-nosan:$W/b.img,capacity=8M"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q "no Sanitize support (SANICAP 0)" "$W/out" || die "nosan message"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m format-user -y "$(serial "$D")" "$D"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m format-crypto -y "$(serial "$D")" "$D"
grep -q "no crypto erase in Format NVM" "$W/out" || die "crypto format message"
ok "without sanitize: refused with the reason; Format NVM SES=1 works, SES=2 is refused"
echo "$n passed"

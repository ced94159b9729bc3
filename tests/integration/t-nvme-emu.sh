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
D="emu:nvme-ssd:$W/p.img,sanitize-ms=2500,powerloss=sanitize"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
D="emu:nvme-ssd:$W/p.img,sanitize-ms=2500"
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
# A controller with two namespaces (issue 13): the drive is the controller. Every firmware
# erase reaches and proves both; an overwrite of one is refused; capacity in no namespace
# leaves only Sanitize; a firmware that silently skips a namespace is caught by its proof.
for m in sanitize-crypto format-user; do
	fill_residents "$W/ns-$m.img" 8
	fill_residents "$W/ns-$m.img.ns2" 8
	D="emu:nvme-ssd:$W/ns-$m.img,namespaces=2,sanitize-ms=50"
	expect_rc 0 "$M" erase --state-dir "$S" --progress none --verify full -m "$m" -y "$(serial "$D")" "$D"
	r=$(rec_of "$D")
	[ "$(field "$r" '[.namespaces[].nsid] | join(",")')" = 1,2 ] || die "$m: namespaces in the record"
	[ "$(field "$r" '.namespaces[1].sample_proof.passed')" = true ] || die "$m: namespace 2's proof"
	[ "$(field "$r" '.namespaces[1].content_sha256')" = "$(sha256sum < "$W/ns-$m.img.ns2" | cut -d' ' -f1)" ] ||
		die "$m: namespace 2's content hash"
	for f in "$W/ns-$m.img" "$W/ns-$m.img.ns2"; do
		! grep -q -a RESIDENT-RECORD "$f" || die "$m: records survived on $f"
	done
	grep -q "namespace 2 (.*): sample proof: 64 sectors, all changed" "$W/out" || die "$m: namespace line: $(cat "$W/out")"
	ok "$m on two namespaces: both erased, both proved and hashed, both in the record"
done
echo test-pass > "$W/pass"
"$M" key init --name "試験市" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
"$M" report pdf --state-dir "$S" --key "$W/keys/massho-key.p12" --passphrase-file "$W/pass" "$r" \
	> "$W/out" 2>&1 || die "report pdf of a two-namespace record: $(cat "$W/out")"
pdftotext -layout "${r%.json}.pdf" - 2>/dev/null > "$W/ns.txt"
grep -q "名前空間（全て消去） / NVMe namespaces" "$W/ns.txt" && grep -q "2: .*ns-format-user.img.ns2" "$W/ns.txt" || die "namespace row on the page: $r: $(cat "$W/ns.txt")"
ok "the certificate lists the namespaces"

fill_residents "$W/ns-o.img" 8
fill_residents "$W/ns-o.img.ns2" 8
D="emu:nvme-ssd:$W/ns-o.img,namespaces=2"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m overwrite -y "$(serial "$D")" "$D"
grep -q "2 namespaces and an overwrite writes one" "$W/out" || die "overwrite message: $(cat "$W/out")"
grep -q -a RESIDENT-RECORD "$W/ns-o.img" || die "a refused overwrite wrote"
D="emu:nvme-ssd-nosan:$W/ns-o.img,namespaces=2,unallocated=1M"
expect_rc 9 "$M" plan --class 1 "$D"
grep -q "UNVMCAP" "$W/out" || die "unallocated capacity: $(cat "$W/out")"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m format-user -y "$(serial "$D")" "$D"
grep -q -a RESIDENT-RECORD "$W/ns-o.img.ns2" || die "a refused format wrote"
ok "one namespace of two: overwrite refused; NVM in no namespace: only Sanitize, else nothing (plan exit 9, erase exit 4)"

# a namespace allocated but not attached (namespace management): nothing can prove it
fill_residents "$W/det.img" 8
fill_residents "$W/det.img.ns2" 8
D="emu:nvme-ssd:$W/det.img,namespaces=2,detached=2"
expect_rc 9 "$M" plan --class 1 "$D"
grep -q "namespace 2 is allocated but not attached here" "$W/out" || die "detached: $(cat "$W/out")"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
grep -q -a RESIDENT-RECORD "$W/det.img" && grep -q -a RESIDENT-RECORD "$W/det.img.ns2" || die "a refused erase wrote"
ok "a detached namespace (CNS 10h lists it, CNS 02h does not): plan exit 9, erase refused (4), nothing written"

# two namespaces of one controller in one run: one erase reaches both, two would race
fill_residents "$W/same-a.img" 8
A="emu:nvme-ssd:$W/same-a.img,serial=SAMECTRL1" B="emu:nvme-ssd:$W/same-b.img,serial=SAMECTRL1"
expect_rc 2 "$M" erase --state-dir "$S" --progress none -m format-user -y SAMECTRL1 "$A" "$B"
grep -q "is a namespace of the same NVMe controller as" "$W/err" || die "same controller: $(cat "$W/err")"
grep -q -a RESIDENT-RECORD "$W/same-a.img" || die "an erase ran"
ok "two devices of one NVMe controller in one run are refused before anything is sent"

D="emu:nvme-ssd:$W/ns-o.img,namespaces=2,ns-untouched=2"
expect_rc 7 "$M" erase --state-dir "$S" --progress none -m format-user -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
[ "$(field "$r" .outcome)" = "verification failed" ] || die "skipped namespace: outcome $(field "$r" .outcome)"
[ "$(field "$r" '.namespaces[1].sample_proof.passed')" = false ] || die "skipped namespace: its proof"
field "$r" .failure | grep -q "^namespace 2 " || die "skipped namespace: failure $(field "$r" .failure)"
ok "a firmware that says success but leaves namespace 2: verification failed (exit 7), namespace 2 named"
echo "$n passed"

# The erase command end to end on emulated drives: confirmation, records, verification
# failure, bad sectors, parallel drives with one failing, dry run, refusals and usage
# errors. Needs no root; runs under the release and the sanitizer build.
. "$TOP/tests/integration/lib.sh"
for bin in "$M" "$TOP/build/massho-asan"; do
	[ -x "$bin" ] || die "$bin not built"
	M=$bin
	rm -rf "$W"/*
	S="$W/state"
	fill_residents "$W/a.img" 8
	A="emu:sata-ssd:$W/a.img"
	serial=$("$M" devices show --json "$A" | jq -r .serial)
	[ -n "$serial" ] && [ "$serial" != null ] || die "no serial"

	expect_rc 5 "$M" erase --state-dir "$S" "$A" </dev/null
	grep -q "^massho[a-z ]*: $A: not confirmed: add --yes-erase $serial" "$W/err" || die "confirmation message: $(cat "$W/err")"
	expect_rc 5 "$M" erase --state-dir "$S" --yes-erase WRONG "$A"
	[ ! -d "$S/records" ] || [ -z "$(ls "$S/records")" ] || die "a refused erase left a record"
	ok "$bin: refuses without the device's serial"

	expect_rc 0 "$M" erase --state-dir "$S" --yes-erase "$serial" --progress json "$A"
	rec=$(sed -n "s|^$A: record ||p" "$W/out")
	[ -f "$rec" ] || die "no record path in: $(cat "$W/out")"
	[ "$(field "$rec" .outcome)" = completed ] || die "outcome $(field "$rec" .outcome)"
	[ "$(field "$rec" .verification.result)" = passed ] || die "verification"
	[ "$(field "$rec" .content_sha256)" = "$(sha256sum < "$W/a.img" | cut -d' ' -f1)" ] || die "content hash differs from sha256sum"
	[ "$(field "$rec" .device.serial)" = "$serial" ] || die "serial in record"
	! grep -q RESIDENT-RECORD "$W/a.img" || die "resident records survived the erase"
	grep -q '"phase":"verify"' "$W/err" || die "no JSON progress lines"
	jq -e . "$S/journal/$(field "$rec" .record_id).jsonl" >/dev/null || die "journal is not JSON lines"
	grep -q '"state":"done"' "$S/journal/$(field "$rec" .record_id).jsonl" || die "journal lacks done"
	ok "$bin: erases, verifies, records; content hash = sha256sum"

	B="emu:sata-hdd:$W/b.img,capacity=4M"
	C="emu:usb-flash:$W/c.img,capacity=4M,flip=3000000"
	sb=$("$M" devices show --json "$B" | jq -r .serial)
	sc=$("$M" devices show --json "$C" | jq -r .serial)
	expect_rc 7 "$M" erase --state-dir "$S" -y "$sb" -y "$sc" --progress none "$B" "$C"
	grep -q "^$B: completed" "$W/out" || die "B did not complete: $(cat "$W/out")"
	grep -q "^$C: verification failed: 1 sectors differ, the first at byte 2999808" "$W/out" || die "C: $(cat "$W/out")"
	rc_=$(sed -n "s|^$C: record ||p" "$W/out")
	[ "$(field "$rc_" .outcome)" = "verification failed" ] || die "C record outcome"
	[ "$(field "$rc_" .verification.first_mismatch_offset)" = 2999808 ] || die "C mismatch offset"
	ok "$bin: two drives in parallel, a flipped byte fails only its own drive (exit 7)"

	D="emu:sata-hdd:$W/d.img,capacity=2M,bad=1000-1001"
	sd=$("$M" devices show --json "$D" | jq -r .serial)
	expect_rc 8 "$M" erase --state-dir "$S" -y "$sd" "$D"
	rd=$(sed -n "s|^$D: record ||p" "$W/out")
	[ "$(field "$rd" .outcome)" = "completed with errors" ] || die "D outcome"
	[ "$(field "$rd" '.errors.bad_ranges[0].first_lba')" = 1000 ] || die "D bad range"
	[ "$(field "$rd" '.errors.bad_ranges[0].sectors')" = 2 ] || die "D bad range length"
	[ "$(field "$rd" .content_sha256)" = null ] || die "D content hash must be null"
	ok "$bin: bad sectors recorded, outcome completed with errors (exit 8)"

	cp "$W/a.img" "$W/before.img"
	expect_rc 0 "$M" erase --state-dir "$S" --dry-run --pattern zeros "$A"
	cmp -s "$W/a.img" "$W/before.img" || die "dry run changed the image"
	grep -q "dry run: .* nothing written" "$W/out" || die "dry run message"
	ok "$bin: dry run writes nothing"

	fill_residents "$W/plain.img" 1
	expect_rc 0 "$M" erase --state-dir "$S" -y "$W/plain.img" --pattern random,zeros "$W/plain.img"
	cmp -s -n 1048576 "$W/plain.img" /dev/zero || die "image file not zeroed"
	ok "$bin: an image file is confirmed by its path; last pass zeros"

	expect_rc 3 "$M" erase -y x "$W/nonexistent"
	grep -q "^massho[a-z ]*: $W/nonexistent: no such device or file" "$W/err" || die "ENOENT message"
	expect_rc 3 "$M" erase -y x "$W"
	grep -q "^massho[a-z ]*: $W: is a directory" "$W/err" || die "EISDIR message"
	expect_rc 3 "$M" erase -y x /dev/null
	expect_rc 3 "$M" erase -y x "emu:floppy:$W/x.img"
	grep -q "unknown profile 'floppy'" "$W/err" || die "profile message"
	expect_rc 3 "$M" devices show "$W/nonexistent"
	expect_rc 2 "$M" erase --bogus "$A"
	expect_rc 2 "$M" erase --passes 0 -y x "$A"
	expect_rc 2 "$M" erase --passes 1 --pattern zeros -y x "$A"
	expect_rc 2 "$M" erase
	expect_rc 2 "$M" erase -y "$serial" "$A" "$A"
	expect_rc 2 "$M" frobnicate
	ok "$bin: bad input gets its documented exit code and a message naming the object"

	# one bad name in a list: nothing is erased
	cp "$W/a.img" "$W/before.img"
	expect_rc 3 "$M" erase --state-dir "$S" -y "$serial" "$A" "$W/nonexistent"
	cmp -s "$W/a.img" "$W/before.img" || die "a device was erased although another name was wrong"
	# an unwritable record directory: refused before erasing
	expect_rc 10 "$M" erase --state-dir "$S" --out /proc/massho-records -y "$serial" "$A"
	cmp -s "$W/a.img" "$W/before.img" || die "erased although the record could not be written"
	ok "$bin: nothing is erased when any name or the record directory is wrong"
done
echo "$n passed"

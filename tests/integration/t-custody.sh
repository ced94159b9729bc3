# Figure 41's custody column for rows (1) and (2) (issue 13): every medium the table sends
# away has a path — a USB flash drive pre-erased to row (3)'s level (2 random passes) and
# handed over; a drive nothing can be written to handed over by its label with photos; the
# contractor's side by a row-(2) erase that references the handover, or by destruction; a
# handover is completed once, by whichever comes first.
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
{ printf '\377\330\377\340'; head -c 3000 /dev/urandom; } > "$W/label.jpg"

# USB flash, class 2: no software method meets row (2); the message names the custody path
fill_residents "$W/usb.img" 16
U="emu:usb-flash:$W/usb.img"
expect_rc 9 "$M" plan --class 2 "$U"
grep -q "^  custody   massho handover --class 2: pre-erase with overwrite (2 x random), row 3 level" "$W/out" ||
	die "plan custody: $(cat "$W/out")"
expect_rc 9 "$M" erase --state-dir "$S" --progress none --class 2 -y "$(serial "$U")" "$U"
grep -q "physical destruction required.*massho handover --class C -y SERIAL DEV" "$W/err" || die "custody hint: $(cat "$W/err")"
grep -q -a RESIDENT-RECORD "$W/usb.img" || die "exit 9 wrote to the drive"
# bad-input B34: class 1 is not handed over, a past deadline, a label without a photo
expect_rc 2 "$M" handover --state-dir "$S" --progress none --class 1 -y "$(serial "$U")" "$U"
grep -q "^massho[a-z ]*: --class: a class of Figure 41 row 3 is erased on the premises" "$W/err" || die "class 1: $(cat "$W/err")"
expect_rc 2 "$M" handover --state-dir "$S" --progress none --class 2 --destroy-by 2020-01-01 -y "$(serial "$U")" "$U"
grep -q -a RESIDENT-RECORD "$W/usb.img" || die "a refused handover wrote to the drive"
expect_rc 0 "$M" handover --state-dir "$S" --progress none --class 2 --camera "cam-1" -y "$(serial "$U")" "$U"
grep -q "awaiting the contractor's erasure or destruction by" "$W/out" || die "handover: $(cat "$W/out")"
ho=$(sed -n "s|^$U: handover \([^ ]*\) .*|\1|p" "$W/out")
er=$(sed -n "s|^$U: record ||p" "$W/out")
! grep -q -a RESIDENT-RECORD "$W/usb.img" || die "not erased before the handover"
[ "$(field "$er" .method.id)" = overwrite ] && [ "$(field "$er" '.method.passes | length')" = 2 ] || die "2 passes"
[ "$(field "$er" .method.passes[1].pattern)" = random ] || die "random passes"
[ "$(field "$er" .policy.erase_row)" = 3 ] && [ "$(field "$er" .policy.handover_follows)" = true ] || die "erase row"
[ "$(field "$ho" .class)" = 2 ] && [ "$(field "$ho" .figure41_row)" = 2 ] && [ "$(field "$ho" .erasure.row_level)" = 3 ] ||
	die "handover: $(jq -c . "$ho")"
[ "$(field "$ho" .erasure.sha256)" = "$(sha256sum < "$er" | cut -d' ' -f1)" ] && [ "$(field "$ho" .camera)" = cam-1 ] ||
	die "handover -> erasure"
# row (2) at the contractor: this flash drive has no row-(2) erase, so the contractor destroys it
expect_rc 9 "$M" erase --state-dir "$S" --progress none --handover "$ho" -y "$(serial "$U")" "$U"
expect_rc 0 "$M" destroy --contractor Kowasu --operator Suzuki --state-dir "$S" --handover "$ho" --method shred \
	--camera cam-2 --photo "$W/label.jpg" "$U"
ok "USB flash, class 2: exit 9 names the custody path; handover pre-erases with 2 random passes (row 3 level); the contractor destroys it"

# a drive nothing can be written to (locked self-encrypting ranges): refused with the way
# out; handed over by its label with a photo; destroyed by its typed serial
truncate -s 8M "$W/sed.img"
L="emu:sata-ssd:$W/sed.img,sed-locked=1"
expect_rc 9 "$M" handover --state-dir "$S" --progress none --class mynumber --witness W -y "$(serial "$L")" "$L"
grep -q "hand it over by its label: massho handover --class C --serial S --model M --photo FILE" "$W/err" ||
	die "label hint: $(cat "$W/err")"
expect_rc 2 "$M" handover --state-dir "$S" --class mynumber --witness W --serial SED-1 --model "Opal X"
grep -q "needs --serial and --model from the label and at least one --photo" "$W/err" || die "photo required"
expect_rc 2 "$M" handover --state-dir "$S" --class mynumber --serial SED-1 --model "Opal X" --photo "$W/label.jpg"
grep -q "^massho[a-z ]*: --witness: is required for class mynumber" "$W/err" || die "witness required: $(cat "$W/err")"
expect_rc 0 "$M" handover --state-dir "$S" --class mynumber --witness W --serial SED-1 --model "Opal X" \
	--photo "$W/label.jpg" --reason "locked ranges, no PSID on the label"
lho=$(sed -n 's|^SED-1: handover \([^ ]*\) .*|\1|p' "$W/out")
[ "$(field "$lho" .device.identified_by)" = label ] && [ "$(field "$lho" .device.identity_hash)" = null ] ||
	die "label identity: $(jq -c .device "$lho")"
[ "$(field "$lho" .erasure)" = null ] && [ "$(field "$lho" .pre_erase.done)" = false ] || die "pre_erase"
[ "$(field "$lho" .photos[0].sha256)" = "$(sha256sum < "$W/label.jpg" | cut -d' ' -f1)" ] || die "label photo"
[ "$(field "$lho" .figure41_row)" = 1 ] && [ "$(field "$lho" .status)" = "awaiting physical destruction" ] || die "row 1"
expect_rc 9 "$M" erase --state-dir "$S" --progress none --handover "$lho" -y "$(serial "$L")" "$L"
grep -q "completed by physical destruction (massho destroy)" "$W/err" || die "row 1 erase: $(cat "$W/err")"
expect_rc 4 "$M" destroy --contractor K --operator O --state-dir "$S" --handover "$lho" --method crush --witness W \
	--serial WRONG
expect_rc 2 "$M" destroy --contractor K --operator O --state-dir "$S" --handover "$lho" --method crush --witness W "$L"
grep -q "identifies the drive by its label only: give --serial" "$W/err" || die "label handover, DEV: $(cat "$W/err")"
expect_rc 0 "$M" destroy --contractor K --operator O --state-dir "$S" --handover "$lho" --method crush --witness W \
	--serial SED-1
ds=$(sed -n 's|^record ||p' "$W/out")
[ "$(field "$ds" .device.identified_by)" = label ] && [ "$(field "$ds" .handover.record_id)" = "$(field "$lho" .record_id)" ] ||
	die "destruction of a label handover"
ok "a drive nothing can be written to: handed over by its label with a photo (required), destroyed by its typed serial"

# row (2) SSD: handed over, the contractor's row-(2) erase completes it once; a second erase
# or a destruction of the same handover is refused; another drive is refused, unwritten
fill_residents "$W/ssd.img" 8
D="emu:sata-ssd:$W/ssd.img"
expect_rc 0 "$M" handover --state-dir "$S" --progress none --class 3 -y "$(serial "$D")" "$D"
sho=$(sed -n "s|^$D: handover \([^ ]*\) .*|\1|p" "$W/out")
fill_residents "$W/other.img" 8
O="emu:sata-ssd:$W/other.img"
# bad-input B35: another drive, a handover already completed
expect_rc 4 "$M" erase --state-dir "$S" --progress none --handover "$sho" -y "$(serial "$O")" "$O"
grep -q "is not the drive of handover" "$W/err" || die "other drive: $(cat "$W/err")"
grep -q -a RESIDENT-RECORD "$W/other.img" || die "the other drive was written"
expect_rc 2 "$M" erase --state-dir "$S" --progress none --handover "$sho" --class 2 -y "$(serial "$D")" "$D"
grep -q "the handover .* says class 3" "$W/err" || die "class mismatch: $(cat "$W/err")"
expect_rc 0 "$M" erase --state-dir "$S" --progress none --handover "$sho" -y "$(serial "$D")" "$D"
ce=$(sed -n "s|^$D: record ||p" "$W/out")
[ "$(field "$ce" .completes_handover.record_id)" = "$(field "$sho" .record_id)" ] || die "completes id"
[ "$(field "$ce" .completes_handover.sha256)" = "$(sha256sum < "$sho" | cut -d' ' -f1)" ] || die "completes sha"
[ "$(field "$ce" .policy.class)" = 3 ] && [ "$(field "$ce" .policy.figure41_row)" = 2 ] || die "class from the handover"
expect_rc 4 "$M" erase --state-dir "$S" --progress none --handover "$sho" -y "$(serial "$D")" "$D"
grep -q "was already completed by $(field "$ce" .record_id): a handover is completed once" "$W/err" || die "erase twice"
expect_rc 4 "$M" destroy --contractor K --operator O --state-dir "$S" --handover "$sho" --method shred --witness W "$D"
grep -q "a handover is completed once" "$W/err" || die "destroy after erase"
ok "row (2): the contractor's erase re-identifies the drive, takes the handover's class, names the handover by id and hash; completed once"

expect_rc 0 "$M" report overdue --state-dir "$S"
grep -q "^3 handovers, 3 completed here, 0 overdue$" "$W/out" || die "overdue: $(cat "$W/out")"
ok "report overdue: every handover completed"

# the certificates of the custody column: bilingual titles, the handover of a drive by its
# label carries its photo (verifies from the PDF alone), the contractor's erase at another
# station (the handover signed, chaining to --ca) names the handover it completes
echo "correct horse battery staple" > "$W/pass"
"$M" key init --name "試験市 情報政策課" --org "Test City" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
K="--key $W/keys/massho-key.p12 --passphrase-file $W/pass"
CA="$W/keys/massho-cert.pem"
expect_rc 0 "$M" handover $K --state-dir "$S" --class 2 --serial DEAD-9 --model "HDD Z" --photo "$W/label.jpg"
lp=$(sed -n 's|^DEAD-9: certificate ||p' "$W/out")
[ -f "$lp" ] || die "label handover certificate: $(cat "$W/out")"
expect_rc 0 "$M" report verify --ca "$CA" "$lp"
grep -q "1 photos checked inside the certificate" "$W/out" || die "label photo: $(cat "$W/out")"
pdftotext "$lp" - 2>/dev/null | grep -q "引渡し記録（抹消措置待ち）" || die "handover title: $(pdftotext "$lp" - | head -5)"
fill_residents "$W/c.img" 8
C="emu:sata-ssd:$W/c.img"
expect_rc 0 "$M" handover $K --state-dir "$S" --progress none --class 2 -y "$(serial "$C")" "$C"
hp=$(sed -n "s|^$C: certificate ||p" "$W/out" | tail -1)
cho=${hp%.pdf}.json
[ "$(field "$cho" .kind)" = handover ] || die "handover certificate: $(cat "$W/out")"
expect_rc 14 "$M" erase --state-dir "$W/contractor" --progress none --handover "$cho" -y "$(serial "$C")" "$C"
grep -q "is not journaled at this station" "$W/err" || die "contractor without --ca: $(cat "$W/err")"
expect_rc 0 "$M" erase $K --state-dir "$W/contractor" --progress none --ca "$CA" --handover "$cho" -y "$(serial "$C")" "$C"
ep=$(sed -n "s|^$C: certificate ||p" "$W/out" | tail -1)
expect_rc 0 "$M" report verify --ca "$CA" "$ep"
pdftotext "$ep" - 2>/dev/null | grep -q "データ抹消完了証明書" || die "erasure title"
pdftotext "$ep" - 2>/dev/null | grep -q "$(field "$cho" .record_id)" || die "the certificate does not name the handover"
ok "certificates: a label handover carries its photo; the contractor's erase at another station names the handover it completes"

# bad-input B36. The handing station confirms the contractor's completion certificates (Figure 41:
# 完了証明書により確認する): verified against --ca, referring to a handover it wrote; then the
# handover counts as completed here, once
expect_rc 0 "$M" report overdue --state-dir "$S"
grep -q "^5 handovers, 3 completed here, 0 overdue$" "$W/out" || die "before receive: $(cat "$W/out")"
expect_rc 2 "$M" report receive --state-dir "$S" "$ep"
expect_rc 14 "$M" report receive --state-dir "$S" --ca "$CA" "$lp"
grep -q "not a completion certificate" "$W/err" || die "a handover received: $(cat "$W/err")"
expect_rc 0 "$M" report receive --state-dir "$S" --ca "$CA" "$ep"
grep -q "^$(field "$cho" .record_id): completed by erasure " "$W/out" || die "receive: $(cat "$W/out")"
expect_rc 4 "$M" report receive --state-dir "$S" --ca "$CA" "$ep"
grep -q "was already completed by RC-" "$W/err" || die "received twice: $(cat "$W/err")"
expect_rc 0 "$M" destroy $K --contractor K --operator O --state-dir "$W/contractor" --ca "$CA" --handover "${lp%.pdf}.json" \
	--method shred --camera cam-3 --serial DEAD-9 --out "$W/contractor"
dp=$(sed -n 's|^DEAD-9: certificate ||p' "$W/out")
expect_rc 14 "$M" report receive --state-dir "$W/elsewhere" --ca "$CA" "$dp"
grep -q "which no journal in $W/elsewhere/journal recorded" "$W/err" || die "another station's: $(cat "$W/err")"
expect_rc 0 "$M" report receive --state-dir "$S" --ca "$CA" "$dp"
expect_rc 0 "$M" report overdue --state-dir "$S"
grep -q "^5 handovers, 5 completed here, 0 overdue$" "$W/out" || die "after receive: $(cat "$W/out")"
# a contractor's erase that left sectors unerased (exit 8) completes nothing
fill_residents "$W/b.img" 8
B="emu:sata-hdd:$W/b.img"
expect_rc 0 "$M" handover $K --state-dir "$S" --progress none --class 2 -y "$(serial "$B")" "$B"
bho=$(sed -n "s|^$B: certificate ||p" "$W/out" | tail -1); bho=${bho%.pdf}.json
# (exit 8; 7 when the seeded sample proof happens to land on the bad sectors)
"$M" erase $K --state-dir "$W/contractor" --progress none --ca "$CA" --handover "$bho" \
	-y "$(serial "$B")" "$B,bad=1000-1003" >"$W/out" 2>"$W/err"
rc=$?
[ "$rc" = 8 ] || [ "$rc" = 7 ] || { cat "$W/out" "$W/err" >&2; die "erase with bad sectors: exit $rc"; }
bp=$(sed -n "s|^$B,bad=1000-1003: certificate ||p" "$W/out" | tail -1)
[ -f "$bp" ] || die "certificate of the erase with errors: $(cat "$W/out")"
expect_rc 14 "$M" report receive --state-dir "$S" --ca "$CA" "$bp"
grep -q "did not meet Figure 41 row 2 (" "$W/err" || die "erase with errors received: $(cat "$W/err")"
ok "report receive: the contractor's completion certificates (erase, destruction) complete the station's handovers, once; others are refused"
echo "$n passed"

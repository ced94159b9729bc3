# Drives behind emulated USB bridges: a firmware erase only where the non-destructive
# self-test shows registers and aborts come back faithfully; otherwise refused with the
# reason and the overwrite offered; NVMe behind USB is never firmware-erased.
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
rec_of() { sed -n "s|^$1: record ||p" "$W/out"; }

fill_residents "$W/sat.img" 8
D="emu:usb-sata-ssd:$W/sat.img,sanitize-ms=50"
[ "$("$M" devices show --json "$D" | jq -r .usb_bridge)" = 152d:0578 ] || die "bridge not described"
expect_rc 0 "$M" erase --state-dir "$S" --progress none -m sanitize-crypto -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
field "$r" .method.usb_bridge_check | grep -q "^passed" || die "self-test not recorded"
[ "$(field "$r" '.method.commands[1].command')" = NOP ] || die "NOP not sent"
[ "$(field "$r" '.method.commands[1].ata_error')" = 0x04 ] || die "NOP not aborted"
ok "a faithful SAT bridge passes the self-test (NOP aborted) and the sanitize goes on, recorded"

for b in noregs fakeok; do
	fill_residents "$W/$b.img" 8
	cp "$W/$b.img" "$W/$b.orig"
	D="emu:usb-sata-ssd:$W/$b.img,bridge=$b"
	expect_rc 4 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
	grep -q "behind a USB bridge 152d:0578 and .*use an overwrite where the class allows it" "$W/out" \
		|| die "$b: message $(cat "$W/out")"
	cmp -s "$W/$b.img" "$W/$b.orig" || die "$b: the drive was changed"
	"$M" devices probe --json "$D" > "$W/probe.json"
	[ "$(jq -r .trusted "$W/probe.json")" = false ] || die "$b: probe trusted it"
	expect_rc 0 "$M" erase --state-dir "$S" --progress none -y "$(serial "$D")" "$D"
	! grep -q -a RESIDENT-RECORD "$W/$b.img" || die "$b: overwrite left records"
	ok "bridge=$b: firmware erase refused untouched, probe says untrusted, overwrite works"
done
grep -q "reports success for a command every drive aborts" "$S/journal/"*.jsonl || die "fakeok reason not journaled"

D="emu:usb-nvme:$W/un.img,capacity=8M"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -m format-crypto -y "$(serial "$D")" "$D"
grep -q "NVMe admin commands do not pass through USB bridges" "$W/out" || die "usb nvme message"
ok "NVMe behind USB: identify only, no firmware erase"
for p in sata-ssd nvme-ssd sas-ssd; do
	D="emu:$p:$W/sed-$p.img,capacity=4M,sed=1"
	truncate -s 4M "$W/sed-$p.img"
	"$M" devices show --json "$D" > "$W/sed.json"
	[ "$(jq -r .self_encrypting.ssc "$W/sed.json")" = "Opal 2" ] || die "$p: SED not seen"
	[ "$(jq -r .self_encrypting.media_encryption "$W/sed.json")" = true ] || die "$p: media encryption"
	"$M" devices show "$D" | grep -q "self-encrypting .*TCG Opal 2, media encryption" || die "$p: text"
done
D="emu:sata-ssd:$W/nosed.img,capacity=4M"
truncate -s 4M "$W/nosed.img"
[ "$("$M" devices show --json "$D" | jq -r .self_encrypting.present)" = false ] || die "SED where there is none"
ok "TCG Level 0 Discovery through ATA, NVMe and SCSI: Opal 2 reported by devices show"
echo "$n passed"

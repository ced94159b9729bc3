# System test: massho inside a QEMU guest on Debian's kernel, driving an emulated AHCI
# SATA disk through the real SG_IO path. QEMU's drive has no security, HPA, DCO or
# sanitize (it aborts those commands): massho must say so and erase nothing with them;
# an overwrite through the real path must change every byte of the host-side image.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/lib.sh"
need_qemu
fill_residents "$W/disk.img" 64
boot_guest "$TOP/tests/system/guest-ata.sh" "$W/console.log" \
	-device ahci,id=ahci -drive if=none,id=d0,file="$W/disk.img",format=raw \
	-device ide-hd,drive=d0,bus=ahci.0,serial=MASSHOQEMU0001,model=MASSHO-QEMU-DISK
L="$W/console.log"
grep -q '^@@disk /dev/sd[a-z]$' "$L" || die "the guest did not find the disk: $(head -20 "$L")"

section "$L" show > "$W/show.json"
jq -e . "$W/show.json" >/dev/null || die "show: not JSON: $(cat "$W/show.json")"
[ "$(jq -r .ata.model "$W/show.json")" = MASSHO-QEMU-DISK ] || die "IDENTIFY model through SG_IO"
[ "$(jq -r .ata.serial "$W/show.json")" = MASSHOQEMU0001 ] || die "IDENTIFY serial through SG_IO"
[ "$(jq -r .ata.sectors "$W/show.json")" = 131072 ] || die "IDENTIFY capacity"
[ "$(jq -r .ata.checksum_present "$W/show.json")" = false ] || die "QEMU sets no IDENTIFY integrity word (no A5h signature)"
[ "$(jq -r .ata.security.supported "$W/show.json")" = false ] || die "QEMU has no security"
[ "$(jq -r .transport "$W/show.json")" = sata ] || die "transport"
ok "IDENTIFY decoded through the guest kernel's SG_IO ATA pass-through"

section "$L" probe > "$W/probe.json"
jq -e . "$W/probe.json" >/dev/null || die "probe: not JSON"
[ "$(jq -r '.commands[0].answer' "$W/probe.json")" = ok ] || die "probe IDENTIFY"
[ "$(jq -r '.commands[1].native_max_lba' "$W/probe.json")" = 131071 ] || die "READ NATIVE MAX EXT registers"
[ "$(jq -r '.commands[2].answer' "$W/probe.json")" = aborted ] || die "DCO IDENTIFY not seen as aborted: $(cat "$W/probe.json")"
[ "$(jq -r '.commands[2].ata_error' "$W/probe.json")" = 0x04 ] || die "ABRT not decoded from the kernel's sense data"
[ "$(jq -r '.commands[3].answer' "$W/probe.json")" = aborted ] || die "SANITIZE STATUS not seen as aborted"
ok "aborted commands come back as ABRT through the real sense data (guest kernel $(grep -o '@@guest-start .*' "$L" | cut -d' ' -f2))"

[ "$(section_rc "$L" security)" = 4 ] || die "security erase on QEMU: exit $(section_rc "$L" security): $(section "$L" security)"
section "$L" security | grep -q "does not support the ATA Security feature set" || die "security message"
[ "$(section_rc "$L" sanitize)" = 4 ] || die "sanitize on QEMU: exit $(section_rc "$L" sanitize)"
section "$L" sanitize | grep -q "does not support sanitize-block" || die "sanitize message"
ok "security erase and sanitize are refused as unsupported (exit 4), never reported as success"

[ "$(section_rc "$L" overwrite)" = 0 ] || die "overwrite: $(section "$L" overwrite)"
section "$L" record > "$W/record.json"
jq -e . "$W/record.json" >/dev/null || die "record: not JSON"
[ "$(jq -r .outcome "$W/record.json")" = completed ] || die "record outcome"
[ "$(jq -r .hidden_areas.before.hpa_present "$W/record.json")" = false ] || die "hidden areas"
! grep -q -a RESIDENT-RECORD "$W/disk.img" || die "records survived on the host-side image"
[ "$(jq -r .content_sha256 "$W/record.json")" = "$(sha256sum < "$W/disk.img" | cut -d' ' -f1)" ] \
	|| die "the record's content hash is not the host-side image's SHA-256"
ok "overwrite through the guest's block layer changed the whole host-side image; hash matches"
echo "$n passed"

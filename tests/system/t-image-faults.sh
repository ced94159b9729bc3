# The boot image when things go wrong (SeaBIOS, the image as a CD, unattended, class 1):
# - a target pulled out in the middle of its erase: the other drive is erased and
#   certified, the pulled one's record says it failed, nothing calls it erased, exit 6;
# - an output medium too full for the records: nothing is reported erased that has no
#   record, the console says why (no space), and the exit status is not 0.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
need_image_tools
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
conf="organisation = 試験市
operator = 山田 太郎
class = 1
key = key.p12
mode = unattended
drives = every-drive-except-boot-and-output"

# --- a target pulled mid-run -----------------------------------------------------------
target "$W/stay.img" 64
target "$W/pulled.img" 256
out_medium "$W/out.img" 64 "$conf"
guest pull seabios -cdrom "$ISO" -device qemu-xhci,id=xhci \
	-drive "if=none,id=t1,format=raw,file=$W/stay.img" -device usb-storage,drive=t1,bus=xhci.0,serial=MSTSTAY0021 \
	-drive "if=none,id=t2,format=raw,file=$W/pulled.img" \
	-device usb-storage,id=pulled,drive=t2,bus=xhci.0,serial=MSTPULL0022 \
	-drive "if=none,id=out,format=raw,file=$W/out.img" -device usb-storage,drive=out,bus=xhci.0
serial_entry
passphrase
wait_for "MSTPULL0022: erasing" 120
sleep 4
monitor "device_del pulled"
acknowledge 900
guest_end 300
echo "guest: ${GSECS}s from power-on to power-off"
console > "$W/pull.txt"
grep -q "massho-image: boot medium /dev/sr0" "$W/pull.txt" || die "the boot CD was not found"
grep -q "massho-image: done (exit status 6)" "$W/pull.txt" || { tail -30 "$W/pull.txt"; die "wanted exit status 6"; }
grep -q "MSTPULL0022: FAILED" "$W/pull.txt" || die "the pulled drive is not reported as failed"
grep -q "MSTSTAY0021: erased; certificate" "$W/pull.txt" || die "the other drive was not erased"
[ "$(residue "$W/stay.img")" = 0 ] || die "the drive that stayed keeps records"
mkdir "$W/got"
mcopy -s -i "$W/out.img" ::/massho "$W/got/" || die "cannot read the output medium"
stay=$(grep -l MSTSTAY0021 "$W"/got/massho/records/MS-*.json)
pulled=$(grep -l MSTPULL0022 "$W"/got/massho/records/MS-*.json) || die "the pulled drive has no record"
[ "$(field "$stay" .outcome)" = completed ] || die "the drive that stayed: $(field "$stay" .outcome)"
o=$(field "$pulled" .outcome)
[ "$o" != completed ] || die "the pulled drive's record says completed"
"$M" report verify --ca "$W/key/massho-cert.pem" "${stay%.json}.pdf" >/dev/null 2>&1 || die "the certificate does not verify"
ok "a target pulled mid-run: recorded as $o, the other erased and certified, exit 6"

# --- an output medium too full for the records ------------------------------------------
target "$W/full-target.img" 16
out_medium "$W/full.img" 2 "$conf"
# fill it but for a few KB: the configuration and key are read, the records cannot be written
free=$(mdir -i "$W/full.img" ::/ | awk '/bytes free/ {gsub(/ /, "", $0); sub(/bytesfree/, ""); print}')
head -c $((free - 4096)) /dev/zero > "$W/filler"
mcopy -i "$W/full.img" "$W/filler" ::/filler || die "cannot fill the output medium"
guest full seabios -cdrom "$ISO" -device qemu-xhci,id=xhci \
	-drive "if=none,id=t1,format=raw,file=$W/full-target.img" -device usb-storage,drive=t1,bus=xhci.0,serial=MSTFULL0031 \
	-drive "if=none,id=out,format=raw,file=$W/full.img" -device usb-storage,drive=out,bus=xhci.0
serial_entry
passphrase
acknowledge 900
guest_end 300
echo "guest: ${GSECS}s from power-on to power-off"
console > "$W/full.txt"
grep -q "No space left on device" "$W/full.txt" || { tail -30 "$W/full.txt"; die "the console does not say the medium is full"; }
grep -q "massho-image: done (exit status 0)" "$W/full.txt" && die "exit status 0 with a full output medium"
grep -q "MSTFULL0031: erased" "$W/full.txt" && die "reported erased without a record"
grep "massho-image: done" "$W/full.txt"
ok "an output medium too full: no space said, nothing reported erased, a non-zero exit"

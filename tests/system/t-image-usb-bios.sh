# The boot image written to a USB stick and booted by a BIOS (SeaBIOS), unattended, with
# the output medium missing at start: the image says so and waits; the medium is plugged
# in (QEMU's monitor, as a person would insert it); the station then erases. Class 3
# (Figure 41 row 2) on three targets: the AHCI disk is overwritten, the NVMe disk purged
# by its format — and the disk behind a USB bridge is left alone, because no method that
# qualifies for row 2 reaches it there: it keeps its records, the station says why and
# ends with exit status 9. The stick's image bytes are unchanged.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
need_image_tools
for t in jq pdfsig; do command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }; done

iso_sha=$(sha256sum "$ISO" | cut -d' ' -f1)
iso_size=$(stat -c %s "$ISO")
# The stick: the image's bytes, and room after them, as on a stick larger than the image.
cp "$ISO" "$W/stick.img"
truncate -s 64M "$W/stick.img"
target "$W/ahci.img" 32
target "$W/nvme.img" 32
target "$W/usb.img" 16
out_medium "$W/out.img" 64 "organisation = 試験市 情報政策課
operator = 山田 太郎
class = 3
key = key.p12
mode = unattended
drives = every-drive-except-boot-and-output"

guest bios seabios -device qemu-xhci,id=xhci \
	-drive "if=none,id=stick,format=raw,file=$W/stick.img" -device usb-storage,drive=stick,bus=xhci.0,bootindex=0 \
	-device ahci,id=ahci0 -drive "if=none,id=t1,format=raw,file=$W/ahci.img" \
	-device ide-hd,drive=t1,bus=ahci0.0,serial=MSTAHCI0011 \
	-drive "if=none,id=t2,format=raw,file=$W/nvme.img" -device nvme,drive=t2,serial=MSTNVME0012 \
	-drive "if=none,id=t3,format=raw,file=$W/usb.img" -device usb-storage,drive=t3,bus=xhci.0,serial=MSTUSB00013
serial_entry
wait_for "no output medium: insert a USB stick" 240
ok "the output medium is missing at start: the console says so and waits"
sleep 5
monitor "drive_add 0 if=none,id=out,format=raw,file=$W/out.img"
monitor "device_add usb-storage,id=outstick,drive=out,bus=xhci.0"
passphrase
ok "plugged in, the output medium is found and the station starts"
acknowledge 900
guest_end 300
echo "guest: ${GSECS}s from power-on to power-off"
console > "$W/console.txt"
grep -q "massho-image: done (exit status 9)" "$W/console.txt" || { tail -40 "$W/console.txt"; die "wanted exit status 9"; }
grep -q "MSTUSB00013: not erased: physical destruction required: no software method qualifies for Figure 41 row 2" \
	"$W/console.txt" || { grep MSTUSB "$W/console.txt"; die "the USB target: no reason given"; }
for d in ahci nvme; do
	r=$(residue "$W/$d.img")
	[ "$r" = 0 ] || die "$d: $r lines of the known records remain"
done
[ "$(residue "$W/usb.img")" -gt 0 ] || die "the USB target was written"
ok "AHCI and NVMe targets erased; the USB target, unqualified for row 2 there, keeps its records (exit 9)"
[ "$(head -c "$iso_size" "$W/stick.img" | sha256sum | cut -d' ' -f1)" = "$iso_sha" ] || die "the stick's image changed"
mkdir "$W/got"
mcopy -s -i "$W/out.img" ::/massho "$W/got/" || die "cannot read the output medium"
certs=0
for pdf in "$W"/got/massho/records/MS-*.pdf; do
	"$M" report verify --ca "$W/key/massho-cert.pem" "$pdf" > "$W/verify.txt" 2>&1 ||
		{ cat "$W/verify.txt"; die "report verify $(basename "$pdf")"; }
	[ "$(field "${pdf%.pdf}.json" .tool.image.medium_sha256)" = "$iso_sha" ] || die "tool.image of $(basename "$pdf")"
	certs=$((certs + 1))
done
[ "$certs" = 2 ] || die "$certs certificates, wanted 2"
methods=$(cat "$W"/got/massho/records/MS-*.json | jq -r '.device.serial + " " + .method.id' | sort | tr '\n' ' ')
echo "erased: $methods"
case $methods in "MSTAHCI0011 overwrite MSTNVME0012 format-"*) ;; *) die "methods: $methods" ;; esac
ok "booted from the stick under SeaBIOS: 2 certificates verify, name the image; the stick is unchanged"

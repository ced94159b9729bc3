# The boot image, unattended, as a contractor's bulk station runs it: the image boots under
# OVMF with Secure Boot enforced (as a CD), finds the output medium (a USB stick labelled
# MASSHO-OUT holding the configuration and the key), asks for the key's passphrase on the
# console, erases every drive but the boot and output media — one on AHCI, one on NVMe, one
# behind USB — writes the certificates and the batch summary, and powers off. Then, on the
# host: no byte of the known records remains on any target, the image and the key are
# unchanged, every certificate passes `massho report verify` and pdfsig, its record names
# the image by the ISO's SHA-256, and the guest said lockdown "integrity".
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
need_image_tools
for t in jq pdfsig; do command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }; done

iso_sha=$(sha256sum "$ISO" | cut -d' ' -f1)
target "$W/ahci.img" 48
target "$W/nvme.img" 48
target "$W/usb.img" 32
# Class 1 (Figure 41 row 3): overwriting qualifies behind the USB bridge too.
out_medium "$W/out.img" 64 "organisation = 試験市 情報政策課
operator = 山田 太郎
class = 1
key = key.p12
mode = unattended
drives = every-drive-except-boot-and-output
after = poweroff"
key_sha=$(mtype -i "$W/out.img" ::/massho/key.p12 | sha256sum)

guest sb ovmf-sb -cdrom "$ISO" \
	-device ahci,id=ahci0 -drive "if=none,id=t1,format=raw,file=$W/ahci.img" \
	-device ide-hd,drive=t1,bus=ahci0.0,serial=MSTAHCI0001 \
	-drive "if=none,id=t2,format=raw,file=$W/nvme.img" -device nvme,drive=t2,serial=MSTNVME0002 \
	-device qemu-xhci,id=xhci \
	-drive "if=none,id=t3,format=raw,file=$W/usb.img" -device usb-storage,drive=t3,bus=xhci.0,serial=MSTUSB00003 \
	-drive "if=none,id=out,format=raw,file=$W/out.img" -device usb-storage,drive=out,bus=xhci.0
serial_entry
passphrase
guest_end 900
echo "guest: ${GSECS}s from power-on to power-off"
console > "$W/console.txt"
grep -q "massho-image: lockdown: integrity" "$W/console.txt" || die "no lockdown integrity under Secure Boot"
ok "booted under Secure Boot: lockdown integrity"
grep -q "massho-image: done (exit status 0)" "$W/console.txt" || { tail -40 "$W/console.txt"; die "the station did not end with 0"; }
for d in ahci nvme usb; do
	r=$(residue "$W/$d.img")
	[ "$r" = 0 ] || die "$d: $r lines of the known records remain"
done
ok "no byte of the known records remains on the AHCI, NVMe and USB targets"
[ "$(sha256sum "$ISO" | cut -d' ' -f1)" = "$iso_sha" ] || die "the image changed"
[ "$(mtype -i "$W/out.img" ::/massho/key.p12 | sha256sum)" = "$key_sha" ] || die "the key changed"
ok "the image and the output medium's key are unchanged"

mkdir "$W/got"
mcopy -s -i "$W/out.img" ::/massho "$W/got/" || die "cannot read the output medium"
ls "$W/got/massho/records" > "$W/records.txt"
certs=$(grep -c '^MS-.*\.pdf$' "$W/records.txt")
[ "$certs" = 3 ] || { cat "$W/records.txt"; die "$certs certificates, wanted 3"; }
grep -q '^SU-.*\.pdf$' "$W/records.txt" || die "no batch summary"
for pdf in "$W"/got/massho/records/MS-*.pdf; do
	"$M" report verify --ca "$W/key/massho-cert.pem" "$pdf" > "$W/verify.txt" 2>&1 ||
		{ cat "$W/verify.txt"; die "report verify $(basename "$pdf")"; }
	pdfsig "$pdf" > "$W/pdfsig.txt" 2>&1
	grep -q "Signature Validation: Signature is Valid" "$W/pdfsig.txt" || { cat "$W/pdfsig.txt"; die "pdfsig $(basename "$pdf")"; }
	rec=${pdf%.pdf}.json
	[ "$(field "$rec" .tool.image.medium_sha256)" = "$iso_sha" ] || die "$(basename "$rec"): tool.image is not the ISO's SHA-256"
	[ "$(field "$rec" .outcome)" = completed ] || die "$(basename "$rec"): outcome $(field "$rec" .outcome)"
done
ok "3 certificates and the summary on the output medium pass report verify and pdfsig; each names the image ($iso_sha)"
serials=$(cat "$W"/got/massho/records/MS-*.json | jq -r .device.serial | sort | tr '\n' ' ')
[ "$serials" = "MSTAHCI0001 MSTNVME0002 MSTUSB00003 " ] || die "serials erased: $serials"
grep -q "station ended, exit status 0" "$W/got/massho/console.log" || die "console.log on the output medium"
ok "the records name the three drives; console.log and the station log are on the output medium"

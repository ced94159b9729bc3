# The boot image at the station screen over a serial console (SeaBIOS, the image as a CD):
# the operator types the key's passphrase, goes through the session screen, selects the
# drive, confirms it by the end of its serial and quits after the result — the keys an
# operator presses, sent over the serial line. Afterwards the target holds none of its
# records, and the output medium holds its certificate, which verifies.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
need_image_tools
target "$W/t.img" 16
out_medium "$W/out.img" 64 "organisation = 試験市 情報政策課
operator = 山田 太郎
class = 1
key = key.p12"
guest ui seabios -cdrom "$ISO" \
	-device ahci,id=ahci0 -drive "if=none,id=t1,format=raw,file=$W/t.img" \
	-device ide-hd,drive=t1,bus=ahci0.0,serial=MSTUI000041 \
	-device qemu-xhci,id=xhci -drive "if=none,id=out,format=raw,file=$W/out.img" -device usb-storage,drive=out,bus=xhci.0
serial_entry
passphrase
wait_for "Organisation" 60
ok "the station screen is up on the serial console"
# the session as the configuration filled it: Enter through its five fields
for i in 1 2 3 4 5; do type_in "$(printf '\r')"; sleep 1; done
wait_for "MSTUI000041" 60
sleep 3
# the cursor is on the first drive (sda, the target): select it, erase, confirm
type_in " "; sleep 1; type_in "e"
wait_for "Type the last" 30
type_in "0041"; sleep 1; type_in "$(printf '\r')"
guest_end_after_result() {
	t0=$(date +%s)
	while ! console | grep -q "batch summary"; do
		[ $(($(date +%s) - t0)) -lt 300 ] || die "no result screen"
		sleep 2
	done
	sleep 2
	type_in "q"
}
guest_end_after_result
guest_end 300
echo "guest: ${GSECS}s from power-on to power-off"
console > "$W/console.txt"
grep -q "massho-image: done (exit status 0)" "$W/console.txt" || { tail -c 3000 "$W/console.txt"; die "the station did not end with 0"; }
[ "$(residue "$W/t.img")" = 0 ] || die "the target keeps records"
mkdir "$W/got"
mcopy -s -i "$W/out.img" ::/massho "$W/got/" || die "cannot read the output medium"
pdf=$(ls "$W"/got/massho/records/MS-*.pdf) || die "no certificate"
"$M" report verify --ca "$W/key/massho-cert.pem" "$pdf" >/dev/null 2>&1 || die "the certificate does not verify"
ok "one erase through the screen over serial: the target holds no records, its certificate verifies"

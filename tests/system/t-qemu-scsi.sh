# System test (issue 14): the kernel paths the emulated drive cannot imitate. A QEMU guest
# with a USB mass-storage disk (usb-storage on xHCI), a SCSI disk (scsi-hd on virtio-scsi)
# and a SATA disk on AHCI, each full of resident records. massho's identification must
# agree with sg3-utils (sg_inq, sg_vpd -p sn, sg_readcap) run in the same guest; no ATA
# data may be shown for the SCSI and USB disks (they reject ATA PASS-THROUGH); plans use
# only methods the disk can run; a class-1 erase leaves no resident record and its
# content hash is the host-side image's SHA-256.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/lib.sh"
need_qemu
command -v sg_inq >/dev/null || { echo "SKIP: sg3-utils missing"; exit 77; }
for d in usb usbr scsi sata; do fill_residents "$W/$d.img" 32; done
export INITRD_BINS="sg_inq sg_vpd sg_readcap"
boot_guest "$TOP/tests/system/guest-scsi.sh" "$W/console.log" \
	-device qemu-xhci,id=xhci \
	-drive if=none,id=u0,file="$W/usb.img",format=raw -device usb-storage,bus=xhci.0,drive=u0,serial=USBX0001 \
	-drive if=none,id=u1,file="$W/usbr.img",format=raw \
	-device usb-storage,bus=xhci.0,drive=u1,serial=USBR0001,removable=on \
	-device virtio-scsi-pci,id=vs \
	-drive if=none,id=s0,file="$W/scsi.img",format=raw -device scsi-hd,bus=vs.0,drive=s0,serial=SCSI0001 \
	-device ahci,id=ahci \
	-drive if=none,id=a0,file="$W/sata.img",format=raw -device ide-hd,bus=ahci.0,drive=a0,serial=SATA0001
L="$W/console.log"
[ "$(grep -c '^@@disk /dev/sd' "$L")" = 4 ] || die "the guest did not find four disks: $(grep '^@@' "$L" | head)"
dev_of() { sed -n "s|^@@disk /dev/\([a-z]*\) .*|\1|p" "$L" | while read -r d; do
	section "$L" "vpdsn-$d" | grep -q "$1" && echo "$d"; done | head -1; }
U=$(dev_of USBX0001) R=$(dev_of USBR0001) S=$(dev_of SCSI0001) A=$(dev_of SATA0001)
[ -n "$U" ] && [ -n "$R" ] && [ -n "$S" ] && [ -n "$A" ] ||
	die "sg_vpd did not tell the disks apart: U=$U R=$R S=$S A=$A: $(section "$L" vpdsn-sda)"
ok "four disks: USB $U, removable USB $R, SCSI $S, SATA $A (serials by sg_vpd -p sn)"

for d in $U $R $S $A; do
	section "$L" "show-$d" > "$W/show-$d.json"
	jq -e . "$W/show-$d.json" >/dev/null || die "$d: show is not JSON: $(head -5 "$W/show-$d.json")"
	serial=$(section "$L" "vpdsn-$d" | sed -n 's/^ *Unit serial number: *//p' | sed 's/ *$//')
	[ "$(jq -r '.device.serial // .serial' "$W/show-$d.json")" = "$serial" ] ||
		die "$d: serial $(jq -r '.device.serial // .serial' "$W/show-$d.json"), sg_vpd says $serial"
	vendor=$(section "$L" "inq-$d" | sed -n 's/^ *Vendor identification: *//p' | sed 's/ *$//')
	product=$(section "$L" "inq-$d" | sed -n 's/^ *Product identification: *//p' | sed 's/ *$//')
	[ "$(jq -r '.device.vendor // .vendor' "$W/show-$d.json")" = "$vendor" ] || die "$d: vendor vs sg_inq $vendor"
	[ "$(jq -r '.device.model // .model' "$W/show-$d.json")" = "$product" ] || die "$d: model vs sg_inq $product"
	[ "$(jq -r '.device.serial_source // .serial_source' "$W/show-$d.json")" = device ] || die "$d: serial source"
	blocks=$(section "$L" "readcap-$d" | sed -n 's/^ *Last LBA=\([0-9]*\).*/\1/p')
	[ "$(jq -r '.device.capacity_bytes // .capacity_bytes' "$W/show-$d.json")" = $(( (blocks + 1) * 512 )) ] ||
		die "$d: capacity vs sg_readcap: $(section "$L" "readcap-$d")"
done
[ "$(jq -r '.device.removable // .removable' "$W/show-$R.json")" = true ] || die "$R: not removable"
[ "$(jq -r '.device.removable // .removable' "$W/show-$U.json")" = false ] || die "$U: removable"
ok "vendor, model, serial (asked from the disk) and capacity agree with sg_inq, sg_vpd -p sn and sg_readcap"

for d in $U $R $S; do
	! jq -e '.ata' "$W/show-$d.json" >/dev/null 2>&1 || [ "$(jq -r .ata "$W/show-$d.json")" = null ] ||
		die "$d: ATA data shown for a disk that rejects ATA PASS-THROUGH: $(jq -c .ata "$W/show-$d.json")"
	section "$L" "probe-$d" | grep -q '"answer": "ok"' &&
		die "$d: probe says an ATA command was answered: $(section "$L" "probe-$d" | head -30)"
done
jq -e '.ata.model' "$W/show-$A.json" >/dev/null || die "$A: no ATA data for the SATA disk"
ok "no ATA data for the SCSI and USB disks; the SATA disk answers IDENTIFY"

for d in $U $R $S $A; do
	for c in mynumber 3 2 1; do
		section "$L" "plan$c-$d" > "$W/plan.json"
		jq -r '.plans[0].decision.method // "none"' "$W/plan.json" > "$W/m"
		case "$d:$(cat "$W/m")" in
		"$A":*|*:overwrite|*:none) ;;
		*) die "$d class $c: a plan with $(cat "$W/m") on a disk that speaks no ATA/NVMe: $(cat "$W/plan.json")" ;;
		esac
	done
done
# QEMU's disks report no rotation rate (VPD B1h 0000h): not taken for hard disks
for d in $U $S; do
	section "$L" "plan1-$d" > "$W/plan.json"
	[ "$(jq -r '.plans[0].medium' "$W/plan.json")" = unknown ] && [ "$(jq -r '.plans[0].medium_unreported' "$W/plan.json")" = true ] ||
		die "$d: medium without a rotation rate: $(jq -c '.plans[0] | {medium, medium_unreported}' "$W/plan.json")"
	[ "$(jq -r '.plans[0].decision.passes' "$W/plan.json")" = 2 ] || die "$d: unknown medium, class 1: $(jq -c .plans[0].decision "$W/plan.json")"
done
section "$L" "plan1-$R" > "$W/plan.json"
[ "$(jq -r '.plans[0].medium' "$W/plan.json")" = usb-flash ] || die "$R: removable USB disk: $(jq -r '.plans[0].medium' "$W/plan.json")"
ok "plans for every class use only methods each disk can run; disks without a rotation rate are unknown media (2 passes), the removable one a USB stick"

for d in $U $R $S $A; do
	img=$(case $d in "$U") echo usb ;; "$R") echo usbr ;; "$S") echo scsi ;; *) echo sata ;; esac)
	[ "$(section_rc "$L" "erase-$d")" = 0 ] || die "$d ($img): class 1 erase: $(section "$L" "erase-$d")"
	! grep -q -a RESIDENT-RECORD "$W/$img.img" || die "$img: resident records survived"
	section "$L" "record-$d" > "$W/rec-$d.json"
	[ "$(jq -r .content_sha256 "$W/rec-$d.json")" = "$(sha256sum < "$W/$img.img" | cut -d' ' -f1)" ] ||
		die "$img: content hash"
done
ok "class 1 erases left no resident record; each content hash is the image's SHA-256"
echo "$n passed"

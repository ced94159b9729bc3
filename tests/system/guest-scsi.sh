# Runs inside the QEMU guest with two USB disks (usb-storage on xHCI, serials USBX0001 and,
# removable, USBR0001), a SCSI disk (scsi-hd on virtio-scsi, serial SCSI0001) and a SATA
# disk on AHCI (SATA0001).
S=/tmp/state
section() { name=$1; shift; echo "@@$name"; "$@"; echo "@@rc $?"; }
i=0
while [ $i -lt 100 ] && [ "$(ls /sys/block | grep -c '^sd')" -lt 4 ]; do sleep 0.2; i=$((i + 1)); done
for d in $(ls /sys/block | grep '^sd'); do
	echo "@@disk /dev/$d $(cat /sys/block/$d/device/model 2>/dev/null)"
done
section devices massho devices --json
for d in $(ls /sys/block | grep '^sd'); do
	section "show-$d" massho devices show --json "/dev/$d"
	section "probe-$d" massho devices probe --json "/dev/$d"
	section "inq-$d" sg_inq "/dev/$d"
	section "vpdsn-$d" sg_vpd -p sn "/dev/$d"
	section "readcap-$d" sg_readcap "/dev/$d"
	for c in mynumber 3 2 1; do
		section "plan$c-$d" massho plan --json --class $c "/dev/$d"
	done
done
for d in $(ls /sys/block | grep '^sd'); do
	serial=$(massho devices show --json "/dev/$d" | sed -n 's/^ *"serial": "\(.*\)",$/\1/p' | head -1)
	section "erase-$d" massho erase --state-dir $S --progress none --class 1 -y "$serial" "/dev/$d"
	rec=$(ls -t $S/records/*.json 2>/dev/null | head -1)
	[ -n "$rec" ] && section "record-$d" cat "$rec"
	rm -f $S/records/*.json
done

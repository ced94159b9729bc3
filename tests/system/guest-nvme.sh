# Runs inside the QEMU guest with an emulated NVMe disk (serial MASSHONVME0001).
S=/tmp/state
d=$(massho devices | grep ' MASSHONVME0001 ' | cut -d' ' -f1 | head -1)
echo "@@disk /dev/$d"
section() { name=$1; shift; echo "@@$name"; "$@"; echo "@@rc $?"; }
section show massho devices show --json "/dev/$d"
section probe massho devices probe --json "/dev/$d"
section sanitize massho erase --state-dir $S --progress none -m sanitize-crypto -y MASSHONVME0001 "/dev/$d"
section overwrite massho erase --state-dir $S --progress none -m overwrite -y MASSHONVME0001 "/dev/$d"
section residents1 grep -c RESIDENT-RECORD "/dev/${d%n*}n1"
section residents2 grep -c RESIDENT-RECORD "/dev/${d%n*}n2"
section plan massho plan --json --class 1 "/dev/$d"
section format massho erase --state-dir $S --progress none --class 1 -y MASSHONVME0001 "/dev/$d"
rec=$(ls -t $S/records/*.json | head -1)
section record cat "$rec"

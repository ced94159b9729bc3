# Runs inside the QEMU guest: an NVMe controller in a subsystem with namespace 1 attached
# and namespace 2 allocated but detached (serial MASSHONVME0002).
S=/tmp/state
d=$(massho devices | grep ' MASSHONVME0002 ' | cut -d' ' -f1 | head -1)
echo "@@disk /dev/$d"
section() { name=$1; shift; echo "@@$name"; "$@"; echo "@@rc $?"; }
section plan massho plan --class 1 "/dev/$d"
section erase massho erase --state-dir $S --progress none --class 1 -y MASSHONVME0002 "/dev/$d"
section sanitize massho erase --state-dir $S --progress none -m format-user -y MASSHONVME0002 "/dev/$d"

# Runs inside the QEMU guest (busybox sh). Sections start with "@@name" and end with
# "@@rc N"; the host test reads them from the serial console.
S=/tmp/state
d=$(massho devices | grep ' MASSHOQEMU0001 ' | cut -d' ' -f1)
echo "@@disk /dev/$d"
section() { name=$1; shift; echo "@@$name"; "$@"; echo "@@rc $?"; }
section show massho devices show --json "/dev/$d"
section probe massho devices probe --json "/dev/$d"
section security massho erase --state-dir $S --progress none -m security-erase -y MASSHOQEMU0001 "/dev/$d"
section sanitize massho erase --state-dir $S --progress none -m sanitize-block -y MASSHOQEMU0001 "/dev/$d"
section overwrite massho erase --state-dir $S --progress none --restore-hidden -p random -y MASSHOQEMU0001 "/dev/$d"
rec=$(ls -t $S/records/*.json | head -1)
section record cat "$rec"

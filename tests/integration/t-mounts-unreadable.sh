# Fail closed: on the live system, a mount table that cannot be read must not make every
# disk look unused. In a mount namespace of its own (unshare -m) the test hides /proc
# (umount -l, nothing outside the namespace sees it) and asks massho about a whole disk of
# this machine: `devices` lists nothing and says why (exit 1), `plan` refuses the disk
# (exit 4) naming the mount table. Nothing is written to any disk: plan only reads.
. "$TOP/tests/integration/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a mount namespace)"; exit 77; }
command -v unshare >/dev/null || { echo "SKIP: unshare missing"; exit 77; }
disk=$(lsblk -dn -o NAME,TYPE 2>/dev/null | awk '$2 == "disk" && $1 !~ /^z?ram/ { print $1; exit }')
[ -n "$disk" ] || { echo "SKIP: no whole disk on this machine to ask about"; exit 77; }
export LC_ALL=C
# First with /proc: the disk is known (this is what the hidden case must not fall back to).
"$M" devices -n -o NAME >"$W/list" 2>&1 || die "devices with /proc: $(cat "$W/list")"
grep -qx "$disk" "$W/list" || die "devices does not list $disk: $(cat "$W/list")"
unshare -m sh -c 'umount -l /proc && "$1" devices; echo "rc=$?"' sh "$M" >"$W/out" 2>"$W/err"
grep -qx 'rc=1' "$W/out" || die "devices without a mount table: $(cat "$W/out" "$W/err")"
grep -q "^massho devices: /proc/self/mountinfo: cannot be read" "$W/err" || die "devices: $(cat "$W/err")"
grep -q "$disk" "$W/out" && die "devices listed $disk without knowing whether it is mounted: $(cat "$W/out")"
ok "massho devices without /proc/self/mountinfo: lists nothing, says why, exit 1"
unshare -m sh -c 'umount -l /proc && "$1" plan --class 3 "/dev/$2"; echo "rc=$?"' sh "$M" "$disk" >"$W/out" 2>"$W/err"
grep -qx 'rc=4' "$W/out" || die "plan without a mount table: $(cat "$W/out" "$W/err")"
grep -q "^massho plan: /dev/$disk: cannot tell whether it is in use: the mount table" "$W/err" || die "plan: $(cat "$W/err")"
ok "massho plan /dev/$disk without the mount table: refused (4), the mount table named"

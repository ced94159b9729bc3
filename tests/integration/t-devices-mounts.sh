# Mount points as the kernel writes them in mountinfo (a space is \040) and of any length
# (issue 18): read with libmount, `massho devices`, `devices show` and --json show them
# decoded and whole; the disk under a mounted partition is mounted; a list too long for a
# device's 256 bytes ends with "…" and the disk is mounted all the same; a partition in
# proc/swaps makes its disk mounted ([swap]). The recorded PC's sys/ with mount tables
# made here; no root needed. Nothing here writes to a disk: massho devices only reads, and
# every disk named (sda, sdc, nvme0n1) is the recorded PC's, read below --sysroot.
. "$TOP/tests/integration/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq missing (scripts/install-deps installs it)"; exit 77; }
export LC_ALL=C.UTF-8
R="$W/root"
mkdir -p "$R/proc/self"
ln -s "$TOP/tests/fixtures/sysroot-pc/sys" "$R/sys"
x210=$(printf '%0210d' 0 | tr 0 x)
y150=$(printf '%0150d' 0 | tr 0 y)
z150=$(printf '%0150d' 0 | tr 0 z)
long="/srv/$x210 end"
{
	echo "26 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw"
	echo "27 26 8:1 / /boot/efi rw,relatime shared:2 - vfat /dev/sda1 rw"
	echo "28 26 0:22 / /proc rw,relatime - proc proc rw"
	# printf %s: dash's echo would turn \040 into the space itself
	printf '%s\n' '29 26 259:1 / /srv/my\040data rw,relatime shared:3 - xfs /dev/nvme0n1p1 rw'
	printf '%s\n' "30 26 259:1 / /srv/$x210\\040end rw,relatime - xfs /dev/nvme0n1p1 rw"
	echo "31 26 8:32 / /a/$y150 rw - ext4 /dev/sdc rw"
	echo "32 26 8:32 / /b/$z150 rw - ext4 /dev/sdc rw"
} >"$R/proc/self/mountinfo"
printf 'Filename\tType\tSize\tUsed\tPriority\n/dev/sdd1                               partition\t8388604\t0\t-2\n' >"$R/proc/swaps"
[ ${#long} = 219 ] || die "test: the long mount point is ${#long} characters"

"$M" devices --sysroot "$R" --json >"$W/list.json" || die "devices --json failed"
jq -e --arg l "$long" '.devices[] | select(.name == "nvme0n1") | .mounted == true and .mountpoints == ["/srv/my data", $l]' \
	"$W/list.json" >/dev/null || die "nvme0n1: $(jq -c '.devices[] | select(.name == "nvme0n1") | [.mounted, .mountpoints]' "$W/list.json")"
expect_rc 0 "$M" devices --sysroot "$R" -o NAME,MOUNTED,MOUNTPOINTS
grep -q "^nvme0n1 *yes */srv/my data,$long\$" "$W/out" || die "the list: $(cat "$W/out")"
ok "a partition mounted at '/srv/my data' (the space escaped in mountinfo) and at a 219-character path: its disk mounted, both decoded and whole"

expect_rc 0 "$M" devices show --sysroot "$R" /dev/nvme0n1
grep -q "^  mounted  *\/srv\/my data,$long\$" "$W/out" || die "devices show: $(cat "$W/out")"
expect_rc 0 "$M" devices show --sysroot "$R" --json /dev/nvme0n1p1
jq -e --arg l "$long" '.mounted == true and .mountpoints == ["/srv/my data", $l]' "$W/out" >/dev/null ||
	die "devices show --json of the partition: $(cat "$W/out")"
ok "devices show and show --json print the same mount points, of the disk and of the partition"

# Two 153-character mount points do not fit in 256 bytes: the first whole, then "…".
jq -r '.devices[] | select(.name == "sdc") | .mounted, (.mountpoints | length), .mountpoints[0], .mountpoints[1]' \
	"$W/list.json" >"$W/sdc"
[ "$(sed -n 1p "$W/sdc")" = true ] || die "sdc not mounted: $(cat "$W/sdc")"
[ "$(sed -n 2p "$W/sdc")" = 2 ] || die "sdc: $(cat "$W/sdc")"
[ "$(sed -n 3p "$W/sdc")" = "/a/$y150" ] || die "sdc's first mount point: $(sed -n 3p "$W/sdc")"
second=$(sed -n 4p "$W/sdc")
case $second in "/b/zzz"*"…") ;; *) die "sdc's second mount point is not marked as cut: $second" ;; esac
[ $(( ${#y150} + 3 + 1 + $(printf %s "$second" | wc -c) )) -le 255 ] || die "sdc: more than 255 bytes"
ok "mount points beyond 256 bytes: the list ends with '…', the disk is mounted"

jq -e '.devices[] | select(.name == "sdd") | .mounted == true and .mountpoints == ["[swap]"]' "$W/list.json" >/dev/null ||
	die "sdd: $(jq -c '.devices[] | select(.name == "sdd")' "$W/list.json")"
jq -e '.devices[] | select(.name == "sda") | .mounted == true and .boot_medium == true and .mountpoints == ["/boot/efi", "/"]' \
	"$W/list.json" >/dev/null || die "sda: $(jq -c '.devices[] | select(.name == "sda")' "$W/list.json")"
jq -e '[.devices[] | select(.mounted)] | map(.name) == ["nvme0n1", "sda", "sdc", "sdd"]' "$W/list.json" >/dev/null ||
	die "mounted: $(jq -c '[.devices[] | select(.mounted) | .name]' "$W/list.json")"
ok "a swap partition from proc/swaps makes its disk mounted; the boot disk is still the boot medium; no other disk is mounted"

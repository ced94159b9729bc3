# The real block path: O_DIRECT writes to loop devices this test creates, checked with
# independent tools (cmp, od, grep, sha256sum); discovery of those loop devices; the
# mounted refusal. Needs root.
. "$TOP/tests/integration/lib.sh"
need_loop
S="$W/state"

# 1. 256 MiB pattern-filled loop device, one random pass
fill_residents "$W/disk.img" 256
cp "$W/disk.img" "$W/pattern.img"
L=$(new_loop "$W/disk.img")
"$M" devices --json > "$W/devices.json" || die "devices --json failed"
jq -e . "$W/devices.json" >/dev/null || die "devices --json is not valid JSON"
jq -e --arg n "$(basename "$L")" '.devices[] | select(.name == $n) | (.boot_medium == false and .mounted == false and .medium == "loop")' \
	"$W/devices.json" >/dev/null || die "the loop device is not listed with boot/mounted flags: $(cat "$W/devices.json")"
ok "devices --json is valid and lists $L with boot_medium and mounted false"

expect_rc 0 "$M" erase --method overwrite --passes 1 --yes-erase "$L" --state-dir "$S" "$L"
rec=$(sed -n "s|^$L: record ||p" "$W/out")
[ -f "$rec" ] || die "no record: $(cat "$W/out" "$W/err")"
dev_sha=$(sha256sum "$L" | cut -d' ' -f1)
[ "$(field "$rec" .content_sha256)" = "$dev_sha" ] || die "record hash $(field "$rec" .content_sha256) != sha256sum $dev_sha"
[ "$(field "$rec" .device.medium)" = loop ] || die "medium"
[ "$(field "$rec" .bytes_written)" = 268435456 ] || die "bytes written"
! grep -q -a RESIDENT-RECORD "$L" || die "pattern text still on the device"
# Every 512-byte sector of the pattern holds several records, so the grep above already
# finds any sector left as it was. Byte level, on the first 16 MiB: about 1/256 of random
# bytes equal the old byte by chance, no more.
same=$(cmp -l -n 16777216 "$W/pattern.img" "$L" | wc -l)
[ "$same" -gt $((16777216 * 99 / 100)) ] || die "only $same of 16777216 bytes changed"
dd if="$L" bs=512 count=32768 2>/dev/null | od -A d -v -w512 -t x1 | awk '{print $2 $3 $4 $5 $6 $7 $8 $9}' | sort | uniq -d | head -1 > "$W/dups"
[ ! -s "$W/dups" ] || die "repeated sector starts in the first 16 MiB: $(cat "$W/dups")"
ok "one random pass: no pattern left (cmp: $same of the first 16777216 bytes differ), content hash = sha256sum $L"

# 2. zero pass: the device reads back as zeros, hash of zeros
expect_rc 0 "$M" erase --pattern zeros -y "$L" --state-dir "$S" --progress none "$L"
cmp -n 268435456 "$L" /dev/zero || die "not all zeros"
rec=$(sed -n "s|^$L: record ||p" "$W/out")
[ "$(field "$rec" .content_sha256)" = "$(head -c 268435456 /dev/zero | sha256sum | cut -d' ' -f1)" ] || die "zero hash"
ok "zero pass: cmp with /dev/zero finds no difference"

# 3. 4096-byte logical sectors, a size that is not a multiple of the I/O size
truncate -s $((9 * 1048576 + 3 * 4096)) "$W/4k.img"
L4=$(new_loop "$W/4k.img" --sector-size 4096)
[ "$("$M" devices show --json "$L4" | jq .logical_sector_size)" = 4096 ] || die "4Kn not seen"
expect_rc 0 "$M" erase -y "$L4" --state-dir "$S" --chunk 1M "$L4"
rec=$(sed -n "s|^$L4: record ||p" "$W/out")
[ "$(field "$rec" .content_sha256)" = "$(sha256sum "$L4" | cut -d' ' -f1)" ] || die "4Kn hash"
ok "4096-byte sectors and an odd size"

# 4. a mounted loop device is refused, and named with its mount point (bad-input B29)
truncate -s 64M "$W/fs.img"
mkfs.ext4 -q "$W/fs.img" || die mkfs
LM=$(new_loop "$W/fs.img")
mkdir "$W/mnt"
mount "$LM" "$W/mnt" || die "mount failed"
"$M" devices show --json "$LM" > "$W/m.json"
[ "$(jq -r .mounted "$W/m.json")" = true ] || { die "mounted not seen"; }
[ "$(jq -r .fstype "$W/m.json")" = ext4 ] || { die "libblkid did not find ext4"; }
expect_rc 4 "$M" erase -y "$LM" --state-dir "$S" "$LM"
grep -q "^massho[a-z ]*: $LM: is mounted or in use as swap ($W/mnt)" "$W/err" || { die "mounted message: $(cat "$W/err")"; }
umount "$W/mnt"
ok "a mounted device is refused with its mount point"

# 5. the boot medium is refused. Only ever with --dry-run: even if the refusal broke,
#    nothing would be written (the dry run acts on nothing at the lowest layer).
root_dev=$(findmnt -no SOURCE / 2>/dev/null)
case "$root_dev" in
/dev/*)
	disk=/dev/$(lsblk -no PKNAME "$root_dev" 2>/dev/null | head -1)
	[ "$disk" = /dev/ ] && disk=$root_dev
	expect_rc 4 "$M" erase --dry-run "$disk"
	grep -q "is the boot medium of this system" "$W/err" || die "boot refusal: $(cat "$W/err")"
	ok "the boot medium ($disk) is refused (checked with --dry-run only)"
	;;
*) echo "# root is not on a block device here ($root_dev): boot refusal covered by unit tests" ;;
esac
echo "$n passed"

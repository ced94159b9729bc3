# The boot image, built as `make image` builds it — once for every system test after this
# one (they boot build/image/massho.iso) — and a second time into another directory: the
# two must be the same bytes (SOURCE_DATE_EPOCH, sorted cpio, fixed FAT serial and times),
# and so must the network boot's files (build/image/netboot/).
# Prints the build time and the size; docs/boot-image.md keeps the measured numbers.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
for t in xorriso mformat zstd cpio; do command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/install-deps image)"; exit 77; }; done
[ -f /usr/lib/shim/shimx64.efi.signed ] || { echo "SKIP: shim-signed missing"; exit 77; }
ls /boot/vmlinuz-*-amd64 >/dev/null 2>&1 || { echo "SKIP: no Debian kernel (linux-image-amd64)"; exit 77; }
t0=$(date +%s)
"$TOP/scripts/build-image" "$M" > "$W/one.log" 2>&1 || { cat "$W/one.log"; die "build-image"; }
t1=$(date +%s)
"$TOP/scripts/build-image" "$M" "$W/again" > "$W/two.log" 2>&1 || { cat "$W/two.log"; die "build-image again"; }
a=$(sha256sum "$ISO" | cut -d' ' -f1) b=$(sha256sum "$W/again/massho.iso" | cut -d' ' -f1)
echo "image: $(stat -c %s "$ISO") bytes, built in $((t1 - t0)) s, SHA-256 $a"
[ "$a" = "$b" ] || die "two builds differ: $a and $b"
ok "two builds of the image are the same bytes ($a)"
# The network boot's files too, and its initramfs is the ISO's.
(cd "$TOP/build/image/netboot" && find . -type f | sort | xargs sha256sum) > "$W/nb-one.txt"
(cd "$W/again/netboot" && find . -type f | sort | xargs sha256sum) > "$W/nb-two.txt"
cmp -s "$W/nb-one.txt" "$W/nb-two.txt" || { diff "$W/nb-one.txt" "$W/nb-two.txt"; die "two builds' netboot/ differ"; }
for f in vmlinuz initrd.zst boot.ipxe bootnetx64.efi grubx64.efi mmx64.efi grub/grub.cfg; do
	grep -q " \./$f\$" "$W/nb-one.txt" || die "netboot/$f missing"
done
ok "two builds' netboot/ are the same bytes ($(wc -l < "$W/nb-one.txt") files)"
grep -q "initramfs" "$W/one.log" || die "build-image said nothing of the initramfs"
# No private key, ever: none among the ISO's files, none inside the initramfs.
xorriso -osirrox on -indev "$ISO" -extract / "$W/tree" >/dev/null 2>&1 || die "cannot read the image"
chmod -R u+w "$W/tree"
mkdir "$W/initrd" && (cd "$W/initrd" && zstd -qdc "$W/tree/boot/initrd.zst" | cpio -id --quiet) || die "initramfs"
keys=$(find "$W/tree" "$W/initrd" "$TOP/build/image/netboot" -type f \( -name '*.p12' -o -name '*.pfx' -o -name '*.key' \) | head -3)
[ -z "$keys" ] || die "key files on the image: $keys"
# A PEM private key block (its header, then base64). Debian's libgnutls (which libpq's
# libldap brings) carries the public test keys of its self-tests: a library is allowed
# only when it is byte for byte the installed Debian package's file.
grep -rlazP -- '-----BEGIN (ENCRYPTED |RSA |EC )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/]{32}' \
	"$W/tree" "$W/initrd" "$TOP/build/image/netboot" > "$W/pem.txt"
while read -r f; do
	b=$(basename "$f")
	if cmp -s "$f" "/lib/x86_64-linux-gnu/$b" || cmp -s "$f" "/usr/lib/x86_64-linux-gnu/$b"; then
		echo "private key blocks in $b: the installed Debian library's own (self-test keys)"
	else
		die "a private key on the image: ${f#"$W"/}"
	fi
done < "$W/pem.txt"
[ -x "$W/initrd/init" ] && [ -x "$W/initrd/bin/massho" ] || die "the initramfs lacks /init or massho"
cmp -s "$W/tree/boot/initrd.zst" "$TOP/build/image/netboot/initrd.zst" || die "netboot/initrd.zst is not the ISO's"
cmp -s "$W/tree/boot/vmlinuz" "$TOP/build/image/netboot/vmlinuz" || die "netboot/vmlinuz is not the ISO's"
ok "no private key on the image (its files, the initramfs and netboot/ searched); netboot/ has the ISO's kernel and initramfs"

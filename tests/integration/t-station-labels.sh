# The station never erases a massho medium that it finds by its label, mounted or not: an
# output medium (MASSHO-OUT) plugged in again or a second one, and a copy of the boot
# image (MASSHO). Unattended, every drive but the boot and output media: the two loop
# devices carrying those labels are left alone with the reason, the third is erased.
# Needs root (loop devices of our own).
. "$TOP/tests/integration/lib.sh"
need_loop
for t in mkfs.vfat xorriso; do command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }; done
mkdir "$W/keys" "$W/iso"
echo "trial-passphrase-1" > "$W/pass"
"$M" key init --name "Labels" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
truncate -s 16M "$W/out.img" "$W/plain.img"
mkfs.vfat -n MASSHO-OUT "$W/out.img" >/dev/null || die "mkfs.vfat"
echo image > "$W/iso/x"
xorriso -as mkisofs -quiet -V MASSHO -o "$W/image.iso" "$W/iso" 2>/dev/null || die "xorriso"
truncate -s 16M "$W/image.iso"
OUT=$(new_loop "$W/out.img") IMG=$(new_loop "$W/image.iso") PLAIN=$(new_loop "$W/plain.img")
printf '%s\n' "class = 1" "key = $W/keys/massho-key.p12" "mode = unattended" \
	"drives = every-drive-except-boot-and-output" > "$W/st.conf"
expect_rc 0 "$M" station --config "$W/st.conf" --state-dir "$W/state" --passphrase-file "$W/pass" --countdown 0 \
	"$OUT" "$IMG" "$PLAIN"
grep -q "${OUT#/dev/}: not erased: holds the output directory (records, certificates): never erased" "$W/out" || { cat "$W/out"; die "the MASSHO-OUT medium"; }
grep -q "${IMG#/dev/}: not erased: the boot medium: never erased" "$W/out" || { cat "$W/out"; die "the MASSHO medium"; }
grep -q "${PLAIN#/dev/}: erased; certificate" "$W/out" || { cat "$W/out"; die "the plain drive was not erased"; }
[ "$(blkid -o value -s LABEL "$W/out.img")" = MASSHO-OUT ] || die "the output medium was written"
ok "media labelled MASSHO-OUT and MASSHO are never erased by the station; the other drive is"

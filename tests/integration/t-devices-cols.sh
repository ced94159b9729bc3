# massho devices' table as lsblk's (issue 18): -o chooses the columns and their order (any
# case, +LIST after the default ones), -n leaves the headings out, -r prints one value
# between two spaces, -b sizes in bytes; an unknown column is one line and the pointer to
# --help (exit 2); no value is cut, not even on a narrow terminal. Read from the recorded
# PC (tests/fixtures/sysroot-pc), no root needed. As root, sizes are compared with lsblk's
# on loop devices of our own images (otherwise that part is skipped, said below). Nothing
# here writes to a disk: massho devices only reads; sda and the others are the recorded
# PC's (--sysroot), and the loop devices are only listed.
. "$TOP/tests/integration/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq missing (scripts/install-deps installs it)"; exit 77; }
export LC_ALL=C
R="$TOP/tests/fixtures/sysroot-pc"
dev() { "$M" devices --sysroot "$R" "$@"; }
# row NAME: the line of device NAME in $W/out (n is lib.sh's count of oks)
row() { awk -v n="$1" '$1 == n' "$W/out"; }

# The default: today's columns, each as wide as its widest value.
expect_rc 0 dev
[ "$(head -1 "$W/out" | tr -s ' ')" = "NAME SIZE TRAN MEDIUM MODEL SERIAL ROT RM MOUNTED BOOT FS" ] ||
	die "default columns: $(head -1 "$W/out")"
[ "$(wc -l <"$W/out")" = 8 ] || die "7 devices and the headings expected: $(cat "$W/out")"
[ "$(row md127 | awk '{print $3}')" = unknown ] || die "TRAN cut: $(row md127)"
row nvme0n1 | grep -q " Samsung SSD 980 PRO 500GB  *S5GXNX0R123456A " || die "MODEL cut: $(row nvme0n1)"
row sdb | grep -q " 4C530001230308117154 " || die "SERIAL cut: $(row sdb)"
# Aligned: every value of a column starts where its heading does.
pos=$(head -1 "$W/out" | awk '{print index($0, "SERIAL")}')
for want in loop0:- nvme0n1:S5GXNX0R123456A sda:WD-WCC6Y0ABCDEF sdd:S0M1ABCD0000K123ABCD; do
	d=${want%%:*} v=${want#*:}
	[ "$(row "$d" | cut -c"$pos"- | cut -d' ' -f1)" = "$v" ] || die "$d: SERIAL not under its heading: $(row "$d")"
done
# Sizes in lsblk's units (what lsblk 2.38 prints for these sizes; measured below as root).
for want in loop0:256M md127:465.6G nvme0n1:476.9G sda:931.5G sdb:28.6G sdd:558.9G; do
	[ "$(row "${want%%:*}" | awk '{print $2}')" = "${want#*:}" ] || die "size of ${want%%:*}: $(row "${want%%:*}")"
done
# SIZE and the 1/0 columns to the right, as lsblk has them
[ "$(awk '$1 == "loop0" {print index($0, "256M") + 3}' "$W/out")" = "$(head -1 "$W/out" | awk '{print index($0, "SIZE") + 3}')" ] ||
	die "SIZE not aligned to the right: $(cat "$W/out")"
ok "default columns, aligned, nothing cut (TRAN unknown, MODEL and SERIAL whole), lsblk's units"

# A narrow terminal: libsmartcols truncates only columns marked so, and none is.
if command -v script >/dev/null; then
	script -qec "stty cols 40; '$M' devices --sysroot '$R'" /dev/null | tr -d '\r' >"$W/out"
	row nvme0n1 | grep -q " Samsung SSD 980 PRO 500GB  *S5GXNX0R123456A " || die "cut on a 40-column terminal: $(cat "$W/out")"
	[ "$(row md127 | awk '{print $3}')" = unknown ] || die "TRAN cut on a 40-column terminal: $(row md127)"
	ok "on a 40-column terminal nothing is cut either"
else
	echo "# skipped: the narrow terminal (script(1) from util-linux missing)"
fi

# -o: these columns, in this order, names in any case; +LIST adds to the default.
expect_rc 0 dev -o serial,Name,SIZE
[ "$(head -1 "$W/out" | tr -s ' ')" = "SERIAL NAME SIZE" ] || die "-o headings: $(head -1 "$W/out")"
awk 'NR > 1 && NF != 3 { exit 1 }' "$W/out" || die "-o: not 3 values a line: $(cat "$W/out")"
grep -q "^WD-WCC6Y0ABCDEF  *sda  *931.5G$" "$W/out" || die "-o order: $(cat "$W/out")"
expect_rc 0 dev --output +PATH,LOG-SEC,PHY-SEC,VENDOR,REV,WWN,RO
[ "$(head -1 "$W/out" | tr -s ' ')" = "NAME SIZE TRAN MEDIUM MODEL SERIAL ROT RM MOUNTED BOOT FS PATH LOG-SEC PHY-SEC VENDOR REV WWN RO" ] ||
	die "-o +LIST: $(head -1 "$W/out")"
row sda | tr -s ' ' | grep -q " sda1 sda2 /dev/sda 512 4096 ATA 1A01 naa.50014ee2b5c0a1b2 0$" || die "-o +LIST values: $(row sda)"
ok "-o chooses the columns and their order (any case); +LIST adds to the default"

# Every column --help lists is one -o takes; the default it names is the default.
expect_rc 0 "$M" devices --help
awk '/^Available output columns:/ { on = 1; next } on && /^ +[A-Z]/ { print $1 }' "$W/out" >"$W/cols"
[ "$(wc -l <"$W/cols")" -ge 20 ] || die "--help lists $(wc -l <"$W/cols") columns: $(cat "$W/out")"
all=$(paste -sd, "$W/cols")
expect_rc 0 dev -o "$all"
[ "$(head -1 "$W/out" | tr -s ' ' ',')" = "$all" ] || die "-o with every column --help lists: $(head -1 "$W/out")"
"$M" devices --help | sed -n 's/^Default columns: //p' >"$W/def"
[ "$(cat "$W/def")" = "NAME,SIZE,TRAN,MEDIUM,MODEL,SERIAL,ROT,RM,MOUNTED,BOOT,FS" ] || die "--help's default: $(cat "$W/def")"
for page in docs/massho.8 docs/ja/massho.8; do
	sed 's/\\-/-/g' "$TOP/$page" >"$W/page"
	while read -r c; do
		grep -Eq "(^| |、)$c(,|、|。|\.| |\$)" "$W/page" || die "$page does not name the column $c"
	done <"$W/cols"
done
ok "--help lists $(wc -l <"$W/cols") columns with a line each, every one accepted by -o and named in both man pages, and the default"

# -n: no headings. -r: one space between values, none for padding; unsafe bytes (a space
# inside a value) as \x20, as lsblk -r prints them; English.
expect_rc 0 dev -n
[ "$(head -1 "$W/out" | cut -d' ' -f1)" = loop0 ] || die "-n: $(head -1 "$W/out")"
! grep -q NAME "$W/out" || die "-n printed headings"
expect_rc 0 dev -r
! grep -q "  " "$W/out" || die "-r: two spaces: $(cat "$W/out")"
awk 'NF != 11 { exit 1 }' "$W/out" || die "-r: not 11 values a line: $(cat "$W/out")"
grep -qx 'sda 931.5G sata hdd WDC\\x20WD10EZEX-08W WD-WCC6Y0ABCDEF 1 0 yes yes sda1\\x20sda2' "$W/out" || die "-r sda: $(cat "$W/out")"
[ "$(head -1 "$W/out")" = "NAME SIZE TRAN MEDIUM MODEL SERIAL ROT RM MOUNTED BOOT FS" ] || die "-r headings: $(head -1 "$W/out")"
expect_rc 0 env LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 "$M" devices --sysroot "$R" -rn -o NAME,MOUNTED
grep -qx "sda yes" "$W/out" || die "-r in Japanese is not English: $(cat "$W/out")"
ok "-n leaves the headings out; -r: no padding, a space inside a value as \\x20, English in every language"

# -b: sizes in bytes (the fixture's 512-byte sectors times 512).
expect_rc 0 dev -b -n -r -o NAME,SIZE
for d in sda nvme0n1 loop0 sdb; do
	want=$(($(cat "$R/sys/class/block/$d/size") * 512))
	grep -qx "$d $want" "$W/out" || die "-b $d: want $want: $(cat "$W/out")"
done
expect_rc 0 dev -b
[ "$(row sda | awk '{print $2}')" = 1000204886016 ] || die "-b in the default table: $(row sda)"
ok "-b prints sizes in bytes"

# Wrong: one line naming the column, the pointer to --help, exit 2, nothing listed.
for bad in FOO NAME,FOO NAME,,SIZE "" +; do
	expect_rc 2 dev -o "$bad"
	[ ! -s "$W/out" ] || die "-o '$bad' printed: $(cat "$W/out")"
	[ "$(wc -l <"$W/err")" = 2 ] || die "-o '$bad': not two lines: $(cat "$W/err")"
	[ "$(sed -n 2p "$W/err")" = "Try 'massho devices --help' for more information." ] || die "-o '$bad': $(cat "$W/err")"
done
expect_rc 2 dev -o NAME,FOO
[ "$(head -1 "$W/err")" = "massho devices: unknown column: 'FOO'" ] || die "unknown column: $(cat "$W/err")"
expect_rc 2 dev -J -o NAME
expect_rc 2 dev -r show /dev/sda
expect_rc 0 dev -J -b
jq -e '.devices | length == 7' "$W/out" >/dev/null || die "-J -b: $(cat "$W/out")"
ok "an unknown column is one line naming it and the pointer to --help (exit 2); --json keeps every field"

# lsblk itself, on loop devices of our own sparse images.
if [ "$(id -u)" != 0 ] || ! command -v losetup >/dev/null || ! command -v lsblk >/dev/null || [ ! -e /dev/loop-control ]; then
	echo "# skipped: comparing sizes with lsblk needs root, losetup, lsblk and /dev/loop-control"
	exit 0
fi
for s in 512 1536 1048064 1101312 5295104 10433536 11010048 1073217536 1073741312 274877906944 1000204886016 2000398934016; do
	truncate -s "$s" "$W/img.$s" || die "truncate $s"
	new_loop "$W/img.$s" >"$W/loop.$s" || die "losetup $s"
done
"$M" devices -n -r -o NAME,SIZE >"$W/h" || die "massho devices failed"
"$M" devices -n -r -b -o NAME,SIZE >"$W/b" || die "massho devices -b failed"
for s in 512 1536 1048064 1101312 5295104 10433536 11010048 1073217536 1073741312 274877906944 1000204886016 2000398934016; do
	l=$(cat "$W/loop.$s")
	d=$(basename "$l")
	theirs=$(lsblk -dn -o SIZE "$l" | tr -d ' ')
	ours=$(awk -v n="$d" '$1 == n {print $2}' "$W/h")
	[ -n "$theirs" ] && [ "$ours" = "$theirs" ] || die "$l ($s bytes): massho $ours, lsblk $theirs"
	[ "$(awk -v n="$d" '$1 == n {print $2}' "$W/b")" = "$(lsblk -bdn -o SIZE "$l" | tr -d ' ')" ] ||
		die "$l ($s bytes): -b differs from lsblk -b"
	echo "# $s bytes: $ours"
done
ok "sizes as lsblk prints them, on 12 loop devices from 512 bytes to 2 TB, with and without -b"

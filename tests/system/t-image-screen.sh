# The station on a PC's screen (OVMF with Secure Boot, a framebuffer): the boot menu's
# 日本語 entry shows the station in Japanese through fbterm (the console cannot draw
# kanji), the English entry on the plain console. A screendump of each is taken once the
# screen is drawn and still; both must be drawn (not blank) and differ. KEEP_SCREENS=DIR
# keeps them (scripts/image-screens makes docs/boot-image-ja.png from it).
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
need_image_tools
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
# no key: the screen comes up without a passphrase to type on the guest's keyboard
out_medium "$W/out.img" 16 "organisation = 試験市 情報政策課
operator = 山田 太郎
class = 2"
target "$W/t.img" 8

# screen NAME KEYS...: boot, press KEYS at GRUB's menu, and take screendumps every 3 s until
# two in a row are the same and drawn; leaves $W/NAME.ppm.
screen() {
	sname=$1; shift
	cp "$W/out.img" "$W/out-$sname.img"
	guest "$sname" ovmf-sb -vga std -cdrom "$ISO" -device ahci,id=ahci0 \
		-drive "if=none,id=t1,format=raw,file=$W/t.img" -device ide-hd,drive=t1,bus=ahci0.0,serial=MSTSCR00051 \
		-device qemu-xhci,id=xhci -drive "if=none,id=out,format=raw,file=$W/out-$sname.img" \
		-device usb-storage,drive=out,bus=xhci.0
	wait_for "serial console, English" 120
	sleep 1
	for k in "$@"; do monitor "sendkey $k"; done
	i=0 prev=
	while [ $i -lt 60 ]; do
		sleep 3
		monitor "screendump $W/$sname-$i.ppm"
		sleep 1
		[ -s "$W/$sname-$i.ppm" ] || { i=$((i + 1)); continue; }
		d=$(python3 "$TOP/tests/system/screen-check.py" "$W/$sname-$i.ppm" ${prev:+"$prev"})
		case $d in *" same") awk -v d="${d#* drawn }" 'BEGIN {exit !(d + 0 > 0.02)}' && break ;; esac
		prev=$W/$sname-$i.ppm
		i=$((i + 1))
	done
	[ $i -lt 60 ] || die "$sname: the screen did not settle on a drawn picture"
	cp "$W/$sname-$i.ppm" "$W/$sname.ppm"
	echo "$sname: $d after $(($(date +%s) - GSTART)) s"
	kill "$QPID"
	guest_end 30
}
screen ja ret
screen en down ret
d=$(python3 "$TOP/tests/system/screen-check.py" "$W/ja.ppm" "$W/en.ppm")
echo "ja against en: $d"
case $d in *differs) ;; *) die "the Japanese and the English screens are the same" ;; esac
ok "the 日本語 entry draws the station in Japanese through fbterm, the English one on the console: both drawn, different"
if [ -n "${KEEP_SCREENS:-}" ]; then mkdir -p "$KEEP_SCREENS" && cp "$W/ja.ppm" "$W/en.ppm" "$KEEP_SCREENS/"; fi

# Helpers for QEMU system tests (sourced after tests/integration/lib.sh). Guests boot
# Debian's kernel with a busybox initramfs under TCG (KVM does not work here) and
# only ever see disk images this test created.
need_qemu() {
	command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86_64 missing"; exit 77; }
	command -v busybox >/dev/null || { echo "SKIP: busybox (busybox-static) missing"; exit 77; }
	KVER=$(ls /lib/modules 2>/dev/null | grep -- '-amd64$' | sort -V | tail -1)
	[ -n "$KVER" ] && [ -f "/boot/vmlinuz-$KVER" ] || { echo "SKIP: Debian kernel (linux-image-amd64) missing"; exit 77; }
}
# boot_guest SCRIPT LOG QEMU-DEVICE-ARGS...: run SCRIPT in a guest; the console goes to LOG.
boot_guest() {
	script=$1 log=$2; shift 2
	"$TOP/scripts/build-initramfs" "$W/initrd.gz" "$KVER" "$script" "$M" || die "initramfs"
	timeout 90 qemu-system-x86_64 -M pc -accel tcg -m 512 -smp 1 -nographic -no-reboot -nic none \
		-kernel "/boot/vmlinuz-$KVER" -initrd "$W/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet" "$@" < /dev/null 2>&1 | tr -d '\r' > "$log"
	grep -q '^@@guest-exit' "$log" || { tail -30 "$log"; die "the guest did not finish"; }
}
# section LOG NAME: the lines of a section; section_rc LOG NAME: its exit status.
section() { awk -v n="@@$2" '$0 == n {on = 1; next} /^@@rc / {if (on) exit} on' "$1"; }
section_rc() { awk -v n="@@$2" '$0 == n {on = 1; next} /^@@rc / {if (on) {print $2; exit}}' "$1"; }

# Helpers for the boot image's system tests (sourced after tests/integration/lib.sh): boot
# build/image/massho.iso in QEMU (TCG) as an operator would — through the firmware, GRUB's
# menu (its serial entry chosen with the keys an operator presses) and the image's /init —
# with target disks and an output medium this test made, and drive its serial console.
# The image is built once per `make check` (tests/system/t-image-build.sh); a test that
# finds none builds it.
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
ISO=$TOP/build/image/massho.iso
NETBOOT=$TOP/build/image/netboot
need_image_tools() {
	command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86_64 missing"; exit 77; }
	for t in mkfs.vfat mcopy mmd mdir xorriso; do
		command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/install-deps image)"; exit 77; }
	done
	[ -f "$OVMF_CODE" ] && [ -f "$OVMF_VARS" ] || { echo "SKIP: OVMF missing (ovmf)"; exit 77; }
	[ -f /usr/lib/shim/shimx64.efi.signed ] || { echo "SKIP: shim-signed missing"; exit 77; }
	if [ ! -f "$ISO" ] || [ "$ISO" -ot "$M" ] || [ "$ISO" -ot "$TOP/scripts/image-init" ] ||
		[ "$ISO" -ot "$TOP/scripts/build-image" ] || [ ! -f "$NETBOOT/initrd.zst" ]; then
		"$TOP/scripts/build-image" "$M" > "$W/build-image.log" 2>&1 || { cat "$W/build-image.log"; die "build-image"; }
	fi
}

# out_medium FILE MIB [CONF]: an output medium, FAT labelled MASSHO-OUT, with massho/key.p12
# (a trial key, passphrase $PASS) and massho/station.conf (CONF's text) when given.
PASS=trial-passphrase-1
out_medium() {
	f=$1 mib=$2 conf=${3:-}
	rm -f "$f"
	mkfs.vfat -C -n MASSHO-OUT "$f" $((mib * 1024)) >/dev/null || die "mkfs.vfat"
	trial_key
	mmd -i "$f" ::/massho
	mcopy -i "$f" "$W/key/massho-key.p12" ::/massho/key.p12
	if [ -n "$conf" ]; then
		printf '%s\n' "$conf" > "$W/station.conf"
		mcopy -i "$f" "$W/station.conf" ::/massho/station.conf
	fi
}

# trial_key: the trial key, $W/key/massho-key.p12 (passphrase $PASS) and its certificate
# $W/key/massho-cert.pem, made once per test.
trial_key() {
	[ -f "$W/key/massho-key.p12" ] && return 0
	mkdir -p "$W/key"
	printf '%s\n' "$PASS" > "$W/key/pass"
	"$M" key init --name "Test station" --org "試験市" --out "$W/key" --passphrase-file "$W/key/pass" >/dev/null ||
		die "key init"
}

# target FILE MIB: a disk full of recognisable records (scripts/fake-residents).
target() { truncate -s "${2}M" "$1" && fill_residents "$1" "$2" >/dev/null || die "target $1"; }

# residue FILE: how many bytes of the known records remain in FILE (0 once it is erased).
residue() { grep -c -a 'RESIDENT-RECORD' "$1" || true; }

# guest NAME FIRMWARE QEMU-ARGS...: start a guest in the background (FIRMWARE: seabios or
# ovmf-sb; Secure Boot enforced with Microsoft's keys). Its serial console goes to
# $W/NAME.log; we type into it with `type_in`, and drive QEMU's monitor with `monitor`.
guest() {
	gname=$1 fw=$2; shift 2
	GLOG=$W/$gname.log
	rm -f "$W/mon.in" "$W/mon.out" "$W/ser.in" "$GLOG"
	mkfifo "$W/mon.in" "$W/mon.out" "$W/ser.in"
	set --  -accel tcg -m 1024 -smp 2 -display none -no-reboot -nic none "$@"
	if [ "$fw" = ovmf-sb ]; then
		cp "$OVMF_VARS" "$W/vars.fd"
		set -- -machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on \
			-drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE" \
			-drive "if=pflash,format=raw,unit=1,file=$W/vars.fd" "$@"
	else
		set -- -machine pc "$@"
	fi
	GSTART=$(date +%s)
	# the serial line: our FIFO in, the log out (stdio, so that QEMU echoes nothing)
	exec 5<>"$W/ser.in"
	qemu-system-x86_64 "$@" -serial stdio -monitor "pipe:$W/mon" <&5 > "$GLOG" 2>&1 &
	QPID=$!
	exec 3<>"$W/mon.in" 4<>"$W/mon.out"
	cat <&4 > "$W/$gname.monitor" &
	DRAIN=$!
}
# A test that fails (die) while its guest runs leaves no QEMU behind (nor the monitor's
# reader): they would hold the log's pipe and take a core from the next test.
QPID= DRAIN=
guest_cleanup() {
	[ -n "$QPID" ] && kill "$QPID" 2>/dev/null
	[ -n "$DRAIN" ] && kill "$DRAIN" 2>/dev/null
	cleanup
}
trap guest_cleanup EXIT INT TERM
monitor() { echo "$*" >&3; sleep 0.5; }
# passphrase: type the trial key's passphrase when the station asks for it on the console.
passphrase() {
	wait_for "Passphrase of the signing key" 240
	printf '%s\n' "$PASS" >&5
}
type_in() { printf '%s' "$1" >&5; }
# wait_for TEXT SECONDS: until the console shows TEXT (a fixed string); fails the test
# otherwise, showing the console's end.
wait_for() {
	t0=$(date +%s)
	while ! tr -d '\r' < "$GLOG" | grep -qF -- "$1"; do
		if [ $(($(date +%s) - t0)) -ge "$2" ] || ! kill -0 "$QPID" 2>/dev/null; then
			tr -d '\r' < "$GLOG" | tail -40 >&2
			die "no '$1' on the console within $2 s"
		fi
		sleep 0.5
	done
}
# serial_entry: choose the boot menu's "serial console" entry as an operator would.
serial_entry() {
	wait_for "serial console, English" 120
	sleep 1
	for k in down down ret; do monitor "sendkey $k"; done
	wait_for "massho-image: ready" 240
	echo "boot: $(($(date +%s) - GSTART)) s from power-on to /init's ready (the menu's timeout cut short)"
}
# acknowledge SECONDS: the station ended with an error; /init waits for Enter (or a
# minute) before the power-off, so that someone reads it: press Enter once it asks.
acknowledge() {
	wait_for "press Enter to power off" "$1"
	printf '\n' >&5
}
# guest_end SECONDS: wait for the guest to power off by itself; then the boot's seconds.
guest_end() {
	t0=$(date +%s)
	while kill -0 "$QPID" 2>/dev/null; do
		[ $(($(date +%s) - t0)) -lt "$1" ] || { kill "$QPID"; tr -d '\r' < "$GLOG" | tail -40 >&2; die "the guest did not power off"; }
		sleep 1
	done
	wait "$QPID" 2>/dev/null
	exec 3>&- 4<&- 5>&-
	kill "$DRAIN" 2>/dev/null
	wait "$DRAIN" 2>/dev/null
	QPID= DRAIN=
	GSECS=$(($(date +%s) - GSTART))
}
console() { tr -d '\r' < "$GLOG"; }

# The boot image over the network, as a fleet's station boots it: a PC (SeaBIOS) with no
# boot medium and no output medium boots from its network card — QEMU's iPXE ROM gets an
# address and a script from QEMU's user network (its DHCP and TFTP server stand in for
# dnsmasq), and the script loads build/image/netboot's kernel and initramfs over TFTP with
# massho.config=tftp://10.0.2.2/massho/. /init gets an address itself (udhcpc), fetches
# station.conf and key.p12 into memory (the key missing at first, then too large: it says
# why and tries again), says that the image cannot be measured, asks for
# the key's passphrase and, unattended, erases the AHCI disk (class 1) without waiting
# for any medium. Then the results go to the database station.conf names (collect) — the
# block marked PostgreSQL below — or, without one, onto an output medium plugged in
# afterwards, whose certificate then verifies. Prints the times, and how long TFTP took.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/image-lib.sh"
need_image_tools
# QEMU's iPXE for its virtio network card (efi-virtio.rom holds the BIOS and UEFI drivers).
[ -f /usr/share/qemu/efi-virtio.rom ] || [ -f /usr/lib/ipxe/qemu/efi-virtio.rom ] ||
	{ echo "SKIP: QEMU's iPXE ROM missing (ipxe-qemu)"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

# The TFTP server's root: an iPXE script, and the station's folder, massho/, with the
# kernel and initramfs of the build (the same bytes as the ISO's) and the station's files.
tftp=$W/tftp
mkdir -p "$tftp/massho"
cp "$NETBOOT/vmlinuz" "$NETBOOT/initrd.zst" "$tftp/massho/"
xorriso -osirrox on -indev "$ISO" -extract /boot/initrd.zst "$W/iso-initrd.zst" >/dev/null 2>&1 || die "cannot read the image"
cmp -s "$NETBOOT/initrd.zst" "$W/iso-initrd.zst" || die "netboot/initrd.zst is not the ISO's initramfs"
ok "netboot/initrd.zst is the ISO's initramfs, byte for byte"
cat > "$tftp/boot.ipxe" <<'EOF'
#!ipxe
kernel tftp://10.0.2.2/massho/vmlinuz initrd=initrd.zst massho.config=tftp://10.0.2.2/massho/ massho.lang=en console=tty0 console=ttyS0,115200n8
initrd tftp://10.0.2.2/massho/initrd.zst
boot
EOF
trial_key
# key.p12 is not there at first, then too large: /init says why and tries again (Enter).
conf="organisation = 試験市 情報政策課
operator = 山田 太郎
class = 1
key = key.p12
mode = unattended
drives = every-drive-except-boot-and-output
after = poweroff"
# The database (issue 17): a throwaway PostgreSQL (tests/integration/pg.sh) with TLS on
# 127.0.0.1, which the guest reaches as 10.0.2.2 through QEMU's user network; its CA and
# the station's client certificate and key beside station.conf on the TFTP server. Down
# when the guest boots: the station's push fails (exit 20), /init waits and tries again,
# and sends everything once the database is started. Without PostgreSQL installed, the
# other way a network-booted station keeps its results: an output medium plugged in.
. "$TOP/tests/integration/pg.sh"
PG_THEN=guest_cleanup
collect=
if [ -x "$PGBIN/initdb" ] && command -v psql >/dev/null; then
	pg_start
	"$M" db migrate "$ADMIN" > /dev/null || die "db migrate"
	pg_role station1 massho_station
	pg_as "$PGBIN/pg_ctl" -D "$PGT/data" -m fast -w stop > /dev/null || die "pg_ctl stop"
	cp "$PGT/ca.crt" "$tftp/massho/db-ca.crt"
	cp "$PGT/station1.crt" "$tftp/massho/db-station.crt"
	cp "$PGT/station1.key" "$tftp/massho/db-station.key"
	conf="$conf
collect = postgresql://station1@db.massho.test:$PGPORT/massho?hostaddr=10.0.2.2&sslmode=verify-full"
	collect=1
else
	echo "PostgreSQL server missing (postgresql-15): the output-medium way instead of the database"
fi
printf '%s\n' "$conf" > "$tftp/massho/station.conf"
target "$W/ahci.img" 48

guest net seabios -boot n \
	-netdev "user,id=n0,tftp=$tftp,bootfile=boot.ipxe" -device virtio-net-pci,netdev=n0 \
	-object "filter-dump,id=dump0,netdev=n0,file=$W/net.pcap" \
	-device ahci,id=ahci0 -drive "if=none,id=t1,format=raw,file=$W/ahci.img" \
	-device ide-hd,drive=t1,bus=ahci0.0,serial=MSTNET00061 \
	-device qemu-xhci,id=xhci
wait_for "massho-image: ready" 300
t_ready=$(($(date +%s) - GSTART))
wait_for "massho-image: the configuration could not be fetched: the server has no massho/key.p12" 120
head -c 5M /dev/zero > "$tftp/massho/key.p12"
type_in "$(printf '\r')"
wait_for "massho-image: the configuration could not be fetched: key.p12 is larger than 4 MiB: refused" 120
ok "a missing key and one over 4 MiB: /init says why and tries again"
cp "$W/key/massho-key.p12" "$tftp/massho/key.p12"
type_in "$(printf '\r')"
wait_for "massho-image: fetched from tftp://10.0.2.2/massho/: station.conf key.p12" 120
t_fetched=$(($(date +%s) - GSTART))
ok "netbooted through iPXE and TFTP; /init got an address and fetched station.conf and key.p12"
passphrase
t_pass=$(($(date +%s) - GSTART))
# With the database down the station ends with 20: erased, not collected yet.
wait_for "massho-image: station ended, exit status $([ -n "$collect" ] && echo 20 || echo 0)" 600
t_station=$(($(date +%s) - GSTART))
console > "$W/console.txt"
grep -q "massho-image: network boot: no boot medium, so the image is not measured" "$W/console.txt" ||
	die "/init did not say that the image cannot be measured"
! grep -q "no output medium" "$W/console.txt" || die "/init waited for an output medium"
grep -q "MSTNET00061: erased; certificate" "$W/console.txt" || die "the station did not report the AHCI disk erased"
[ "$(residue "$W/ahci.img")" = 0 ] || die "ahci: $(residue "$W/ahci.img") lines of the known records remain"
ok "unattended over the network: no output medium waited for, the AHCI disk erased (no byte of its records left)"

if [ -n "$collect" ]; then
	# The station pushed when its batch ended, to a database that was down; /init waits.
	grep -q "not collected (2 queued)" "$W/console.txt" || die "the station did not say it could not collect"
	wait_for "massho-image: 2 results not yet collected: waiting for the database" 120
	ok "the database down: the station's push failed, /init keeps the 2 results and waits"
	pg_as "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/server.log" -w start > /dev/null || die "pg_ctl start"
	wait_for "massho-image: the database has every result (2)" 120
	guest_end 120
	console > "$W/console.txt"
	grep -q "massho-image: done (exit status 0)" "$W/console.txt" || die "the guest did not end with 0 once collected"
	[ "$(sql "SELECT serial FROM massho.records WHERE kind = 'erasure'")" = MSTNET00061 ] || die "the database: $(sql "SELECT record_id, serial FROM massho.records")"
	[ "$(sql "SELECT count(*) FROM massho.records") $(sql "SELECT count(*) FROM massho.certificates") $(sql "SELECT count(*) FROM massho.ledger_checkpoints")" = "2 2 1" ] ||
		die "stored: $(sql "SELECT kind, record_id FROM massho.records")"
	sql "CREATE ROLE auditor1 LOGIN IN ROLE massho_auditor" && pg_cert auditor1 auditor1
	"$M" report verify --from "$(tls_uri auditor1)" --ca "$W/key/massho-cert.pem" > "$W/verify.txt" 2>&1 ||
		{ cat "$W/verify.txt"; die "report verify --from"; }
	grep -q "checked 2 certificates, 2 records, 1 ledgers (2 entries): 0 failed" "$W/verify.txt" || die "$(cat "$W/verify.txt")"
	ok "started again, the database got the certificate, the batch summary and the ledger; everything verifies"
else
	# No database named: /init keeps the results in memory until an output medium is
	# plugged in, copies them onto it, and only then powers off.
	wait_for "massho-image: station.conf names no database (collect)" 60
	ok "without collect, /init says it cannot send the results and waits for an output medium"
	out_medium "$W/out.img" 32
	monitor "drive_add 0 if=none,id=out,format=raw,file=$W/out.img"
	monitor "device_add usb-storage,id=outstick,drive=out,bus=xhci.0"
	guest_end 120
	console > "$W/console.txt"
	grep -q "massho-image: results copied to the output medium" "$W/console.txt" || die "no copy onto the output medium"
	grep -q "massho-image: done (exit status 0)" "$W/console.txt" || die "the guest did not end with 0"
	mkdir "$W/got"
	mcopy -s -i "$W/out.img" ::/massho "$W/got/" || die "cannot read the output medium"
	dir=$(ls -d "$W"/got/massho/net-* 2>/dev/null | head -1)
	[ -n "$dir" ] || die "no net-TIME folder on the output medium"
	pdf=$(ls "$dir"/records/MS-*.pdf)
	[ "$(echo "$pdf" | wc -l)" = 1 ] || die "certificates: $pdf"
	"$M" report verify --ca "$W/key/massho-cert.pem" "$pdf" > "$W/verify.txt" 2>&1 || { cat "$W/verify.txt"; die "report verify"; }
	rec=${pdf%.pdf}.json
	[ "$(field "$rec" .device.serial)" = MSTNET00061 ] || die "the record names $(field "$rec" .device.serial)"
	[ "$(field "$rec" '.tool.image // "none"')" = none ] || die "the record names an image: $(field "$rec" .tool.image)"
	grep -q "network boot: the configuration comes from" "$dir/console.log" || die "console.log"
	ok "the results kept in memory went onto the output medium plugged in afterwards ($(basename "$dir")); the certificate verifies and names no image"
fi

echo "guest: ${t_ready}s to /init's ready, ${t_fetched}s to the configuration fetched, ${t_pass}s to the passphrase typed, ${t_station}s to the station's end, ${GSECS}s to power-off"
if command -v python3 >/dev/null; then
	python3 "$TOP/tests/system/tftp-times.py" "$W/net.pcap" | sed 's/^/tftp: /'
fi

# The unattended station (massho station --unattended, mode = unattended) on emulated
# drives: it refuses to start unless the configuration names drives, class and key in
# words; it tells every drive's plan or why it is left alone; Enter stops its countdown
# with nothing erased; it erases the listed drives that can be erased (a frozen one only
# when unfreeze allows, alone), certifies each and sums up each batch; it ends with 9 when
# a listed drive could not be erased here; with after = wait it ends on SIGTERM.
. "$TOP/tests/integration/lib.sh"
command -v script >/dev/null || { echo "SKIP: script (bsdutils) missing"; exit 77; }
mkdir "$W/keys"
echo "trial-passphrase-1" > "$W/pass"
"$M" key init --name "Unattended" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
KEY=$W/keys/massho-key.p12
for d in hdd nvme flash frozen; do truncate -s 8M "$W/$d.img"; done
HDD=emu:sata-hdd:$W/hdd.img NVME=emu:nvme-ssd:$W/nvme.img FLASH=emu:usb-flash:$W/flash.img
FROZEN=emu:sata-ssd-frozen:$W/frozen.img
conf() { printf '%s\n' "organisation = 試験市" "operator = 山田" "$@" > "$W/st.conf"; }
st() { "$M" station --config "$W/st.conf" --state-dir "$W/state" --passphrase-file "$W/pass" --countdown 0 "$@"; }

# bad-input B39: nothing by default: each missing word is named, nothing is written
conf "class = 2" "key = $KEY" "mode = unattended"
expect_rc 2 st "$HDD"
grep -q "^massho[a-z ]*: $W/st.conf: unattended: 'drives' is not set" "$W/err" || die "no drives: $(cat "$W/err")"
conf "drives = every-drive-except-boot-and-output" "key = $KEY" "mode = unattended"
expect_rc 2 st "$HDD"
grep -q "'class' is not set" "$W/err" || die "no class: $(cat "$W/err")"
conf "drives = every-drive-except-boot-and-output" "class = 2"
expect_rc 2 st --unattended "$HDD"
grep -q "'key' is not set" "$W/err" || die "no key: $(cat "$W/err")"
conf "drives = all" "class = 2" "key = $KEY" "mode = unattended"
expect_rc 2 st "$HDD"
grep -q "st.conf:3: drives must be every-drive-except-boot-and-output" "$W/err" || die "drives = all: $(cat "$W/err")"
[ ! -e "$W/state/records" ] || die "records written by a refused start"
ok "refused unless drives, class and key are said in words (exit 2, nothing written)"

# Enter during the countdown: nothing erased, exit 5
conf "drives = every-drive-except-boot-and-output" "class = 2" "key = $KEY" "mode = unattended"
(sleep 2; printf '\n') | script -qec "'$M' station --config '$W/st.conf' --state-dir '$W/state' \
	--passphrase-file '$W/pass' --countdown 20 '$HDD'; echo STATION-EXIT=\$?" /dev/null > "$W/stop.txt" 2>&1
grep -q "erasing in 20 seconds: press Enter to stop" "$W/stop.txt" || { cat "$W/stop.txt"; die "no countdown"; }
grep -q "stopped by the operator: nothing was erased" "$W/stop.txt" || { cat "$W/stop.txt"; die "Enter did not stop it"; }
grep -q "STATION-EXIT=5" "$W/stop.txt" || { cat "$W/stop.txt"; die "exit status after Enter"; }
! ls "$W"/state/records/MS-* >/dev/null 2>&1 || die "a record after the countdown was stopped"
ok "Enter stops the countdown: nothing erased, exit 5"
# a signal during the countdown: nothing erased, exit 11
"$M" station --config "$W/st.conf" --state-dir "$W/state" --passphrase-file "$W/pass" --countdown 30 "$HDD" \
	< /dev/null > "$W/sig.txt" 2>&1 &
pid=$!
i=0
while ! grep -q "erasing in 30 seconds" "$W/sig.txt" && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 11 ] || { cat "$W/sig.txt"; die "SIGTERM in the countdown: exit $rc"; }
grep -q "stopped by a signal before the batch began" "$W/sig.txt" || die "no word of the signal"
! ls "$W"/state/records/MS-* >/dev/null 2>&1 || die "a record after a signal in the countdown"
ok "a signal during the countdown: nothing erased, exit 11"

# class 2: the HDD and the NVMe SSD erased; the USB flash drive cannot be purged through
# USB (left, named, exit 9); the frozen SSD left while unfreeze is not allowed
expect_rc 9 st "$HDD" "$NVME" "$FLASH" "$FROZEN"
out=$W/out
for w in "hdd.img .*: class 2 -> Figure 41 row 2" "flash.img .*: not erased: .*physical destruction required" \
	 "frozen.img .*: not erased: frozen, and the configuration does not allow the unfreeze" \
	 "hdd.img .*: erased; certificate" "nvme.img .*: erased; certificate" "batch summary: " \
	 "station: 2 erased, 0 failed, 0 stopped, 2 not erasable here"; do
	grep -q "$w" "$out" || { cat "$out"; die "missing: $w"; }
done
grep -q "flash.img.*: erasing" "$out" && die "the USB flash drive was erased"
certs=$(ls "$W"/state/records/MS-*.pdf | wc -l)
[ "$certs" = 2 ] || die "$certs certificates, wanted 2"
for p in "$W"/state/records/MS-*.pdf; do
	"$M" report verify --ca "$W/keys/massho-cert.pem" "$p" >/dev/null 2>&1 || die "$p does not verify"
done
ls "$W"/state/records/SU-*.pdf >/dev/null 2>&1 || die "no batch summary"
grep -q "station: 2 erased" "$W/state/station.log" || die "the station log lacks the lines"
ok "erases what the plan allows, leaves and names the rest (exit 9), certificates and summary verify"

# a drive the list names that is not there: told, and the run ends with 9
rm -rf "$W/state"
conf "drives = hdd.img MISSING-SERIAL-1" "class = 2" "key = $KEY" "mode = unattended"
expect_rc 9 st "$HDD"
grep -q "MISSING-SERIAL-1: listed in the configuration's drives, but no such drive was found" "$W/out" ||
	{ cat "$W/out"; die "a missing drive is not told"; }
grep -q "hdd.img .*: erased; certificate" "$W/out" || die "the listed drive that is there was not erased"
ok "a listed drive that is not there is named, and the run ends with 9"

# unfreeze = yes: the frozen drive in a batch of its own; a drive not listed is left alone
rm -rf "$W/state"
conf "drives = frozen.img" "class = 2" "key = $KEY" "mode = unattended" "unfreeze = yes"
expect_rc 0 st "$HDD" "$FROZEN"
grep -q "hdd.img .*: not listed in the configuration's drives: left alone" "$W/out" || { cat "$W/out"; die "hdd listed"; }
grep -q "frozen.img .*frozen: unfrozen first by a suspend/resume, and erased alone" "$W/out" || die "unfreeze not told"
grep -q "frozen.img .*: erased; certificate" "$W/out" || die "the frozen drive was not erased"
jq -e '[.method.commands[].command] | any(test("SANITIZE CRYPTO|SECURITY ERASE"))' \
	"$(ls "$W"/state/records/MS-*.json)" >/dev/null || die "the frozen drive's record shows no firmware erase"
ok "unfreeze = yes: the frozen drive unfrozen and erased; a drive not listed is left alone"

# after = wait: the station stays until a signal, then ends with its summary
rm -rf "$W/state"
conf "drives = every-drive-except-boot-and-output" "class = 2" "key = $KEY" "mode = unattended" "after = wait"
"$M" station --config "$W/st.conf" --state-dir "$W/state" --passphrase-file "$W/pass" --countdown 0 "$HDD" \
	> "$W/wait.txt" 2>&1 &
pid=$!
i=0
while ! grep -q "batch summary" "$W/wait.txt" && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
kill -0 $pid 2>/dev/null || { cat "$W/wait.txt"; die "after = wait: the station ended by itself"; }
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 0 ] || { cat "$W/wait.txt"; die "after = wait: exit $rc on SIGTERM"; }
grep -q "station: 1 erased" "$W/wait.txt" || die "after = wait: no final line"
ok "after = wait: waits for more drives, ends on SIGTERM with exit 0"

# A device that goes away in the middle of an overwrite (issue 12): the erase must end
# (no hang), exit 6, and its record say "failed" with the reason, never "completed".
# With device-mapper: a loop device under a dm linear target that is switched to the
# error target while massho writes (suspend, load error, resume). A kernel without
# device-mapper: the loop device's capacity drops to 0 while massho writes, which is what
# the kernel does to a disk that was unplugged (every further I/O is rejected). Needs
# root; touches only the loop and dm devices it creates, both removed on exit.
. "$TOP/tests/integration/lib.sh"
need_loop
S="$W/state"
DM="" PID=""
vanish_cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[ -n "$DM" ] && dmsetup remove --force "$DM" 2>/dev/null
	cleanup
}
trap vanish_cleanup EXIT INT TERM
# /proc/misc lists device-mapper when the kernel has it (asking dmsetup would create
# /dev/mapper/control as a side effect on a kernel without it).
if command -v dmsetup >/dev/null && grep -qw device-mapper /proc/misc 2>/dev/null; then
	mode=dm
else
	mode=capacity why="not in this kernel"
	command -v dmsetup >/dev/null || why="dmsetup missing"
	echo "no device-mapper ($why): the loop device's capacity drops to 0 instead"
fi

# vanish BINARY TAG: one erase of a fresh device that is pulled away while written.
vanish() {
	M=$1 tag=$2
	truncate -s 1G "$W/$tag.img"
	L=$(new_loop "$W/$tag.img")
	if [ $mode = dm ]; then
		DM=massho-vanish-$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')
		dmsetup create "$DM" --table "0 $(blockdev --getsz "$L") linear $L 0" || die "dmsetup create"
		udevadm settle 2>/dev/null
		DEV=/dev/mapper/$DM
		[ -b "$DEV" ] || die "$DEV did not appear"
	else
		DEV=$L
	fi
	# The confirmation token massho asks for (the path: neither has a serial).
	"$M" erase --state-dir "$S" "$DEV" </dev/null >"$W/out" 2>"$W/err"
	[ $? = 5 ] || die "$tag: unconfirmed erase of $DEV: $(cat "$W/out" "$W/err")"
	! grep -E -q "AddressSanitizer|LeakSanitizer|runtime error:" "$W/err" ||
		die "$tag: sanitizer report: $(grep -E -A5 "Sanitizer|runtime error:" "$W/err" | head -20)"
	tok=$(sed -n 's/.*not confirmed: add --yes-erase \([^ ]*\).*/\1/p' "$W/err" | head -1)
	[ -n "$tok" ] || die "no confirmation token in: $(cat "$W/err")"

	start=$(date +%s)
	timeout 60 "$M" erase --state-dir "$S" --progress json --passes 3 -y "$tok" "$DEV" </dev/null >"$W/out" 2>"$W/err" &
	PID=$!
	# Pull the device away once massho is writing.
	i=0
	until grep -E -q '"phase":"write".*"done_bytes":[1-9]' "$W/err"; do
		i=$((i + 1))
		[ $i -lt 200 ] || die "no write progress after 10 s: $(cat "$W/out" "$W/err")"
		if ! kill -0 "$PID" 2>/dev/null; then
			! grep -E -q "AddressSanitizer|LeakSanitizer|runtime error:" "$W/err" ||
				die "$tag: sanitizer report: $(grep -E -A5 "Sanitizer|runtime error:" "$W/err" | head -20)"
			die "$tag: massho ended before writing: $(cat "$W/out" "$W/err")"
		fi
		sleep 0.05
	done
	if [ $mode = dm ]; then
		dmsetup suspend "$DM" && dmsetup load "$DM" --table "0 $(blockdev --getsz "$L") error" &&
			dmsetup resume "$DM" || die "could not switch $DM to the error target"
	else
		truncate -s 0 "$W/$tag.img" && losetup -c "$L" || die "could not shrink $L"
	fi
	wait "$PID"
	rc=$?
	PID=""
	secs=$(( $(date +%s) - start ))
	! grep -E -q "AddressSanitizer|LeakSanitizer|runtime error:" "$W/err" ||
		die "$tag: sanitizer report: $(grep -E -A5 "Sanitizer|runtime error:" "$W/err" | head -20)"
	[ $rc != 124 ] || die "massho hung on a vanished device (killed after 60 s)"
	[ $rc = 6 ] || die "exit $rc, wanted 6: $(cat "$W/out"; tail -5 "$W/err")"
	r=$(sed -n "s|^$DEV: record ||p" "$W/out")
	[ -f "$r" ] || die "no record: $(cat "$W/out" "$W/err")"
	[ "$(field "$r" .outcome)" = failed ] || die "outcome $(field "$r" .outcome)"
	f=$(field "$r" .failure)
	echo "$f" | grep -E -q 'write|read|I/O|Input/output|No such device|No space|vanish|went away|removed|gone|capacity|answer|unwritable|failing' ||
		die "the failure gives no reason: '$f'"
	grep -q "^$DEV: failed: " "$W/out" || die "no failure line: $(cat "$W/out")"
	! grep -q "^$DEV: completed" "$W/out" || die "said completed"
	[ "$(field "$r" .verification.result)" != passed ] || die "verification passed on a vanished device"
	[ "$(field "$r" .bytes_written)" -lt $((3 * 1073741824)) ] || die "all three passes counted as written"
	j="$S/journal/$(field "$r" .record_id).jsonl"
	grep -q '"event":"record-written"' "$j" || die "the journal does not end with the record"
	ok "$tag, $mode: $DEV went away in pass $(grep "\"phase\":\"write\"" "$W/err" | tail -1 | jq -r .pass) of 3: exit 6 after ${secs}s, failed: $f"

	if [ $mode = dm ]; then
		dmsetup remove "$DM" || die "dmsetup remove $DM"
		DM=""
	fi
}

REL=$M
vanish "$REL" release
vanish "$TOP/build/massho-asan" asan
echo "$n passed"

# Every fault hook of the emulated drive through the CLI (issue 12): bad, transient, flip,
# frozen, expired, a foreign password, powerloss, sanitize-fail, abort, drop, bridge and
# sed-locked. One table row per case: the exit status, the record's outcome (or that no
# record was written), a pattern naming the cause in the output (and in the record's
# failure when it failed), and checks of the drive's state afterwards: untouched when
# refused, wiped when completed, locked/unlocked, what `massho unlock` or a rerun recovers.
# Rows marked in the last column also run under the sanitizer build. Every row is run and
# every disagreement printed before the test fails. Needs no root. The vanishing device is
# in t-vanish.sh.
. "$TOP/tests/integration/lib.sh"
A=$TOP/build/massho-asan
[ -x "$M" ] || die "$M not built"
[ -x "$A" ] || die "$A not built"

# id | image | profile | hooks | massho erase arguments ("unlock": massho unlock) | exit |
# outcome ("none": no record) | cause (grep -E) | checks (eval'd, see below) | asan
# Rows that share an image run in order: the hook is dropped when the drive is "fixed"
# (power back, a faithful bridge) and the next row shows what recovers it.
cat > "$W/table" <<'EOF'
bad|bad|sata-hdd|bad=1000-1003|-m overwrite|8|completed with errors|2048 bad bytes in 1 ranges|jqt '.errors.bad_ranges == [{"first_lba":1000,"sectors":4}]'; jqt '.content_sha256 == null'; jqt '.verification.result == "passed"'|a
bad-many|badm|sata-hdd|bad=100-8000|-m overwrite|6|failed|more than 4096 unwritable sectors|jqt '.errors.bad_ranges[0].first_lba == 100'|-
bad-sanitize|bads|sata-ssd|bad=5000|-m sanitize-block|8|completed with errors|bad bytes in 1 ranges|jqt '.errors.bad_ranges[0].first_lba == 5000'; jqt '.verification.result != "not run"'|-
transient|tr|sata-hdd|transient=2000|-m overwrite|0|completed|completed|jqt '.errors.retried_ios > 0'; jqt '.errors.bad_ranges == []'; wiped|a
transient-sanitize|trs|sata-ssd|transient=0|-m sanitize-block|0|completed|completed|jqt '.errors.retried_ios > 0'; jqt 'all(.sample_proof.samples[]; .sha256_before != null or .changed == false)'; wiped|-
flip|flip|sata-hdd|flip=3000000|-m overwrite|7|verification failed|1 sectors differ, the first at byte 2999808|jqt '.verification.result == "failed"'; jqt '.verification.first_mismatch_offset == 2999808'|a
frozen|frz|sata-ssd-frozen||-m security-erase|4|failed|ATA security is frozen.*--unfreeze|same; jqt '.method.commands == [] or all(.method.commands[]; .command != "SECURITY ERASE UNIT")'|a
frozen-unfreeze|frz|sata-ssd-frozen||-m security-erase --unfreeze|0|completed|completed|journal suspend-resume; wiped; unlocked|a
expired|exp|sata-hdd|expired=1|-m security-erase|4|failed|password attempt counter has expired|same|a
expired-overwrite|exp|sata-hdd|expired=1|-m overwrite|0|completed|completed|wiped|-
password|pw|sata-hdd|password=someone|-m security-erase|4|failed|already has a user password \(security locked\)|same; locked|a
password-overwrite|pw|sata-hdd|password=someone|-m overwrite|4|failed|locked by an ATA password|same; locked; jqt '.errors.bad_ranges == []'|a
password-class|pw|sata-hdd|password=someone|--class 3|9|none|class 3 cannot be met here: .*locked by an ATA password|same; locked|-
powerloss-security-erase|pl|sata-hdd|powerloss=security-erase|-m security-erase|6|failed|no completion from the drive.*run 'massho unlock|locked|a
powerloss-security-erase-locked|pl|sata-hdd||-m overwrite|4|failed|locked by an ATA password.*massho unlock|locked|a
powerloss-security-erase-unlock|pl|sata-hdd||unlock|0|completed|unlocked|jqt '.kind == "unlock"'; unlocked|a
powerloss-security-erase-rerun|pl|sata-hdd||-m security-erase|0|completed|completed|wiped; unlocked|a
powerloss-sanitize|ps|sata-ssd|powerloss=sanitize|-m sanitize-block|6|failed|stopped answering during the sanitize.*run the same command again|jqt '.verification.result == "not run"'|a
powerloss-sanitize-rerun|ps|sata-ssd||-m sanitize-block|0|completed|completed|wiped|a
sanitize-fail|sf|sata-ssd|sanitize-fail=1|-m sanitize-block|6|failed|SANITIZE failed.*run it again|jqt '.sample_proof == null or .sample_proof.passed != true'|a
sanitize-fail-rerun|sf|sata-ssd||-m sanitize-block|0|completed|completed|wiped|a
abort-security-erase|ab|sata-hdd|abort=0xF4|-m security-erase|6|failed|the drive aborted SECURITY ERASE UNIT|kept; unlocked|a
abort-sanitize|abs|sata-ssd|abort=0xB4|-m sanitize-block|6|failed|SANITIZE BLOCK ERASE EXT \(aborted\)|same|a
drop-security-erase|dr|sata-hdd|drop=0xF4|-m security-erase|6|failed|no completion from the drive \(Connection timed out\).*massho unlock|jqt '.verification.result == "not run"'|a
drop-security-erase-unlock|dr|sata-hdd||unlock|0|completed|unlocked|unlocked|a
drop-security-erase-rerun|dr|sata-hdd||-m security-erase|0|completed|completed|wiped; unlocked|a
drop-sanitize|drs|sata-ssd|drop=0xB4|-m sanitize-block|6|failed|run the same command again|say 'timed out'; nosay 'refused'; jqt '.verification.result == "not run"'|-
drop-sanitize-rerun|drs|sata-ssd||-m sanitize-block|0|completed|completed|wiped|-
bridge-sat|bsat|usb-sata-ssd|bridge=sat|-m sanitize-block|0|completed|completed|jqt '.method.usb_bridge_check[0:6] == "passed"'; wiped|a
bridge-noregs|bnr|usb-sata-ssd|bridge=noregs|-m sanitize-block|4|failed|behind a USB bridge .*does not come back intact|same|a
bridge-noregs-overwrite|bnr|usb-sata-ssd|bridge=noregs|-m overwrite|0|completed|completed|wiped|-
bridge-fakeok|bfo|usb-sata-ssd|bridge=fakeok|-m security-erase|4|failed|behind a USB bridge .*reports success for a command every drive aborts|same|a
bridge-fakeok-overwrite|bfo|usb-sata-ssd|bridge=fakeok|-m overwrite|0|completed|completed|wiped|-
bridge-flash|uf|usb-flash|bridge=fakeok|-m sanitize-block|4|failed|behind a USB bridge .*no ATA commands pass|same|-
bridge-flash-class|uf|usb-flash|bridge=fakeok|--class 3|9|none|class 3 cannot be met here|same|-
sed-locked|sed|sata-ssd|sed-locked=1|-m overwrite|4|failed|self-encrypting drive \(TCG Opal 2\) with locked ranges|same; jqt '.method.commands == []'|a
sed-locked-sanitize|sed|sata-ssd|sed-locked=1|-m sanitize-crypto|4|failed|self-encrypting drive \(TCG Opal 2\) with locked ranges|same; jqt '.method.commands == []'|-
sed-locked-nvme|nsed|nvme-ssd|sed-locked=1|-m format-crypto|4|failed|self-encrypting drive \(TCG Opal 2\) with locked ranges|same|-
EOF

# Checks, run with $r (the record), $img, $D and $id set. The table's separator is |, so
# a pattern with alternatives is split into say/nosay checks.
nfail=0
bad() { nfail=$((nfail + 1)); echo "not ok - $tag $id: $*"; echo "$tag $id: $*" >> "$W/failures"; }
jqt() { [ -n "$r" ] && [ "$(jq -r "$1" "$r" 2>&1)" = true ] || bad "record: $1 is not true ($(jq -c "$1" "$r" 2>&1))"; }
same() { cmp -s "$img" "$img.before" || bad "the drive was changed"; }
say() { grep -E -q -- "$1" "$W/all" || bad "the output does not say /$1/: $(head -c 400 "$W/all")"; }
nosay() { ! grep -E -q -- "$1" "$W/all" || bad "the output says /$1/: $(grep -E -m1 -- "$1" "$W/all")"; }
kept() { grep -a -q RESIDENT-RECORD "$img" || bad "the resident records are gone"; }
wiped() { ! grep -a -q RESIDENT-RECORD "$img" || bad "resident records survived"; }
sec_locked() { "$bin" devices show --json "emu:$prof:$img,capacity=4M" | jq -r .ata.security.locked; }
locked() { [ "$(sec_locked)" = true ] || bad "the drive should be locked (security locked: $(sec_locked))"; }
unlocked() { [ "$(sec_locked)" = false ] || bad "the drive is left locked"; }
journal() { [ -n "$r" ] && grep -q "\"event\":\"$1\"" "$S/journal/$(jq -r .record_id "$r").jsonl" || bad "journal lacks $1"; }

# run_table BINARY TAG ALL: every row (ALL=1) or those marked for the sanitizer build.
run_table() {
	bin=$1 tag=$2 all=$3
	d="$W/$tag" S="$W/$tag/state"
	mkdir -p "$d"
	while IFS='|' read -r id im prof hooks args want_rc want_out cause checks asan; do
		[ "$all" = 1 ] || [ "$asan" = a ] || continue
		img="$d/$im.img"
		[ -e "$img" ] || cp "$W/residents.img" "$img"
		case $checks in *same*) cp "$img" "$img.before" ;; esac
		D="emu:$prof:$img,capacity=4M,sanitize-ms=50${hooks:+,$hooks}"
		nrec=$(ls "$S/records" 2>/dev/null | wc -l)
		if [ "$args" = unlock ]; then
			"$bin" unlock --state-dir "$S" "$D" < /dev/null > "$W/out" 2> "$W/err"
		else
			serial=$("$bin" devices show --json "$D" | jq -r .serial)
			[ -n "$serial" ] && [ "$serial" != null ] || { bad "no serial for $D"; continue; }
			# shellcheck disable=SC2086
			"$bin" erase --state-dir "$S" --progress none $args -y "$serial" "$D" < /dev/null > "$W/out" 2> "$W/err"
		fi
		rc=$?
		# what massho said, without the device name (which holds the hooks' names)
		cat "$W/out" "$W/err" | awk -v d="$D: " 'index($0, d) == 1 { $0 = substr($0, length(d) + 1) } 1' > "$W/all"
		before=$nfail
		if grep -E -q "AddressSanitizer|LeakSanitizer|runtime error:" "$W/err"; then
			bad "sanitizer report: $(grep -E -m3 "Sanitizer|runtime error:" "$W/err")"
		fi
		[ "$rc" = "$want_rc" ] || bad "exit $rc, wanted $want_rc: $(head -c 400 "$W/all")"
		r=$(sed -n "s|^$D: record ||p" "$W/out")
		if [ "$want_out" = none ]; then
			[ -z "$r" ] && [ "$(ls "$S/records" 2>/dev/null | wc -l)" = "$nrec" ] || bad "a record was written: $r"
			r=""
		elif [ -z "$r" ] || [ ! -f "$r" ]; then
			bad "no record: $(head -c 400 "$W/all")"
			r=""
		else
			got=$(jq -r .outcome "$r")
			[ "$got" = "$want_out" ] || bad "outcome '$got', wanted '$want_out' (failure: $(jq -r .failure "$r"))"
		fi
		grep -E -q -- "$cause" "$W/all" || bad "the output does not say /$cause/: $(head -c 400 "$W/all")"
		if [ -n "$r" ] && [ "$want_out" = failed ]; then
			jq -r .failure "$r" | grep -E -q -- "$cause" || bad "the record's failure does not say /$cause/: $(jq -r .failure "$r")"
		fi
		eval "$checks"
		res="no record"; [ -n "$r" ] && res=$(jq -r .outcome "$r")
		[ "$nfail" = "$before" ] && ok "$tag $id: $prof${hooks:+,$hooks} $args -> exit $rc, $res"
	done < "$W/table"
}

fill_residents "$W/residents.img" 4
run_table "$M" release 1
run_table "$A" asan 0
if [ "$nfail" -gt 0 ]; then
	echo "$nfail disagreements:" >&2
	cat "$W/failures" >&2
	exit 1
fi
echo "$n passed"

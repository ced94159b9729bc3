# A firmware command the drive itself fails, through the CLI (issue 12): the exit status,
# the record's outcome and its failure come from the check that saw it, never from a later
# one that happened to notice. SECURITY ERASE UNIT aborted (not "security still enabled"
# from the IDENTIFY afterwards); NVMe Format NVM completing with an error status (not a
# failed sample proof, exit 7).
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
rec_of() { sed -n "s|^$1: record ||p" "$W/out"; }

fill_residents "$W/a.img" 8
D="emu:sata-hdd:$W/a.img,abort=0xF4"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m security-erase -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
[ "$(field "$r" .outcome)" = failed ] || die "aborted erase: outcome $(field "$r" .outcome)"
f=$(field "$r" .failure)
case $f in "the drive aborted SECURITY ERASE UNIT; massho's password was removed again"*) ;;
*) die "aborted erase: failure '$f'" ;; esac
grep -q "^$D: failed: the drive aborted SECURITY ERASE UNIT" "$W/out" || die "aborted erase: message $(cat "$W/out")"
[ "$(field "$r" '.method.commands | map(.command) | join(",")' | sed 's/.*SECURITY ERASE UNIT,//')" = \
	"SECURITY DISABLE PASSWORD" ] || die "aborted erase: commands after the abort: $(field "$r" '.method.commands')"
ok "SECURITY ERASE UNIT aborted: exit 6, the record's failure names the abort, the password is taken back"

fill_residents "$W/e.img" 8
D="emu:nvme-ssd:$W/e.img,abort=0x80"
expect_rc 6 "$M" erase --state-dir "$S" --progress none -m format-user -y "$(serial "$D")" "$D"
r=$(rec_of "$D")
[ "$(field "$r" .outcome)" = failed ] || die "format: outcome $(field "$r" .outcome)"
[ "$(field "$r" .failure)" = "FORMAT NVM (SES=1 USER DATA ERASE) failed: Internal Error (SCT 0h SC 06h)" ] ||
	die "format: failure '$(field "$r" .failure)'"
grep -q -a RESIDENT-RECORD "$W/e.img" || die "format: the emulated drive formatted after all"
ok "Format NVM with an error status: exit 6, the record's failure gives the status"
echo "$n passed"

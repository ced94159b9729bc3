# The bash completion (completion/massho), called as bash calls it: COMP_WORDS and
# COMP_CWORD set, _massho run, COMPREPLY read. What it offers is compared with what the
# program says in other places than those the completion reads where there are such:
# the sub-commands with the top-level --help's list, the erase options with the option
# lines of erase --help, the methods with its "Methods:", the disks with the recorded PC
# (tests/fixtures/sysroot-pc, through --sysroot and MS_SYSROOT).
. "$TOP/tests/integration/lib.sh"
command -v bash >/dev/null || { echo "SKIP: bash missing"; exit 77; }
export LC_ALL=C
COMP="$TOP/completion/massho"
[ -f "$COMP" ] || die "completion/massho missing"
SYSROOT="$TOP/tests/fixtures/sysroot-pc"

# offer WORD...: what completing the last WORD offers, one a line, sorted (the program is
# $M, as typed)
cat >"$W/offer.bash" <<'EOF'
. "$1" || exit 1
shift
complete -p massho >/dev/null || { echo "the completion does not register for massho" >&2; exit 1; }
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
_massho massho "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
EOF
offer() {
	bash "$W/offer.bash" "$COMP" "$M" "$@" >"$W/offered" 2>"$W/cerr" || die "completing $*: $(cat "$W/cerr")"
	sed '/^$/d' "$W/offered" | sort
}
# same WHAT WANT-FILE WORD...: the completion of WORD... offers exactly the lines of WANT-FILE
same() {
	what=$1 wantf=$2; shift 2
	offer "$@" >"$W/got"
	sort -u "$wantf" >"$W/want"
	cmp -s "$W/got" "$W/want" || die "$what: completing '$*' offers
$(cat "$W/got")
wanted
$(cat "$W/want")"
}
words() { printf '%s\n' "$@" >"$W/words"; }

# The sub-commands: the top level's "Commands:" list, report's from "report a|b|c".
"$M" --help >"$W/top" || die "massho --help"
awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on && /^ [a-z]/ { print $1 }' "$W/top" >"$W/cmds"
[ "$(wc -l <"$W/cmds")" -ge 10 ] || die "cannot read the commands of massho --help"
same "the commands" "$W/cmds" ""
words report; same "commands starting re" "$W/words" re
sed -n 's/^ report \([a-z|]*\).*/\1/p' "$W/top" | tr '|' '\n' >"$W/rep"
[ "$(wc -l <"$W/rep")" -ge 8 ] || die "cannot read report's sub-commands from massho --help"
same "report's sub-commands" "$W/rep" report ""
words verify; same "report ledger" "$W/words" report ledger ""
words migrate; same "db" "$W/words" db ""
words init; same "key" "$W/words" key ""
offer devices "" | grep -qx show || die "devices: 'show' not offered: $(offer devices "")"
: >"$W/words"; same "version (no operand)" "$W/words" version ""
same "jobs (no operand)" "$W/words" jobs ""
words --help --version; same "top-level options" "$W/words" --
ok "commands ($(paste -sd' ' "$W/cmds")), report's ($(paste -sd' ' "$W/rep")), report ledger verify, db migrate, key init, devices show"

# erase's options: every option of its option lines (the column before the description).
"$M" erase --help >"$W/help" || die "massho erase --help"
awk '/^ +-/ { l = $0; sub(/^ +/, "", l); g = index(l, "  "); if (g) l = substr(l, 1, g - 1)
	n = split(l, w, /[^-A-Za-z0-9]+/)
	for (i = 1; i <= n; i++) if (w[i] ~ /^--[a-z0-9][-a-z0-9]*$/) print w[i] }' "$W/help" | sort -u >"$W/eopts"
[ "$(wc -l <"$W/eopts")" -ge 25 ] || die "cannot read erase --help's options"
offer erase -- >"$W/got"
missing=$(comm -23 "$W/eopts" "$W/got" | tr '\n' ' ')
[ -z "$missing" ] || die "erase: options of erase --help not offered: $missing"
extra=$(comm -13 "$W/eopts" "$W/got" | tr '\n' ' ')
[ -z "$extra" ] || die "erase: options offered that erase --help does not list: $extra"
words --class; same "erase --cl" "$W/words" erase --cl
ok "erase: the $(wc -l <"$W/eopts") options of erase --help, no more"

# Values.
words mynumber 3 2 1
same "erase --class" "$W/words" erase --class ""
same "erase -c" "$W/words" erase -c ""
same "erase --class=" "$W/words" erase --class = ""
same "plan --class" "$W/words" plan --class ""
words 3; same "erase --class 3" "$W/words" erase --class 3
awk '/^Methods:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' "$W/help" >"$W/methods"
[ "$(wc -l <"$W/methods")" -ge 9 ] || die "cannot read erase --help's methods"
same "erase --method" "$W/methods" erase --method ""
same "erase -m" "$W/methods" erase -m ""
grep '^sanitize-' "$W/methods" >"$W/san"
same "erase -m sanitize" "$W/san" erase -m sanitize
words auto bar json none; same "erase --progress" "$W/words" erase --progress ""
words full none; same "erase --verify" "$W/words" erase --verify ""
words shred crush disintegrate melt incinerate degauss; same "destroy --method" "$W/words" destroy --method ""
words mynumber 3 2; same "handover --class (class 1 is erased on the premises)" "$W/words" handover --class ""
ok "--class: mynumber 3 2 1; --method: the $(wc -l <"$W/methods") methods of erase --help; --progress, --verify, destroy's --method, handover's --class"

# Files and directories for the options that take them, nothing for a value to type.
mkdir -p "$W/f/dir"
: >"$W/f/policy.txt"
words "$W/f/dir" "$W/f/policy.txt"; same "erase --policy" "$W/words" erase --policy "$W/f/"
same "report pdf --key" "$W/words" report pdf --key "$W/f/"
words "$W/f/dir"; same "erase --state-dir" "$W/words" erase --state-dir "$W/f/"
same "report push (RECORDS-DIR)" "$W/words" report push "$W/f/"
: >"$W/words"; same "erase --operator" "$W/words" erase --operator ""
same "db migrate URI" "$W/words" db migrate ""
ok "files for --policy and --key, directories for --state-dir and report push, nothing for --operator or a URI"

# Devices: the disks of the recorded PC with sectors (its loop1 has none), as /dev/NAME.
for d in "$SYSROOT"/sys/block/*; do
	[ "$(cat "$d/size")" != 0 ] && echo "/dev/${d##*/}"
done >"$W/disks"
grep -qx /dev/sda "$W/disks" && ! grep -qx /dev/loop1 "$W/disks" || die "tests/fixtures/sysroot-pc is not the PC this test knows"
same "devices show --sysroot" "$W/disks" devices show --sysroot "$SYSROOT" /dev/
same "devices show --sysroot=" "$W/disks" devices show --sysroot = "$SYSROOT" /dev/
MS_SYSROOT=$SYSROOT; export MS_SYSROOT
same "devices show, MS_SYSROOT" "$W/disks" devices show /dev/
for c in erase plan station unlock handover; do
	same "$c" "$W/disks" "$c" /dev/
done
grep '^/dev/sd' "$W/disks" >"$W/sd"
same "erase -y S /dev/sd" "$W/sd" erase -y S1 /dev/sd
# an image file is a device too
: >"$W/f/disk.img"
offer erase "$W/f/" >"$W/got"
{ echo "$W/f/dir"; echo "$W/f/disk.img"; echo "$W/f/policy.txt"; } | sort >"$W/want"
cmp -s "$W/got" "$W/want" || die "erase $W/f/: offers $(cat "$W/got")"
unset MS_SYSROOT
# The live system: every disk offered is one of /sys/block.
offer devices show /dev/ >"$W/got"
while read -r d; do
	[ -e "/sys/block/${d#/dev/}" ] || die "devices show /dev/ offers $d, not in /sys/block"
done <"$W/got"
ok "devices: the $(wc -l <"$W/disks") disks of the recorded PC as /dev/NAME (--sysroot, MS_SYSROOT) for devices show, erase, plan, station, unlock, handover; image files; the live /sys/block"

# devices -o: the columns devices --help lists, after those already typed; devices -n: its
# sub-commands still.
"$M" devices --help | awk '/^Available output columns:/ { on = 1; next } on && NF { print "NAME," $1 }' >"$W/cols"
[ "$(wc -l <"$W/cols")" -ge 10 ] || die "cannot read the columns of devices --help"
same "devices -o NAME," "$W/cols" devices -o NAME,
grep '^NAME,S' "$W/cols" >"$W/s"
same "devices --output NAME,S" "$W/s" devices --output NAME,S
offer devices -n "" | grep -qx show || die "devices -n: 'show' not offered: $(offer devices -n "")"
ok "devices -o: the $(wc -l <"$W/cols") columns of devices --help after those typed; devices -n: its sub-commands"

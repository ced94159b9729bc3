# Shared helpers for integration tests (sourced). Every test works in its own
# temporary directory and only ever writes to images, emulated drives and loop
# devices it created itself.
set -u
: "${TOP:?}"
# The tests read massho's English messages: a Japanese caller's locale is set aside
# (t-i18n.sh chooses its own for each command; docs/i18n.md).
unset LANGUAGE
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in ja*) LC_ALL=C.UTF-8; export LC_ALL ;; esac
M=${MASSHO:-$TOP/massho}
W=$(mktemp -d /tmp/massho-it-XXXXXX)
# Loop devices are found by their backing file under $W: new_loop runs in the command
# substitution's subshell, so a list kept in a variable would never reach this shell.
our_loops() {
	command -v losetup >/dev/null || return 0
	losetup --list --noheadings --output NAME,BACK-FILE 2>/dev/null |
		awk -v w="$W/" 'index($2, w) == 1 {print $1}'
}
cleanup() {
	[ -n "${KEEP_W:-}" ] && { echo "kept $W"; return; }
	grep -o " $W/[^ ]*" /proc/self/mounts 2>/dev/null | while read -r mp; do umount "$mp"; done
	for l in $(our_loops); do losetup -d "$l" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
die() { echo "not ok - $*" >&2; exit 1; }
# expect_rc CODE cmd...: run, and fail the test unless it exits with CODE.
expect_rc() {
	want=$1; shift
	"$@" >"$W/out" 2>"$W/err"
	got=$?
	[ "$got" = "$want" ] || { cat "$W/out" "$W/err" >&2; die "exit $got, wanted $want: $*"; }
}
need_root() { [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (loop devices)"; exit 77; }; }
need_loop() {
	need_root
	command -v losetup >/dev/null || { echo "SKIP: losetup missing"; exit 77; }
	[ -e /dev/loop-control ] || { echo "SKIP: no loop device support (/dev/loop-control)"; exit 77; }
}
# new_loop FILE [losetup options]: attach a loop device we own, print its path.
new_loop() {
	f=$1; shift
	l=$(losetup -f --show "$@" "$f") || die "losetup failed"
	echo "$l"
}
# field RECORD PATH: a value from a JSON record, with jq.
field() { jq -r "$2" "$1"; }
# Fake resident records, recognisable in a dump.
fill_residents() { "$TOP/scripts/fake-residents" "$1" "$2"; }

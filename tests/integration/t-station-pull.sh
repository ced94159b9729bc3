# A drive pulled out while the station erases it (issue 15): the station's job ends with a
# clear outcome — FAILED on screen with the reason, a record that says "failed", never
# "completed" — and the station itself goes on. The drive is a loop device of our own whose
# capacity drops to 0 while it is written, which is what the kernel does to a disk that
# was unplugged. Needs root and tmux; touches only the loop device it creates.
. "$TOP/tests/integration/lib.sh"
need_loop
command -v tmux >/dev/null || { echo "SKIP: tmux missing (scripts/install-deps installs it)"; exit 77; }
export TERM=xterm-256color
SOCK="$W/tmux.sock"
tm() { tmux -u -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT INT TERM
wait_for() {
	i=0
	while [ $i -lt $((${2:-20} * 4)) ]; do
		tm capture-pane -p -t st > "$W/screen" 2>/dev/null
		grep -qF -- "$1" "$W/screen" && return 0
		sleep 0.25; i=$((i + 1))
	done
	cat "$W/screen" >&2
	die "the screen never showed '$1'"
}
# 4 GiB (sparse): the write phase lasts seconds, so the pull lands inside it even on a
# loaded machine (with 1 GiB, a make check beside a benchmark once saw it finish first).
truncate -s 4G "$W/pull.img"
L=$(new_loop "$W/pull.img")
S="$W/state"
# Class 1 is Figure 41 row 3: an overwrite, which the host writes itself.
tm new-session -d -s st -x 80 -y 24 "env LANG=C.UTF-8 $M station --no-color --class 1 --state-dir $S $L; \
	echo STATION-EXIT=\$?; sleep 600"
wait_for "Organisation"; tm send-keys -t st Enter Enter Enter Enter Enter
wait_for "Figure 41 row 3"
tm send-keys -t st Space e
wait_for "no serial number"
# A loop device has no serial: the end of its path confirms it.
tm send-keys -t st -l "$(printf %s "$L" | tail -c 4)"; tm send-keys -t st Enter
wait_for "% write"
truncate -s 0 "$W/pull.img" && losetup -c "$L" || die "could not shrink $L"
wait_for "massho result" 60
grep -q "FAILED" "$W/screen" || { cat "$W/screen" >&2; die "the pulled drive is not shown as FAILED"; }
grep -q "failed 1" "$W/screen" || die "the count line does not say failed 1"
! grep -q "completed 1" "$W/screen" || die "the pulled drive counted as completed"
tm send-keys -t st q
wait_for "STATION-EXIT="
grep -q "STATION-EXIT=6" "$W/screen" || { cat "$W/screen" >&2; die "exit status not 6"; }
r=$(ls "$S"/records/MS-*.json)
[ "$(jq -r .outcome "$r")" = failed ] || die "record outcome $(jq -r .outcome "$r")"
[ -n "$(jq -r .failure "$r")" ] || die "the record gives no reason"
ok "a drive pulled while erased: FAILED on screen with the reason, record failed, exit 6"

# Kill and resume (issue 12; bad-input B27): SIGKILL at a random moment of an erase — overwrite,
# verification, security erase, sanitize, NVMe format, hidden-area restore, certificate
# writing — then what an operator would do: `massho jobs`, `massho unlock` if the drive
# holds massho's password, and the same erase again. Every drive must end erased and
# certified (the new record naming the killed job), none locked without recovery, no job
# unlisted. Seeded: the seed is printed, MASSHO_KILL_SEED=N replays a run exactly
# (the delays; the kernel's scheduling still varies), MASSHO_KILL_RUNS sets the count.
. "$TOP/tests/integration/lib.sh"
RUNS=${MASSHO_KILL_RUNS:-50}
SEED=${MASSHO_KILL_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "seed $SEED, $RUNS kills (replay: MASSHO_KILL_SEED=$SEED sh $0)"
S="$W/state"
echo "kill test" > "$W/pass"
"$M" key init --name "kill test" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
KEY="--key $W/keys/massho-key.p12 --passphrase-file $W/pass"
# One line per run: scenario, delay in milliseconds, with a key (0/1). Scenario 5 is an
# overwrite with a key killed late: while its record and certificate are written.
awk -v seed="$SEED" -v runs="$RUNS" 'BEGIN { srand(seed); for (i = 0; i < runs; i++) {
	s = i % 6; d = s == 5 ? 450 + int(rand() * 500) : s == 1 ? int(rand() * 200) : int(rand() * 900)
	printf "%d %d %d\n", s, d, s == 5 || rand() < 0.3 }}' > "$W/plan"
sanitizers="sanitize-block sanitize-crypto sanitize-overwrite"
run=0 killed=0 listed=0 unlocked=0 superseded=0
while read -r sc delay withkey; do
	run=$((run + 1))
	img="$W/d$run.img"
	fill_residents "$img" 32
	case $sc in
	0) D="emu:sata-ssd:$img"; set -- -m overwrite --passes 2 ;;
	1) truncate -s 128M "$img" # sparse: a long enough SECURITY ERASE UNIT to be killed in
	   D="emu:sata-hdd:$img"; set -- -m security-erase ;;
	2) D="emu:sata-ssd:$img,sanitize-ms=300"; set -- -m "$(echo $sanitizers | cut -d' ' -f$((run % 3 + 1)))" ;;
	3) D="emu:nvme-ssd:$img"; set -- -m format-user ;;
	4) D="emu:sata-hdd:$img,hpa=24M"; set -- -m overwrite --restore-hidden ;;
	5) D="emu:sata-ssd:$img"; set -- -m overwrite ;;
	esac
	k=""; [ "$withkey" = 1 ] && k=$KEY
	serial=$("$M" devices show --json "$D" | jq -r .serial)
	what="run $run (seed $SEED): $* on $D, killed after ${delay} ms"
	# shellcheck disable=SC2086
	"$M" erase "$@" $k --state-dir "$S" --progress none -y "$serial" "$D" > "$W/run.out" 2>&1 &
	pid=$!
	sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	# The killed job: the newest journal naming this drive's serial.
	job=$(grep -l "\"serial\":\"$serial\"" "$S"/journal/*.jsonl 2>/dev/null | sort | tail -1)
	job=${job##*/}; job=${job%.jsonl}
	"$M" jobs --state-dir "$S" --json > "$W/jobs.json" 2>"$W/err"
	jrc=$?
	# Killed before its first journal was written (a few ms into the first run): `jobs` says
	# there are none, with 3, and that is all it can say.
	nojournal=no
	[ -z "$(ls "$S/journal" 2>/dev/null)" ] && nojournal=yes
	[ "$jrc" = 0 ] || [ "$jrc" = 6 ] || { [ "$jrc" = 3 ] && [ $nojournal = yes ] && echo "[]" > "$W/jobs.json"; } ||
		die "$what: massho jobs exited $jrc: $(cat "$W/err")"
	if [ -n "$job" ]; then
		j="$S/journal/$job.jsonl"
		ended=no
		grep -q '"event":"record-written"' "$j" && ended=yes
		if [ "$withkey" = 1 ] && [ $ended = yes ] && ! grep -q '"event":"certificate-issued"' "$j"; then ended=no; fi
		if [ $ended = no ]; then
			jq -e --arg j "$job" 'any(.[]; .job == $j)' "$W/jobs.json" >/dev/null ||
				die "$what: job $job did not end and massho jobs does not list it: $(cat "$W/jobs.json")"
			listed=$((listed + 1))
		fi
	fi
	# A drive left with massho's password: the list says so, and unlock recovers it.
	if "$M" devices show --json "$D" | jq -e '.ata.security.enabled == true' >/dev/null; then
		jq -e --arg s "$serial" 'any(.[]; .serial == $s and .ata_password_set)' "$W/jobs.json" >/dev/null ||
			die "$what: the drive holds a password and massho jobs does not say so"
		expect_rc 0 "$M" unlock --state-dir "$S" "$D"
		"$M" devices show --json "$D" | jq -e '.ata.security.enabled == false' >/dev/null ||
			die "$what: still locked after massho unlock"
		unlocked=$((unlocked + 1))
	fi
	# The same erase again ends erased, recorded and (with a key) certified, and names the
	# job it supersedes.
	# shellcheck disable=SC2086
	expect_rc 0 "$M" erase "$@" $k --state-dir "$S" --progress none -y "$serial" "$D"
	rec=$(sed -n "s|^$D: record ||p" "$W/out")
	[ -f "$rec" ] || die "$what: no record after the rerun: $(cat "$W/out" "$W/err")"
	if jq -e --arg j "$job" 'any(.[]; .job == $j)' "$W/jobs.json" >/dev/null; then
		jq -e --arg j "$job" 'any(.supersedes[]?; .job == $j)' "$rec" >/dev/null ||
			die "$what: the new record does not name the unfinished job $job"
		superseded=$((superseded + 1))
	fi
	if [ "$withkey" = 1 ]; then
		pdf=$(sed -n "s|^$D: certificate ||p" "$W/out")
		[ -f "$pdf" ] || die "$what: no certificate after the rerun"
		expect_rc 0 "$M" report verify --ca "$W/keys/massho-cert.pem" "$pdf"
	fi
	! grep -q -a RESIDENT-RECORD "$img" || die "$what: resident records survived the rerun"
	left=$(find "$S" -name '.*.tmp.*')
	[ -z "$left" ] || die "$what: half-written files left after the rerun: $left"
	"$M" jobs --state-dir "$S" --json > "$W/jobs.json" 2>/dev/null
	jq -e --arg s "$serial" 'all(.[]; .serial != $s)' "$W/jobs.json" >/dev/null ||
		die "$what: a job of this drive is still listed after the rerun: $(cat "$W/jobs.json")"
	rm -f "$img" "$img.state"
done < "$W/plan"
[ "$run" -ge 50 ] || [ -n "${MASSHO_KILL_RUNS:-}" ] || die "only $run runs"
ok "$run erases killed at random points ($killed still running when killed, $listed left unfinished and listed, $unlocked unlocked, $superseded superseded by the rerun): every drive erased and certified again, none left locked, no job unlisted"
expect_rc 0 "$M" report ledger verify --state-dir "$S" --ca "$W/keys/massho-cert.pem"
ok "the ledger of all the certificates issued in between is intact"

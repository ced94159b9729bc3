# The batch summary: a contractor erases several drives in one run, then signs one summary
# that lists every certificate by name and SHA-256. It verifies only with the listed
# certificates beside it, unchanged; a certificate that does not verify is never listed
# (and nothing is written); the same certificate twice is refused.
. "$TOP/tests/integration/lib.sh"
command -v pdfsig >/dev/null || die "pdfsig missing (poppler-utils)"
S="$W/state"
echo "correct horse battery staple" > "$W/pass"
"$M" key init --name "試験業者" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
K="--key $W/keys/massho-key.p12 --passphrase-file $W/pass"
CA="$W/keys/massho-cert.pem"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
set --
for i in 1 2 3; do
	fill_residents "$W/d$i.img" 4
	D="emu:sata-ssd:$W/d$i.img"
	set -- "$@" -y "$(serial "$D")" "$D"
done
expect_rc 0 "$M" erase --state-dir "$S" $K --progress none --class 3 --out "$W/batch" "$@"
[ "$(ls "$W/batch"/*.pdf | wc -l)" = 3 ] || die "three certificates expected: $(ls "$W/batch")"
ok "three drives erased in one run, three signed certificates"

# One certificate damaged: nothing is summarised, nothing written.
mkdir "$W/bad"
cp "$W/batch"/* "$W/bad/"
first=$(ls "$W/bad"/*.pdf | head -1)
printf 'x' | dd of="$first" bs=1 seek=2000 conv=notrunc 2>/dev/null
before=$(ls "$W/bad" | wc -l)
expect_rc 12 "$M" report summary $K --state-dir "$S" --ca "$CA" "$W/bad"/*.pdf
grep -q "^massho[a-z ]*: $first: not summarised: " "$W/err" || die "damaged certificate message: $(cat "$W/err")"
[ "$(ls "$W/bad" | wc -l)" = "$before" ] || die "files were written although a certificate was damaged"
expect_rc 2 "$M" report summary $K --state-dir "$S" "$W/batch"/*.pdf "$(ls "$W/batch"/*.pdf | head -1)"
grep -q "listed twice" "$W/err" || die "duplicate message: $(cat "$W/err")"
ok "a damaged certificate (exit 12) or one listed twice (exit 2): no summary, no file written"

expect_rc 0 "$M" report summary $K --state-dir "$S" --ca "$CA" --organisation "試験市" --contractor "試験業者" \
	"$W/batch"/*.pdf
SP=$(sed -n 's|^report summary: certificate ||p' "$W/out")
[ -f "$SP" ] || die "no summary: $(cat "$W/out" "$W/err")"
pdfsig "$SP" 2>&1 | grep -q "Signature is Valid" || die "pdfsig: $(pdfsig "$SP" 2>&1)"
SJ=${SP%.pdf}.json
[ "$(jq -r .kind "$SJ")" = summary ] && [ "$(jq '.certificates | length' "$SJ")" = 3 ] &&
	[ "$(jq .counts.succeeded "$SJ")" = 3 ] || die "summary record: $(cat "$SJ")"
for f in "$W/batch"/MS-*.pdf; do
	[ "$(jq -r --arg f "$(basename "$f")" '.certificates[] | select(.certificate == $f) | .certificate_sha256' "$SJ")" = \
		"$(sha256sum "$f" | cut -d' ' -f1)" ] || die "$f is not listed with its SHA-256"
done
pdftotext "$SP" - 2>/dev/null > "$W/text.txt"
for w in "証明書一覧" "Summary of a batch" "試験市" $(for i in 1 2 3; do serial "emu:sata-ssd:$W/d$i.img"; done); do
	grep -q "$w" "$W/text.txt" || die "pdftotext lacks '$w'"
done
expect_rc 0 "$M" report verify --ca "$CA" "$SP"
ok "summary: pdfsig valid, lists the three certificates with their SHA-256, readable in Japanese and English"

mkdir "$W/alone"
cp "$SP" "$SJ" "$SJ.p7s" "$W/alone/"
expect_rc 14 "$M" report verify --ca "$CA" "$W/alone/$(basename "$SP")"
grep -q "the certificate named in the record is missing" "$W/err" || die "missing message: $(cat "$W/err")"
cp "$W/batch"/MS-*.pdf "$W/alone/"
expect_rc 0 "$M" report verify --ca "$CA" "$W/alone/$(basename "$SP")"
swap=$(ls "$W/alone"/MS-*.pdf | head -1)
cp "$(ls "$W/bad"/*.pdf | tail -1)" "$swap" # another drive's certificate under this name
expect_rc 14 "$M" report verify --ca "$CA" "$W/alone/$(basename "$SP")"
grep -q "the certificate is not the one recorded" "$W/err" || die "swap message: $(cat "$W/err")"
ok "the summary verifies only with every listed certificate beside it, unchanged (missing or swapped: exit 14)"
expect_rc 2 "$M" report summary $K --state-dir "$S" "$SP"
grep -q "a summary lists erasure, handover and destruction certificates" "$W/err" || die "summary of a summary"
expect_rc 0 "$M" report ledger verify --state-dir "$S"
ok "a summary of a summary is refused; the ledger holds the summary and is intact"

# The sanitizer build through the summary code: a refusal and a summary.
A="$TOP/build/massho-asan"
[ -x "$A" ] || die "$A not built (make build/massho-asan)"
expect_rc 12 "$A" report summary $K --state-dir "$S" "$W/bad"/*.pdf
mkdir "$W/again"
cp "$W/batch"/MS-*.pdf "$W/again/"
expect_rc 0 "$A" report summary $K --state-dir "$S" --ca "$CA" "$W/again"/*.pdf
expect_rc 0 "$A" report verify --ca "$CA" "$(sed -n 's|^report summary: certificate ||p' "$W/out")"
ok "sanitizer build: a damaged batch refused, a summary signed and verified, no leak or UB reported"

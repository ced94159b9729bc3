# Bad input (docs/bad-input.md): each row of that table is tried here or in the test it
# names, and gets its one-line message — the object at fault first — its documented exit
# status, and leaves nothing behind. A row of the table with no test fails this test.
. "$TOP/tests/integration/lib.sh"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
# every row ID of the table is claimed by a test ("bad-input Bnn" in a tests/ file)
for id in $(sed -n 's/^| \(B[0-9][0-9]\) |.*/\1/p' "$TOP/docs/bad-input.md"); do
	grep -rqs "bad-input $id\b" "$TOP/tests" || die "docs/bad-input.md row $id has no test"
done
rows=$(grep -c '^| B[0-9][0-9] |' "$TOP/docs/bad-input.md")
[ "$rows" -ge 25 ] || die "docs/bad-input.md has only $rows rows"
ok "docs/bad-input.md: each of its $rows rows names a test that tries it"
# first MESSAGE-PREFIX: stderr's first line starts with it
first() { head -1 "$W/err" | grep -q -F -- "$1" || die "message: want '$1...', got: $(head -3 "$W/err")"; }
# after the command that says it ("massho erase: "), the object at fault
starts() { head -1 "$W/err" | grep -q "^massho\( [a-z]*\)*: $1" || die "message must start with 'massho CMD: $1': $(head -1 "$W/err")"; }
echo "bad input test" > "$W/pass"
"$M" key init --name "bad input" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
K="--key $W/keys/massho-key.p12 --passphrase-file $W/pass"
fill_residents "$W/a.img" 8
D="emu:sata-ssd:$W/a.img"
SD=$(serial "$D")

# bad-input B01: a device that does not exist
expect_rc 3 "$M" erase -y x /dev/nonexistent-disk
starts "/dev/nonexistent-disk: "
# bad-input B02: a malformed emulated-drive spec
expect_rc 3 "$M" erase -y x "emu:no-such-profile:$W/x.img"
starts "emu:no-such-profile:"
# bad-input B03: the wrong serial to --yes-erase
expect_rc 5 "$M" erase --state-dir "$S" -y WRONGSERIAL "$D"
grep -q -a RESIDENT-RECORD "$W/a.img" || die "erased without confirmation"
# bad-input B04: a device given twice
expect_rc 2 "$M" erase --state-dir "$S" -y "$SD" "$D" "$D"
# bad-input B05: a malformed policy file, named with its line
printf 'class 3\ngarbage line\n' > "$W/bad.policy"
expect_rc 2 "$M" plan --policy "$W/bad.policy" --class 3 "$D"
starts "$W/bad.policy:"
# bad-input B06: a 1 TiB (sparse) file as policy, IDENTIFY dump and certificate: refused by size, at once
truncate -s 1T "$W/huge"
expect_rc 2 "$M" plan --policy "$W/huge" --class 3 "$D"
first "File too large"
expect_rc 3 "$M" devices decode-identify "$W/huge"
first "File too large"
expect_rc 3 "$M" report verify "$W/huge"
first "File too large"
ok "wrong device, bad emu spec, wrong serial, a device twice, bad policy, 1 TiB inputs: refused with their object first"

# bad-input B07: a missing key; bad-input B08: a wrong passphrase — checked before erasing
expect_rc 17 "$M" erase --state-dir "$S" --key "$W/nope.p12" --passphrase-file "$W/pass" -y "$SD" "$D"
starts "$W/nope.p12"
echo wrong > "$W/wrong"
expect_rc 17 "$M" erase --state-dir "$S" --key "$W/keys/massho-key.p12" --passphrase-file "$W/wrong" -y "$SD" "$D"
grep -q -a RESIDENT-RECORD "$W/a.img" || die "erased although the key was refused"
# bad-input B09: texts the certificate cannot print whole: too long, not UTF-8, outside the BMP
long=$(head -c 40000 /dev/zero | tr '\0' 'x')
expect_rc 2 "$M" erase --state-dir "$S" $K --organisation "$long" -y "$SD" "$D"
first "--organisation: is longer than the certificate prints (200 characters at most)"
expect_rc 2 "$M" erase --state-dir "$S" $K --operator "$(printf 'Yamada \377\376')" -y "$SD" "$D"
first "--operator: is not valid UTF-8"
expect_rc 2 "$M" erase --state-dir "$S" $K --place "𠮷野" -y "$SD" "$D"
first "--place: holds a character outside the Basic Multilingual Plane"
grep -q -a RESIDENT-RECORD "$W/a.img" || die "erased although a text was refused"
# bad-input B10: --out under a directory that does not exist (not created, like mkdir without -p)
expect_rc 10 "$M" erase --state-dir "$S" --out "$W/no/such/dir" -y "$SD" "$D"
starts "$W/no/such/dir: cannot write records there"
[ ! -e "$W/no" ] || die "--out grew a directory tree"
grep -q -a RESIDENT-RECORD "$W/a.img" || die "erased although the records could not be written"
# bad-input B11: a journal directory others can write to
mkdir -p "$W/open/journal"; chmod 0777 "$W/open/journal"
expect_rc 10 "$M" erase --state-dir "$W/open" -y "$SD" "$D"
starts "$W/open/journal: writable by others"
# bad-input B32: a record directory others can write to (a record could be swapped
# before it is signed); a planted journal line in a journal directory others can write to
mkdir -m 0777 "$W/public"
expect_rc 10 "$M" erase --state-dir "$S" --out "$W/public" -y "$SD" "$D"
starts "$W/public: writable by others"
grep -q -a RESIDENT-RECORD "$W/a.img" || die "erased into a public directory"
ok "missing key, wrong passphrase, unprintable texts, --out under nothing or open to all, an open journal: refused before erasing"

# bad-input B12: --verify none has its own exit status (0 means verified)
expect_rc 18 "$M" erase --state-dir "$S" --verify none --progress none -y "$SD" "$D"
! grep -q -a RESIDENT-RECORD "$W/a.img" || die "not erased"
R=$(sed -n "s|^$D: record ||p" "$W/out")
[ "$(jq -r .verification.mode "$R")" = none ] || die "record: $(jq -c .verification "$R")"
# bad-input B13: the state directory is created private
[ "$(stat -c %a "$S")" = 700 ] || die "state directory mode $(stat -c %a "$S")"
ok "--verify none exits 18 (written, not read back); the state directory is created 0700"

# report pdf signs only what a journal vouches for and what agrees with itself
expect_rc 0 "$M" erase --state-dir "$S" --progress none -y "$SD" "$D"
R=$(sed -n "s|^$D: record ||p" "$W/out")
# bad-input B14: an empty object
echo '{}' > "$W/empty.json"
expect_rc 14 "$M" report pdf "$W/empty.json" $K --state-dir "$S"
starts "$W/empty.json: not signed: kind: missing"
# bad-input B15: a truncated record: a clean message, no stack bytes
head -c 700 "$R" > "$W/trunc.json"
expect_rc 14 "$M" report pdf "$W/trunc.json" $K --state-dir "$S"
first "not a JSON record (offset "
[ "$(wc -l < "$W/err")" = 1 ] || die "more than one line: $(cat "$W/err")"
# bad-input B16: a failed record edited to completed; a consistent edit
jq '.outcome = "completed" | .failure = null | .verification.result = "failed"' "$R" > "$W/edited.json"
expect_rc 14 "$M" report pdf "$W/edited.json" $K --state-dir "$S"
first "contradicts the record"
jq '.host.operator = "someone else"' "$R" > "$W/edited2.json"
expect_rc 14 "$M" report pdf "$W/edited2.json" $K --state-dir "$S"
first "no journal in $S/journal recorded this record's SHA-256"
# bad-input B17: a record of another station: refused, then signed with --journal, and said so
cp "$R" "$W/foreign.json"
expect_rc 14 "$M" report pdf "$W/foreign.json" $K --state-dir "$W/station2"
first "--journal DIR"
expect_rc 0 "$M" report pdf "$W/foreign.json" $K --state-dir "$W/station2" --journal "$S"
grep -q "another station's journal, not this station's" "$W/out" || die "not said: $(cat "$W/out")"
pdftotext "$W/foreign.pdf" - 2>/dev/null | tr -d '\n' | grep -q "another station's journal" ||
	die "the certificate does not say whose journal vouched for the record"
# (bad-input B32) a consistent edit with a journal line planted where others can write
jq '.host.operator = "planted"' "$R" > "$W/planted.json"
id=$(jq -r .record_id "$R")
sha=$(sha256sum < "$W/planted.json" | cut -c1-64)
printf '{"event":"record-written","job":"%s","record":"x/%s.json","sha256":"%s"}\n' "$id" "$id" "$sha" \
	> "$W/open/journal/zz.jsonl"
expect_rc 14 "$M" report pdf "$W/planted.json" $K --state-dir "$W/open"
first "can be written by others: its journals vouch for nothing"
[ ! -e "$W/empty.pdf" ] && [ ! -e "$W/trunc.pdf" ] && [ ! -e "$W/edited.pdf" ] && [ ! -e "$W/edited2.pdf" ] ||
	die "a refused record got a certificate"
ok "report pdf: {} , a truncated record, edited records refused (exit 14, no PDF); another station's only with --journal, and said so"

# bad-input B18: photos that are not regular JPEG/PNG files are not hashed into a record
fill_residents "$W/m.img" 8
DM="emu:sata-hdd:$W/m.img"
expect_rc 0 "$M" erase --state-dir "$S" $K --progress none --class mynumber --witness "佐藤 花子" -y "$(serial "$DM")" "$DM"
HO=$(sed -n "s|^$DM: certificate ||p" "$W/out" | tail -1); HO=${HO%.pdf}.json
echo "not an image" > "$W/fake.png"
ln -s /etc/shadow "$W/shadow.png"
printf '\211PNG\r\n\032\n' > "$W/png-named.jpg"
printf '\211PNG\r\n\032\n' > "$W/broken.png" # libpng used to abort massho on it (fuzz_photo)
before=$(ls "$(dirname "$HO")" | wc -l)
for p in "$W/fake.png" "$W/shadow.png" "$W/png-named.jpg" "$W/broken.png" "$W"; do
	expect_rc 2 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" $K --state-dir "$S" --handover "$HO" --method shred --equipment E --place P \
		--witness W --photo "$p" --serial "$(serial "$DM")"
	starts "$p: "
done
[ "$(ls "$(dirname "$HO")" | wc -l)" = "$before" ] || die "a destruction record was written for a refused photo"
expect_rc 2 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" $K --state-dir "$S" --handover "$HO" --method shred --equipment E --place P \
	--witness W --photo "$W/shadow.png" --serial "$(serial "$DM")"
first "is a symbolic link"
expect_rc 2 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" $K --state-dir "$S" --handover "$HO" --method shred --equipment E --place P \
	--witness W --photo "$W/broken.png" --serial "$(serial "$DM")"
first "is not a readable PNG image"
ok "a photo that is not a JPEG/PNG, a symlink to /etc/shadow, a PNG named .jpg, a damaged PNG, a directory: refused (exit 2), no record"

# bad-input B19: unlock with another state directory says which journals it searched
expect_rc 3 "$M" unlock --state-dir "$W/elsewhere" "$D"
first "in the journals searched, $W/elsewhere/journal/*.jsonl"
# bad-input B20: an overwrite of a drive locked with someone else's password says so
fill_residents "$W/p.img" 8
DP="emu:sata-hdd:$W/p.img,password=owner"
expect_rc 4 "$M" erase --state-dir "$S" --progress none -y "$(serial "$DP")" "$DP"
grep -q "is locked by an ATA password" "$W/out" "$W/err" || die "message: $(cat "$W/out" "$W/err")"
grep -q -a RESIDENT-RECORD "$W/p.img" || die "a locked drive changed"
ok "unlock names the journals it searched; an overwrite of a password-locked drive says it is locked (exit 4)"

# bad-input B21: a corrupted certificate (the decompression bomb, bad-input B22, and the
# record of 200,000 keys, bad-input B23, are unit tests: test_sign, test_json)
P=${R%.json}.pdf
"$M" report pdf "$R" $K --state-dir "$S" >/dev/null 2>&1
[ -f "$P" ] || die "no certificate for $R"
head -c 5000 "$P" > "$W/cut.pdf"
expect_rc 16 "$M" report verify "$W/cut.pdf"
starts "$W/cut.pdf: "
ok "a cut certificate: exit 16, named first"
echo "$n passed"

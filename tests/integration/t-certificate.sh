# Signed certificates: the three variants from emulated-drive runs, checked by pdfsig,
# pdftotext, openssl and massho report verify; a tamper suite (one byte in each region,
# an appended update, a swapped sidecar, a swapped photo, ledger damage, a ledger
# rewritten with its chain recomputed) that must be detected; a name outside the BMP
# refused before anything is erased.
. "$TOP/tests/integration/lib.sh"
command -v pdfsig >/dev/null || die "pdfsig missing (poppler-utils)"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
echo "correct horse battery staple" > "$W/pass"
"$M" key init --name "試験市 情報政策課" --org "Test City" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
K="--key $W/keys/massho-key.p12 --passphrase-file $W/pass"
CA="$W/keys/massho-cert.pem"

expect_rc 17 "$M" erase --state-dir "$S" --key "$W/keys/massho-key.p12" --passphrase-file /dev/null -y x "emu:sata-ssd:$W/x.img"
fill_residents "$W/a.img" 8
D="emu:sata-ssd:$W/a.img,sanitize-ms=50"
expect_rc 2 "$M" erase --state-dir "$S" $K --operator "𠮷野 太郎" -y "$(serial "$D")" "$D"
grep -q "^massho[a-z ]*: --operator: holds a character outside the Basic Multilingual Plane" "$W/err" || die "non-BMP message"
grep -q -a RESIDENT-RECORD "$W/a.img" || die "erased although the name was refused"
ok "a wrong passphrase (exit 17) and a name outside the BMP (exit 2) are refused before erasing"

expect_rc 0 "$M" erase --state-dir "$S" $K --progress none --class 3 --operator "山田 太郎" --organisation "試験市" \
	-y "$(serial "$D")" "$D"
P=$(sed -n "s|^$D: certificate ||p" "$W/out")
J=${P%.pdf}.json
[ -f "$P" ] && [ -f "$J" ] && [ -f "$J.p7s" ] || die "certificate files missing: $(cat "$W/out")"
pdfsig "$P" > "$W/sig.txt" 2>&1
grep -q "Signature is Valid" "$W/sig.txt" && grep -q "Total document signed" "$W/sig.txt" || die "pdfsig: $(cat "$W/sig.txt")"
expect_rc 0 "$M" report verify --ca "$CA" "$P"
# the maker, not sysfs's "ATA"
[ "$(jq -r .device.make "$J")" = "massho (emulated drive)" ] || die "device.make: $(jq -r .device.make "$J")"
grep -q -F "massho (emulated drive) MASSHO EMU" "$W/page.txt" 2>/dev/null ||
	pdftotext "$P" - 2>/dev/null | grep -q -F "massho (emulated drive) MASSHO EMU" || die "make on the page"
# what the page prints about the work is in the signed record too
[ "$(jq -r .work.organisation "$J")" = "試験市" ] || die "work.organisation: $(jq -c .work "$J")"
# a Japanese official document: the guideline's title and terms, JST with its offset
pdftotext "$P" - 2>/dev/null > "$W/page.txt"
for want in "データ抹消完了証明書" "機密性3" "図表41 (2)" "+09:00" "完了 / completed"; do
	grep -q -F "$want" "$W/page.txt" || die "the certificate lacks '$want'"
done
# without --ca: intact, but any key would do: its own status, not 0
expect_rc 19 "$M" report verify "$P"
grep -q "not checked against a CA: give --ca" "$W/out" || die "no-CA message: $(cat "$W/out")"
# the embedded record is named by its base name: pdfdetach -saveall writes nowhere else
pdfdetach -list "$P" | grep -qx "1: $(basename "$J")" || die "attachment name: $(pdfdetach -list "$P")"
# ... in the embedded files' name tree too (the key tools name an extracted file by)
keys=$(grep -a -o '/Names \[[^]]*\]' "$P")
[ -n "$keys" ] && ! echo "$keys" | grep -q -e '\\057' -e '(/' || die "a path in the name tree: $keys"
openssl cms -verify -binary -inform DER -in "$J.p7s" -content "$J" -CAfile "$CA" -purpose any >/dev/null 2>&1 \
	|| die "openssl cms does not accept the JSON signature"
pdftotext "$P" "$W/text.txt" 2>/dev/null
for w in データ抹消完了証明書 "Certificate of data erasure" "図表41" "Figure 41 row" "山田 太郎" "試験市" sanitize-crypto \
	"$(serial "$D")"; do grep -q "$w" "$W/text.txt" || die "pdftotext lacks '$w'"; done
pdftoppm -r 40 -png -f 1 -l 1 "$P" "$W/page" 2>/dev/null && [ -s "$W/page-1.png" ] || die "pdftoppm"
expect_rc 0 "$M" report show "$P"
grep -q '"record_id"' "$W/out" || die "report show"
ok "erasure certificate: pdfsig valid, openssl cms -binary accepts the JSON, pdftotext reads JA and EN, renders"

flip() { # flip FILE OFFSET: change one byte (and keep hex digits hex)
	fb=$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null | od -An -tx1 | tr -d ' ')
	case $fb in 30) fn=31 ;; *) fn=$(printf '%02x' $(( (0x$fb + 1) % 256 ))) ;; esac
	printf "\\x$fn" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
off() { grep -a -b -o "$2" "$1" | head -1 | cut -d: -f1; }
lastoff() { grep -a -b -o "$2" "$1" | tail -1 | cut -d: -f1; }
content_obj=$(grep -a -o "/Contents [0-9]* 0 R" "$P" | head -1 | awk '{print $2}')
ef_obj=$(grep -a -A2 "/EF <<" "$P" | grep -a -o "/F [0-9]*" | awk '{print $2}')
regions="header:9 content:$(( $(off "$P" "^$content_obj 0 obj") + 60 )) embedded-json:$(( $(off "$P" "^$ef_obj 0 obj") + 80 ))"
regions="$regions signature:$(( $(lastoff "$P" "/Contents <") + 60 )) trailer:$(( $(lastoff "$P" "trailer") + 2 ))"
for rg in $regions; do
	name=${rg%%:*} at=${rg#*:}
	cp "$P" "$W/t.pdf"; cp "$J" "$W/t.json"; cp "$J.p7s" "$W/t.json.p7s"
	flip "$W/t.pdf" "$at"
	cmp -s "$P" "$W/t.pdf" && die "$name: flip did nothing"
	expect_rc 12 "$M" report verify --ca "$CA" "$W/t.pdf"
	if [ "$name" != signature ] && [ "$name" != trailer ]; then
		pdfsig "$W/t.pdf" 2>&1 | grep -q "Signature is Valid" && die "$name: pdfsig still says valid"
	fi
	ok "one byte changed in the $name (offset $at): massho report verify exit 12$( [ "$name" = signature ] || [ "$name" = trailer ] || echo ", pdfsig invalid")"
done
cp "$P" "$W/t.pdf"; cp "$J" "$W/t.json"; cp "$J.p7s" "$W/t.json.p7s"
printf '\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%%%EOF\n' >> "$W/t.pdf"
expect_rc 13 "$M" report verify --ca "$CA" "$W/t.pdf"
grep -q "added after signing" "$W/err" || die "appended message"
pdfsig "$W/t.pdf" 2>&1 | grep -q "Total document signed" && die "pdfsig did not notice the appended update"
ok "an update appended after signing: exit 13 (pdfsig: not total document signed)"
cp "$P" "$W/t.pdf"
sed 's/"outcome": "completed"/"outcome": "completed!"/' "$J" > "$W/t.json"; cp "$J.p7s" "$W/t.json.p7s"
expect_rc 14 "$M" report verify --ca "$CA" "$W/t.pdf"
ok "a swapped JSON sidecar: exit 14"
"$M" key init --name "Someone else" --out "$W/other" --passphrase-file "$W/pass" >/dev/null
cp "$J" "$W/t.json"
expect_rc 15 "$M" report verify --ca "$W/other/massho-cert.pem" "$W/t.pdf"
ok "a signer that does not chain to --ca: exit 15"

# My Number: handover and destruction certificates, photos embedded
fill_residents "$W/m.img" 8
D="emu:sata-hdd:$W/m.img,capacity=8M"
expect_rc 0 "$M" erase --state-dir "$S" $K --progress none --class mynumber --witness "佐藤 花子" -y "$(serial "$D")" "$D"
HP=$(grep "handover" "$W/out" >/dev/null; sed -n "s|^$D: certificate ||p" "$W/out" | tail -1)
HO=${HP%.pdf}.json
[ "$(jq -r .kind "$HO")" = handover ] || die "handover certificate: $(cat "$W/out")"
expect_rc 0 "$M" report verify --ca "$CA" "$HP"
pdftotext "$HP" - 2>/dev/null | grep -q "引渡し記録" || die "handover text"
# who wrote it: the tool, its binary's hash and the host, in the record and on the page
[ "$(jq -r .tool.binary_sha256 "$HO" | wc -c)" = 65 ] && [ "$(jq -r .host.hostname "$HO")" != null ] ||
	die "handover tool/host: $(jq -c '[.tool, .host]' "$HO")"
! pdftotext "$HP" - 2>/dev/null | grep -q "massho - " || die "handover footer without the tool's version"
mkdir "$W/photos"
echo iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC | base64 -d > "$W/photos/shred1.png"
echo iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg== | base64 -d > "$W/photos/shred2.png"
expect_rc 0 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" $K --state-dir "$S" --handover "$HO" --method shred --equipment "SX-100" --place "Plant 2" \
	--witness "佐藤 花子" --photo "$W/photos/shred1.png" --photo "$W/photos/shred2.png" "$D"
DP=$(sed -n "s|^$(serial "$D"): certificate ||p" "$W/out" | tail -1)
[ -f "$DP" ] || die "destruction certificate: $(cat "$W/out")"
# the photos travel inside the certificate: it verifies from the PDF alone (issue 13)
[ ! -e "$(dirname "$DP")/shred1.png" ] || die "test setup: a photo beside the certificate"
expect_rc 0 "$M" report verify --ca "$CA" "$DP"
grep -q "2 photos checked inside the certificate" "$W/out" || die "embedded photos: $(cat "$W/out")"
pdfdetach -list "$DP" | grep -q "shred2.png" || die "photo not attached: $(pdfdetach -list "$DP")"
mkdir "$W/detached" && (cd "$W/detached" && pdfdetach -saveall "$DP") && cmp "$W/detached/shred1.png" "$W/photos/shred1.png" ||
	die "the embedded photo is not the file"
# bad-input B33: a destruction certificate is issued only with its photos inside; two
# photos with one file name are refused
dsha=$(sha256sum < "$DP")
expect_rc 2 "$M" report pdf "${DP%.pdf}.json" $K --state-dir "$S"
grep -q "^massho[a-z ]*: ${DP%.pdf}.json: lists 2 photos and 0 were given" "$W/err" || die "report pdf without photos: $(cat "$W/err")"
[ "$(sha256sum < "$DP")" = "$dsha" ] || die "a refused certificate replaced the issued one"
mkdir -p "$W/other-dir" && cp "$W/photos/shred1.png" "$W/other-dir/"
expect_rc 2 "$M" destroy --contractor K --operator O --state-dir "$S" --handover "$HO" --method shred --witness W \
	--photo "$W/photos/shred1.png" --photo "$W/other-dir/shred1.png" --serial "$(serial "$D")"
grep -q "^massho[a-z ]*: $W/other-dir/shred1.png: another --photo has the same file name" "$W/err" || die "same name: $(cat "$W/err")"
cp "$W/photos/"*.png "$(dirname "$DP")/"
expect_rc 0 "$M" report verify --ca "$CA" "$DP"
pdftotext "$DP" - 2>/dev/null | grep -q "物理的破壊完了証明書" || die "destruction text"
! pdftotext "$DP" - 2>/dev/null | grep -q "massho - " || die "destruction footer without the tool's version"
pdftotext "$DP" - 2>/dev/null | grep -q "Kowasu K.K." || die "destruction certificate without the contractor"
[ "$(jq -r .tool.binary_sha256 "${DP%.pdf}.json" | wc -c)" = 65 ] || die "destruction record without the binary hash"
[ "$(grep -a -c "/Subtype /Image" "$DP")" -ge 2 ] || die "photos not embedded"
printf 'x' >> "$(dirname "$DP")/shred2.png"
expect_rc 14 "$M" report verify --ca "$CA" "$DP"
grep -q "shred2.png: the photo is not the one recorded" "$W/err" || die "photo swap message"
# bad-input B31: the contractor's station has no journal of the erase: the handover's
# signature vouches for it (chained to the municipality's CA); a forged one is refused
expect_rc 0 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" $K --state-dir "$W/contractor" --ca "$CA" --handover "$HO" --method crush --witness W \
	--serial "$(serial "$D")" --out "$W/contractor-out"
jq '.destroy_by = "2099-01-01"' "$HO" > "$W/forged-ho.json"
expect_rc 14 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" --state-dir "$W/contractor" --ca "$CA" --handover "$W/forged-ho.json" --method crush --witness W \
	--serial "$(serial "$D")"
grep -q "the handover is not signed" "$W/err" || die "forged handover: $(cat "$W/err")"
cp "$HO.p7s" "$W/forged-ho.json.p7s"
expect_rc 14 "$M" destroy --contractor "Kowasu K.K." --operator "鈴木 次郎" --state-dir "$W/contractor" --ca "$CA" --handover "$W/forged-ho.json" --method crush --witness W \
	--serial "$(serial "$D")"
grep -q "not what its signature covers" "$W/err" || die "forged handover with a signature: $(cat "$W/err")"
# a forged handover signed with a self-made key: without --ca it is not taken at all
openssl pkcs12 -in "$W/other/massho-key.p12" -passin file:"$W/pass" -nodes -out "$W/other.pem" 2>/dev/null || die "p12"
openssl cms -sign -binary -outform DER -in "$W/forged-ho.json" -signer "$W/other.pem" -out "$W/forged-ho.json.p7s" || die "cms"
expect_rc 14 "$M" destroy --contractor K --operator O --state-dir "$W/contractor2" --handover "$W/forged-ho.json" \
	--method crush --witness W --serial "$(serial "$D")"
grep -q "is not journaled at this station.*give it with --ca" "$W/err" || die "self-signed handover: $(cat "$W/err")"
expect_rc 14 "$M" destroy --contractor K --operator O --state-dir "$W/contractor2" --ca "$CA" --handover "$W/forged-ho.json" \
	--method crush --witness W --serial "$(serial "$D")"
grep -q "signed by a key that does not chain to --ca" "$W/err" || die "foreign signer: $(cat "$W/err")"
ok "handover and destruction certificates verify; photos embedded; a swapped photo: exit 14; another station destroys against the signed handover, a forged one is refused"

expect_rc 0 "$M" report ledger verify --state-dir "$S"
entries=$(wc -l < "$S/ledger.jsonl")
[ "$entries" -ge 3 ] || die "ledger has $entries entries"
cp "$S/ledger.jsonl" "$W/ledger.bak"; cp "$S/ledger.head" "$W/head.bak"
sed -i '2d' "$S/ledger.jsonl"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "removed or reordered" "$W/err" || die "removed entry message"
cp "$W/ledger.bak" "$S/ledger.jsonl"; sed -i '$d' "$S/ledger.jsonl"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "removed from the end" "$W/err" || die "removed last entry message"
cp "$W/ledger.bak" "$S/ledger.jsonl"; sed -i '1s/"kind":"erasure"/"kind":"handover"/' "$S/ledger.jsonl"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "was altered" "$W/err" || die "altered message"
cp "$W/ledger.bak" "$S/ledger.jsonl"; { sed -n '2p' "$W/ledger.bak"; sed -n '1p' "$W/ledger.bak"; sed -n '3,$p' "$W/ledger.bak"; } > "$S/ledger.jsonl"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
ok "ledger: a removed, a removed last, an altered and a reordered entry are all found (exit 16)"

# bad-input B26. The attack a bare hash chain cannot see: remove entry 1 and recompute the whole chain
# and the head (jq renders compact JSON as massho does, so the chain itself checks out).
rewrite() { # ledger without its first entry, renumbered and rehashed
	prev=0000000000000000000000000000000000000000000000000000000000000000 seq=0
	: > "$S/ledger.jsonl"
	sed '1d' "$W/ledger.bak" > "$W/rest"
	while IFS= read -r line; do
		seq=$((seq + 1))
		body=$(printf '%s' "$line" | jq -c --argjson s "$seq" --arg p "$prev" 'del(.hash) | .seq = $s | .prev = $p')
		prev=$(printf '%s' "$body" | sha256sum | cut -c1-64)
		printf '%s' "$body" | jq -c --arg h "$prev" '. + {hash: $h}' >> "$S/ledger.jsonl"
	done < "$W/rest"
	printf '{"count":%d,"last_hash":"%s"}\n' "$seq" "$prev" > "$S/ledger.head"
}
cp "$S/ledger.head.p7s" "$W/p7s.bak"
rewrite
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "ledger.head.p7s: does not verify for ledger.head: the head was rewritten" "$W/err" || die "checkpoint: $(cat "$W/err")"
rm "$S/ledger.head.p7s"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "ledger.head.p7s: missing" "$W/err" || die "missing checkpoint: $(cat "$W/err")"
# the attacker re-signs the head with a key of their own: the CA refuses it, and without
# --ca the certificates issued after the removed entry still name the hashes they extended
"$M" key init --name "attacker" --out "$W/evil" --passphrase-file "$W/pass" >/dev/null || die "key init (attacker)"
openssl pkcs12 -in "$W/evil/massho-key.p12" -passin file:"$W/pass" -nodes -out "$W/evil.pem" 2>/dev/null || die "p12"
openssl cms -sign -binary -outform DER -in "$S/ledger.head" -signer "$W/evil.pem" -out "$S/ledger.head.p7s" || die "cms"
expect_rc 16 "$M" report ledger verify --state-dir "$S" --ca "$CA"
grep -q "signed by a key that does not chain to the CA" "$W/err" || die "foreign checkpoint: $(cat "$W/err")"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "the ledger was rewritten\|the ledger has no such entry\|lists it under another" "$W/err" || die "rewrite: $(cat "$W/err")"
cp "$W/ledger.bak" "$S/ledger.jsonl"; cp "$W/head.bak" "$S/ledger.head"; cp "$W/p7s.bak" "$S/ledger.head.p7s"
expect_rc 0 "$M" report ledger verify --state-dir "$S" --ca "$CA" "$P"
grep -q "head signed by 試験市 情報政策課 (chains to the CA)" "$W/out" || die "checkpoint signer: $(cat "$W/out")"
grep -q "certificates: [1-9][0-9]* match their entries" "$W/out" || die "certificates: $(cat "$W/out")"
# a handed-out certificate checked against a rewritten ledger, the local files gone
rewrite; cp "$W/p7s.bak" "$S/ledger.head.p7s"
mkdir "$W/handed"; cp "$P" "$W/handed/"; mv "$(dirname "$P")" "$W/records-gone"
expect_rc 16 "$M" report ledger verify --state-dir "$S" "$W/handed/$(basename "$P")"
mv "$W/records-gone" "$(dirname "$P")"
cp "$W/ledger.bak" "$S/ledger.jsonl"; cp "$W/head.bak" "$S/ledger.head"
# entry 2 replaced by another (its certificate deleted), the chain recomputed with the same
# numbers, the head re-signed: only the hash entry 3's certificate says it extended tells
e2=$(sed -n 2p "$W/ledger.bak" | jq -r .file)
f3=$(sed -n 3p "$W/ledger.bak" | jq -r .file)
[ -f "$f3" ] || die "entry 3's certificate is not on disk: $f3"
mv "$e2" "$W/e2.bak"
prev=0000000000000000000000000000000000000000000000000000000000000000
: > "$S/ledger.jsonl"
while IFS= read -r line; do
	body=$(printf '%s' "$line" | jq -c --arg p "$prev" 'del(.hash) | .prev = $p |
		if .seq == 2 then .record_id = "MS-FAKE" | .sha256 = ("0" * 64) else . end')
	prev=$(printf '%s' "$body" | sha256sum | cut -c1-64)
	printf '%s' "$body" | jq -c --arg h "$prev" '. + {hash: $h}' >> "$S/ledger.jsonl"
done < "$W/ledger.bak"
printf '{"count":%d,"last_hash":"%s"}\n' "$(wc -l < "$W/ledger.bak")" "$prev" > "$S/ledger.head"
openssl cms -sign -binary -outform DER -in "$S/ledger.head" -signer "$W/evil.pem" -out "$S/ledger.head.p7s" || die "cms"
expect_rc 16 "$M" report ledger verify --state-dir "$S"
grep -q "entry 3 extended .* the ledger now says .*: the ledger was rewritten" "$W/err" || die "altered entry: $(cat "$W/err")"
mv "$W/e2.bak" "$e2"
cp "$W/ledger.bak" "$S/ledger.jsonl"; cp "$W/head.bak" "$S/ledger.head"; cp "$W/p7s.bak" "$S/ledger.head.p7s"
expect_rc 0 "$M" report ledger verify --state-dir "$S" --ca "$CA"
ok "ledger rewritten without entry 1 (chain and head recomputed): found by the signed head, by a foreign signer under --ca, by the certificates (on disk and handed out); an entry replaced and the chain recomputed: by the hash the next certificate extended"
echo "$n passed"

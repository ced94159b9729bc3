# The auditor's guide, run: every command block of docs/auditing.md marked
# `<!-- audit-test: NAME -->` is extracted and run as it is (sh -e) in a directory laid out
# as the guide says, against certificates this test issues on emulated drives with a test
# CA; then again against a tampered PDF, a tampered record, a foreign CA, another drive, a
# changed image and a ledger with an entry removed, where the blocks must fail. The
# Japanese guide must hold the same blocks. Identity: hdparm --Istdin decodes a real
# IDENTIFY dump, the smartctl and nvme-cli output are fixtures (tests/fixtures/audit/),
# and each describes a drive the test erases.
. "$TOP/tests/integration/lib.sh"
for t in pdfsig pdfdetach certutil openssl xxd jq hdparm dd awk sha256sum; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/install-deps installs it)"; exit 77; }
done
EN="$TOP/docs/auditing.md" JA="$TOP/docs/ja/auditing.md" FIX="$TOP/tests/fixtures/audit"
[ -f "$EN" ] && [ -f "$JA" ] || die "docs/auditing.md or docs/ja/auditing.md missing"

# blocks DOC: every ```sh block, each after a line "=== NAME" (its audit-test marker) or "=== -".
blocks() {
	awk '/^<!-- audit-test: [a-z0-9-]+ -->$/ { name = $3; next }
	     /^```sh$/ { inb = 1; print "=== " (name == "" ? "-" : name); name = ""; next }
	     inb && /^```$/ { inb = 0; next }
	     inb { print; next }
	     NF { name = "" }' "$1"
}
blocks "$EN" > "$W/en.blocks"; blocks "$JA" > "$W/ja.blocks"
diff -u "$W/en.blocks" "$W/ja.blocks" > "$W/blocks.diff" || { cat "$W/blocks.diff" >&2; die "the Japanese guide's command blocks differ from the English guide's"; }
mkdir "$W/blocks"
names=$(sed -n 's/^=== \([a-z0-9][a-z0-9-]*\)$/\1/p' "$W/en.blocks")
[ "$(echo "$names" | wc -l)" -ge 10 ] || die "only $(echo "$names" | wc -l) marked blocks in docs/auditing.md"
for b in $names; do
	awk -v want="=== $b" '$0 == want { on = 1; next } /^=== / { on = 0 } on' "$W/en.blocks" > "$W/blocks/$b.sh"
done
ok "the guide has $(echo "$names" | wc -l) runnable blocks, the same in English and Japanese"

mkdir "$W/bin"; ln -s "$(cd "$(dirname "$M")" && pwd)/$(basename "$M")" "$W/bin/massho"
: > "$W/ran"
# run DIR NAME: run a block in DIR; rc is its exit status, DIR/NAME.out its output.
run() {
	[ -f "$W/blocks/$2.sh" ] || die "no block '$2' in docs/auditing.md"
	echo "$2" >> "$W/ran"
	(cd "$1" && PATH="$W/bin:$PATH" sh -e "$W/blocks/$2.sh") > "$1/$2.out" 2>&1
	rc=$?
}
pass() { d=$1; shift; for b in "$@"; do run "$d" "$b"; [ $rc = 0 ] || { cat "$d/$b.out" >&2; die "$b failed (exit $rc) in $(basename "$d")"; }; done; }
fails() { d=$1; shift; for b in "$@"; do run "$d" "$b"; [ $rc != 0 ] || { cat "$d/$b.out" >&2; die "$b did not fail in $(basename "$d")"; }; done; }

# The municipality's CA and the station's signing certificate, issued by it.
P="$W/pki"; mkdir "$P"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" -days 7300 \
	-subj "/O=Test City/CN=Test City CA" -addext "basicConstraints=critical,CA:true" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || die "CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/signer.key" -out "$P/signer.csr" \
	-subj "/O=Test City/CN=試験市 情報政策課" -utf8 2>/dev/null || die "CSR"
printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > "$P/ext"
openssl x509 -req -in "$P/signer.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial -days 3650 \
	-extfile "$P/ext" -out "$P/signer.pem" 2>/dev/null || die "signer certificate"
echo "correct horse battery staple" > "$W/pass"
openssl pkcs12 -export -inkey "$P/signer.key" -in "$P/signer.pem" -certfile "$P/ca.pem" -passout file:"$W/pass" \
	-out "$P/signer.p12" || die "p12"
K="--key $P/signer.p12 --passphrase-file $W/pass"
S="$W/state"

# A SATA drive: the one of a real IDENTIFY dump, as the kernel shows it (model cut to the
# 16 characters of the SCSI product name, the WWN as naa.), read by massho's own decoder.
HEX="$TOP/tests/fixtures/identify/Seagate-ST1000DM010_2EP102-CC45.hex"
"$M" devices decode-identify --json "$HEX" > "$W/id.json" || die "decode-identify"
model=$(jq -r .model "$W/id.json") serial=$(jq -r .serial "$W/id.json") wwn=$(jq -r .wwn "$W/id.json")
[ "$model" = ST1000DM010-2EP102 ] && [ "$serial" = ZN1ANQFR ] && [ "$wwn" = 5000c500c353f24e ] || die "fixture: $model $serial $wwn"
fill_residents "$W/sata.img" 8
D="emu:sata-ssd:$W/sata.img,sanitize-ms=50,model=$(printf '%.16s' "$model"),serial=$serial,wwn=naa.$wwn"
expect_rc 0 "$M" erase --state-dir "$S" $K --progress none --class mynumber --witness "佐藤 花子" --operator "山田 太郎" \
	-y "$serial" "$D"
C=$(sed -n "s|^$D: certificate \(.*/MS-[^/]*\.pdf\)$|\1|p" "$W/out")
H=$(sed -n "s|^$D: certificate \(.*/HO-[^/]*\.pdf\)$|\1|p" "$W/out")
[ -f "$C" ] && [ -f "$H" ] || die "no erasure and handover certificates: $(cat "$W/out")"

# An NVMe drive: the emulated one the nvme-cli fixtures describe.
nserial=$(jq -r '.sn | sub(" +$"; "")' "$FIX/nvme-id-ctrl.json")
nguid=$(jq -r .nguid "$FIX/nvme-id-ns.json")
[ "$(printf %s "$nserial" | sha256sum | cut -c1-32)" = "$nguid" ] || die "nvme-id-ns.json: not the NGUID the emulator gives $nserial"
fill_residents "$W/nvme.img" 8
ND="emu:nvme-ssd:$W/nvme.img,sanitize-ms=50,serial=$nserial,wwn=eui.$nguid"
expect_rc 0 "$M" erase --state-dir "$S" $K --progress none --class 3 -y "$nserial" "$ND"
NC=$(sed -n "s|^$ND: certificate ||p" "$W/out")
[ -f "$NC" ] || die "no NVMe certificate: $(cat "$W/out")"
ok "certificates (erasure and handover, erasure) issued on an emulated SATA and NVMe drive, signed by a key the test CA certified"

# audit DIR CERT CA: a working directory as the guide lays it out.
audit() {
	mkdir "$1"
	cp "$2" "$1/certificate.pdf"; cp "$3" "$1/ca.pem"
	cp "${2%.pdf}.json" "$1/record.json"; cp "${2%.pdf}.json.p7s" "$1/record.json.p7s"
	mkdir "$1/ledger"; cp "$S/ledger.jsonl" "$S/ledger.head" "$S/ledger.head.p7s" "$1/ledger/"
}
A="$W/audit"
audit "$A" "$C" "$P/ca.pem"
hdparm --Istdin < "$HEX" > "$A/hdparm.txt" 2>&1 || die "hdparm --Istdin"
cp "$FIX/smartctl-i-ST1000DM010.txt" "$A/smartctl.txt"
cp "$W/sata.img" "$A/drive.img"
pass "$A" ca-fingerprint nss-database pdfsig openssl-extract openssl-verify openssl-signing-time record massho-verify
[ "$(head -n 1 "$A/openssl-extract.out")" = 1 ] && grep -q "covers the whole file" "$A/openssl-extract.out" || die "openssl-extract: $(cat "$A/openssl-extract.out")"
grep -q "CMS Verification successful" "$A/openssl-verify.out" && grep -q "^subject=.*CN=試験市 情報政策課" "$A/openssl-verify.out" &&
	grep -q "^issuer=O=Test City, CN=Test City CA" "$A/openssl-verify.out" || die "openssl-verify: $(cat "$A/openssl-verify.out")"
grep -q "pdfsig: OK" "$A/pdfsig.out" || die "pdfsig block"
ok "the signature checks of the guide pass: pdfsig with an NSS database trusting the CA, openssl cms on the /ByteRange and /Contents cut out with dd and xxd, at the signing time, the record's .p7s, massho report verify"

pass "$A" identity-hdparm identity-compare
grep -q "model=ST1000DM010-2EP1$" "$A/identity-hdparm.out" && grep -q "wwn=naa.5000c500c353f24e$" "$A/identity-hdparm.out" ||
	die "identity from hdparm: $(cat "$A/identity-hdparm.out")"
grep -q "it is the drive of the certificate" "$A/identity-compare.out" || die "identity-compare: $(cat "$A/identity-compare.out")"
pass "$A" identity-smartctl identity-compare
pass "$A" content-hash ledger
grep -q "chain intact, head signed by 試験市 情報政策課 (chains to the CA)" "$A/ledger.out" || die "ledger: $(cat "$A/ledger.out")"
ok "the SATA drive's identity recomputed from hdparm -I (a real IDENTIFY) and from smartctl -i matches the certificate; the image's SHA-256 too; the ledger verifies"

# the handover certificate's record holds the hash but not the string
HO="$W/audit-handover"
audit "$HO" "$H" "$P/ca.pem"
cp "$A/hdparm.txt" "$HO/"
pass "$HO" nss-database pdfsig openssl-extract openssl-verify record massho-verify identity-hdparm identity-compare
[ "$(jq -r .kind "$HO/embedded.json")" = handover ] && grep -q "it is the drive of the certificate" "$HO/identity-compare.out" ||
	die "handover: $(cat "$HO/identity-compare.out")"
ok "the handover certificate: its signature checks pass, and the drive (hdparm) matches its record's identity hash"

N="$W/audit-nvme"
audit "$N" "$NC" "$P/ca.pem"
cp "$FIX/nvme-id-ctrl.json" "$FIX/nvme-id-ns.json" "$N/"
pass "$N" record identity-nvme identity-compare
grep -q "^wwn=eui.$nguid$" "$N/identity-nvme.out" || die "identity from nvme-cli: $(cat "$N/identity-nvme.out")"
# a namespace with an EUI-64 and no NGUID: eui.<EUI-64>, as massho records it
jq '.nguid = "00000000000000000000000000000000" | .eui64 = "0025388a1b2c3d4e"' "$FIX/nvme-id-ns.json" > "$N/nvme-id-ns.json"
pass "$N" identity-nvme
fails "$N" identity-compare
"$M" devices show --json "emu:nvme-ssd:$W/nvme.img,serial=$nserial,wwn=eui.0025388a1b2c3d4e" | jq '{device: .}' > "$N/embedded.json"
pass "$N" identity-compare
ok "the NVMe drive's identity recomputed from nvme id-ctrl/id-ns matches the certificate (NGUID; an EUI-64 alone gives another identity, as massho's)"

# Now what must fail.
flip() { # flip FILE OFFSET: change one byte (a hex digit stays a hex digit)
	fb=$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null | od -An -tx1 | tr -d ' ')
	case $fb in 30) fn=31 ;; *) fn=$(printf '%02x' $(( (0x$fb + 1) % 256 ))) ;; esac
	printf "\\x$fn" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
ef_obj=$(grep -a -A2 "/EF <<" "$C" | grep -a -o "/F [0-9]*" | awk '{print $2}')
at=$(( $(grep -a -b -o "^$ef_obj 0 obj" "$C" | head -1 | cut -d: -f1) + 80 ))
T="$W/tampered"; audit "$T" "$C" "$P/ca.pem"; flip "$T/certificate.pdf" "$at"
cmp -s "$C" "$T/certificate.pdf" && die "flip did nothing"
pass "$T" nss-database openssl-extract
fails "$T" pdfsig openssl-verify openssl-signing-time massho-verify ledger
run "$T" massho-verify; [ $rc = 12 ] || die "massho report verify on a changed byte: exit $rc"
grep -q "Digest Mismatch" "$T/pdfsig.out" || die "pdfsig on a changed byte: $(cat "$T/pdfsig.out")"
ok "one byte of the embedded record changed (offset $at): pdfsig, openssl cms, massho report verify (exit 12) and the ledger fail"

sig_at=$(( $(grep -a -b -o "/Contents <" "$C" | tail -1 | cut -d: -f1) + 80 ))
T="$W/tampered-sig"; audit "$T" "$C" "$P/ca.pem"; flip "$T/certificate.pdf" "$sig_at"
pass "$T" nss-database openssl-extract
fails "$T" pdfsig openssl-verify massho-verify
ok "one hex digit of the signature changed: pdfsig, openssl cms and massho report verify fail"

T="$W/appended"; audit "$T" "$C" "$P/ca.pem"
printf '\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%%%EOF\n' >> "$T/certificate.pdf"
pass "$T" nss-database
fails "$T" openssl-extract pdfsig massho-verify
run "$T" massho-verify; [ $rc = 13 ] || die "massho report verify on an appended update: exit $rc"
ok "an update appended after signing: the /ByteRange check, pdfsig and massho report verify (exit 13) fail"

"$M" key init --name "Someone else" --out "$W/other" --passphrase-file "$W/pass" >/dev/null || die "key init"
T="$W/other-ca"; audit "$T" "$C" "$W/other/massho-cert.pem"
pass "$T" ca-fingerprint nss-database openssl-extract
fails "$T" pdfsig openssl-verify openssl-signing-time record massho-verify ledger
run "$T" massho-verify; [ $rc = 15 ] || die "massho report verify with another CA: exit $rc"
grep -q "Certificate issuer is" "$T/pdfsig.out" || die "pdfsig with another CA: $(cat "$T/pdfsig.out")"
grep -q "does not chain to the CA" "$T/ledger.out" || die "ledger with another CA: $(cat "$T/ledger.out")"
ok "another CA: pdfsig (issuer not trusted), openssl cms, the record's .p7s, massho report verify (exit 15) and the ledger's signed head fail"

T="$W/record"; audit "$T" "$C" "$P/ca.pem"
sed -i 's/"outcome": "completed"/"outcome": "completed!"/' "$T/record.json"
cmp -s "${C%.pdf}.json" "$T/record.json" && die "record edit did nothing"
pass "$T" nss-database pdfsig openssl-extract openssl-verify
fails "$T" record massho-verify
run "$T" massho-verify; [ $rc = 14 ] || die "massho report verify with an altered record: exit $rc"
ok "an exported record altered: its .p7s fails and massho report verify exits 14"

T="$W/other-drive"; audit "$T" "$C" "$P/ca.pem"
pdfdetach -save 1 -o "$T/embedded.json" "$T/certificate.pdf" || die pdfdetach
hdparm --Istdin < "$TOP/tests/fixtures/identify/WD-WD10EZEX_08WN4A0-02.01A02.hex" > "$T/hdparm.txt" 2>&1
pass "$T" identity-hdparm
fails "$T" identity-compare
sed 's/ZN1ANQFR/ZN1ANQFX/' "$FIX/smartctl-i-ST1000DM010.txt" > "$T/smartctl.txt"
pass "$T" identity-smartctl
fails "$T" identity-compare
grep -q "^> serial=ZN1ANQFX" "$T/identity-compare.out" || die "identity diff: $(cat "$T/identity-compare.out")"
cp "$W/sata.img" "$T/drive.img"; flip "$T/drive.img" 4096
fails "$T" content-hash
ok "another drive (hdparm), one serial digit changed (smartctl) and a changed image do not match"

T="$W/ledger"; audit "$T" "$C" "$P/ca.pem"
sed -i 1d "$T/ledger/ledger.jsonl"
fails "$T" ledger
grep -q "removed or reordered" "$T/ledger.out" || die "ledger: $(cat "$T/ledger.out")"
ok "a ledger with its first entry removed fails"

expect_rc 19 "$M" report verify "$A/certificate.pdf"
ok "massho report verify without --ca: exit 19"

# What the guide says of the signer's certificate. One issued for TLS clients only
# (extendedKeyUsage clientAuth) chains to the CA, but no verifier accepts it for signing
# (openssl without -purpose any, pdfsig, massho): massho refuses to sign with it.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/tls.key" -out "$P/tls.csr" \
	-subj "/O=Test City/CN=Test City TLS client" 2>/dev/null || die "CSR (TLS)"
printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > "$P/ext-tls"
openssl x509 -req -in "$P/tls.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial -days 3650 \
	-extfile "$P/ext-tls" -out "$P/tls.pem" 2>/dev/null || die "TLS certificate"
openssl pkcs12 -export -inkey "$P/tls.key" -in "$P/tls.pem" -certfile "$P/ca.pem" -passout file:"$W/pass" \
	-out "$P/tls.p12" || die "p12 (TLS)"
fill_residents "$W/tls.img" 8
TD="emu:sata-ssd:$W/tls.img,sanitize-ms=50,serial=EMUTLS0000000001"
expect_rc 17 "$M" erase --state-dir "$W/state-tls" --key "$P/tls.p12" --passphrase-file "$W/pass" --progress none \
	--class 3 -y EMUTLS0000000001 "$TD"
grep -q "not issued for signing" "$W/err" || die "TLS-only signer: $(cat "$W/err")"
grep -q -a RESIDENT-RECORD "$W/tls.img" || die "the drive was erased although no certificate could be signed"
ok "a signer certificate for TLS clients only: massho refuses to sign with it (exit 17) before erasing anything"

# One that expires after signing (in seconds here, in years in life): the plain checks
# fail, the check at the signing time passes.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/short.key" -out "$P/short.csr" \
	-subj "/O=Test City/CN=Test City short-lived" 2>/dev/null || die "CSR (short)"
mkdir "$P/db"; : > "$P/db/index.txt"; echo 1000 > "$P/db/serial"
printf '[ca]\ndefault_ca = c\n[c]\ndatabase = %s/db/index.txt\nserial = %s/db/serial\nnew_certs_dir = %s/db\ndefault_md = sha256\npolicy = p\nx509_extensions = x\n[p]\norganizationName = optional\ncommonName = supplied\n[x]\nbasicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\n' \
	"$P" "$P" "$P" > "$P/ca.cnf"
end=$(( $(date +%s) + 10 ))
openssl ca -batch -config "$P/ca.cnf" -cert "$P/ca.pem" -keyfile "$P/ca.key" -in "$P/short.csr" -out "$P/short.pem" \
	-startdate "$(date -u -d "@$(( end - 86400 ))" +%Y%m%d%H%M%SZ)" -enddate "$(date -u -d "@$end" +%Y%m%d%H%M%SZ)" \
	2>/dev/null || die "short-lived certificate"
openssl pkcs12 -export -inkey "$P/short.key" -in "$P/short.pem" -certfile "$P/ca.pem" -passout file:"$W/pass" \
	-out "$P/short.p12" || die "p12 (short)"
fill_residents "$W/short.img" 8
XD="emu:sata-ssd:$W/short.img,sanitize-ms=50,serial=EMUEXP0000000001"
expect_rc 0 "$M" erase --state-dir "$W/state-short" --key "$P/short.p12" --passphrase-file "$W/pass" --progress none \
	--class 3 -y EMUEXP0000000001 "$XD"
if [ "$(date +%s)" -ge "$end" ]; then
	echo "# the erase took longer than the certificate's 10 seconds: its expiry not tried"
else
	while [ "$(date +%s)" -le $((end + 1)) ]; do sleep 1; done
	S="$W/state-short"; T="$W/expired"; audit "$T" "$(sed -n "s|^$XD: certificate ||p" "$W/out")" "$P/ca.pem"
	pass "$T" nss-database openssl-extract openssl-signing-time
	fails "$T" openssl-verify record pdfsig
	grep -q "certificate has expired" "$T/openssl-verify.out" || die "openssl: $(cat "$T/openssl-verify.out")"
	grep -q "Certificate has Expired" "$T/pdfsig.out" || die "pdfsig: $(cat "$T/pdfsig.out")"
	# as the guide says massho answers: valid, with a note; the ledger's head likewise
	run "$T" massho-verify; [ $rc = 0 ] || die "massho report verify, signer expired since: exit $rc, the guide says 0"
	grep -q "has expired since; it chained to the CA when the signature was made" "$T/massho-verify.out" ||
		die "massho's note on the expired signer: $(cat "$T/massho-verify.out")"
	pass "$T" ledger
	"$M" erase --state-dir "$W/state-short" --key "$P/short.p12" --passphrase-file "$W/pass" --progress none \
		--class 3 -y EMUEXP0000000001 "$XD" > "$W/out" 2>&1
	[ $? = 17 ] && grep -q "signing certificate has expired" "$W/out" || die "signing with an expired certificate: $(cat "$W/out")"
	ok "a signer certificate expired since signing: openssl cms and pdfsig fail, openssl -attime, massho (0, with a note) and the ledger pass; massho no longer signs with it (17)"
fi

for b in $names; do grep -qx "$b" "$W/ran" || die "block '$b' of docs/auditing.md is never run"; done
ok "every marked block of the guide was run"
echo "$n passed"

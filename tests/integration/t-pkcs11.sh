# Signing keys on a PKCS#11 token (SoftHSM2 as the token): a certificate signed on the
# token through an explicit module and through p11-kit's proxy (the default), the
# certificate taken from the token or from --cert, and every refusal — wrong PIN, no such
# token, an ambiguous URI, a certificate of another key, a PIN in the URI — made before
# anything is erased (exit 17).
. "$TOP/tests/integration/lib.sh"
for c in softhsm2-util pkcs11-tool pdfsig; do
	command -v $c >/dev/null || die "$c missing (scripts/install-deps installs softhsm2, opensc, poppler-utils)"
done
SOFTHSM=/usr/lib/softhsm/libsofthsm2.so
[ -f "$SOFTHSM" ] || die "$SOFTHSM missing"
# The token lives in $W only: SoftHSM reads its configuration from SOFTHSM2_CONF.
mkdir -p "$W/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$W/tokens" > "$W/softhsm2.conf"
export SOFTHSM2_CONF="$W/softhsm2.conf"
softhsm2-util --init-token --free --label massho-test --pin 123456 --so-pin 654321 >/dev/null || die "init token"
# Japanese CAs write names as UTF8String or BMPString (UCS-2): the signer must be named
# right in both. MASK:0x800 makes openssl req choose BMPString.
printf '[req]\ndistinguished_name = dn\nstring_mask = MASK:0x800\n[dn]\n' > "$W/bmp.cnf"
key() { # key NAME CN [-config FILE]: an EC key and a self-signed certificate, files in $W
	k=$1 cn=$2; shift 2
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/$k.key" 2>/dev/null &&
		openssl req -new -x509 -utf8 "$@" -key "$W/$k.key" -subj "/CN=$cn" -days 30 -out "$W/$k.pem" 2>/dev/null &&
		openssl x509 -in "$W/$k.pem" -outform DER -out "$W/$k.der" || die "key $k"
}
key signer "試験市 トークン"
key bare "素の鍵" -config "$W/bmp.cnf"
openssl asn1parse -in "$W/bare.pem" | grep -q BMPSTRING || die "the test certificate's name is not a BMPString"
key other "Another key"
softhsm2-util --import "$W/signer.key" --token massho-test --label signer --id 01 --pin 123456 >/dev/null || die "import"
softhsm2-util --import "$W/bare.key" --token massho-test --label bare --id 02 --pin 123456 >/dev/null || die "import"
pkcs11-tool --module "$SOFTHSM" --token-label massho-test --login --pin 123456 --write-object "$W/signer.der" \
	--type cert --id 01 --label signer >/dev/null 2>&1 || die "store the certificate on the token"
rm -f "$W"/*.key # from here on the private keys exist only on the token
echo 123456 > "$W/pin"
echo 000000 > "$W/badpin"
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
fill_residents "$W/a.img" 8
D="emu:sata-ssd:$W/a.img"
SD=$(serial "$D")
T="--pkcs11-module $SOFTHSM --passphrase-file $W/pin"

refused() { # refused WHAT KEY-URI EXTRA...: exit 17, nothing erased, message names the URI
	what=$1 uri=$2; shift 2
	expect_rc 17 "$M" erase --state-dir "$S" --progress none --key "$uri" "$@" -y "$SD" "$D"
	msg=$(head -1 "$W/err")
	case $msg in "massho erase: $uri: "*) ;; *) die "$what: the message does not start with the URI: $(cat "$W/err")" ;; esac
	grep -q -a RESIDENT-RECORD "$W/a.img" || die "$what: the drive was erased"
}
refused "wrong PIN" "pkcs11:token=massho-test;object=signer" --pkcs11-module "$SOFTHSM" --passphrase-file "$W/badpin"
echo "$msg" | grep -q "wrong PIN" || die "wrong PIN: $msg"
refused "no token" "pkcs11:token=nonesuch;object=signer" $T
echo "$msg" | grep -q "no token matches (tokens present: 'massho-test')" || die "no token: $msg"
refused "ambiguous" "pkcs11:token=massho-test" $T
echo "$msg" | grep -q "2 private keys match" || die "ambiguous: $msg"
refused "no certificate" "pkcs11:token=massho-test;object=bare" $T
echo "$msg" | grep -q "give its certificate with --cert" || die "no certificate: $msg"
refused "another key's certificate" "pkcs11:token=massho-test;object=bare" $T --cert "$W/other.pem"
echo "$msg" | grep -q "does not belong to the key 'bare'" || die "wrong certificate: $msg"
refused "PIN in the URI" "pkcs11:token=massho-test;object=signer?pin-value=123456" $T
echo "$msg" | grep -q "pin-value" || die "pin-value: $msg"
refused "no module" "pkcs11:token=massho-test;object=signer" --pkcs11-module "$W/nonesuch.so" --passphrase-file "$W/pin"
echo "$msg" | grep -q "cannot load this PKCS#11 module" || die "module: $msg"
ok "wrong PIN, unknown token, ambiguous URI, missing or foreign certificate, PIN in the URI, missing module: exit 17, nothing erased"

expect_rc 0 "$M" erase --state-dir "$S" --progress none --class 3 --key "pkcs11:token=massho-test;object=signer" $T \
	-y "$SD" "$D"
P=$(sed -n "s|^$D: certificate ||p" "$W/out")
[ -f "$P" ] || die "no certificate: $(cat "$W/out" "$W/err")"
pdfsig "$P" 2>&1 | grep -q "Signature is Valid" || die "pdfsig: $(pdfsig "$P" 2>&1)"
expect_rc 0 "$M" report verify --ca "$W/signer.pem" "$P"
grep -q "試験市 トークン" "$W/out" || die "verify does not name the token's signer: $(cat "$W/out")"
J=${P%.pdf}.json
openssl cms -verify -binary -inform DER -in "$J.p7s" -content "$J" -CAfile "$W/signer.pem" -purpose any >/dev/null 2>&1 ||
	die "openssl cms does not accept the JSON signature made on the token"
ok "erase signed on the token (explicit module, key by label, certificate from the token): pdfsig valid, report verify and openssl cms accept it"

# The default module is p11-kit's proxy, which finds SoftHSM through its registration;
# the key by id, the certificate from --cert.
command -v p11-kit >/dev/null || [ -f /usr/lib/x86_64-linux-gnu/p11-kit-proxy.so ] || die "p11-kit proxy missing"
rm -f "$P" "$J.p7s"
expect_rc 0 "$M" report pdf "$J" --state-dir "$S" --key "pkcs11:token=massho-test;id=%02" \
	--passphrase-file "$W/pin" --cert "$W/bare.pem"
pdfsig "$P" 2>&1 | grep -q "Signature is Valid" || die "pdfsig (proxy): $(pdfsig "$P" 2>&1)"
expect_rc 0 "$M" report verify --ca "$W/bare.pem" "$P"
grep -q "signed by 素の鍵 " "$W/out" || die "a BMPString name is not shown as UTF-8: $(cat "$W/out")"
expect_rc 15 "$M" report verify --ca "$W/signer.pem" "$P"
ok "report pdf through p11-kit's proxy, key by id, certificate from --cert (BMPString name): valid, chained to it only"
expect_rc 0 "$M" report ledger verify --state-dir "$S"
ok "ledger intact"

# The sanitizer build (ASan with its leak check, UBSan) through the token code: a refusal
# and a signature, each with the session opened and released.
A="$TOP/build/massho-asan"
[ -x "$A" ] || die "$A not built (make build/massho-asan)"
expect_rc 17 "$A" report pdf "$J" --state-dir "$S" --key "pkcs11:token=massho-test;object=signer" \
	--pkcs11-module "$SOFTHSM" --passphrase-file "$W/badpin"
rm -f "$P" "$J.p7s"
expect_rc 0 "$A" report pdf "$J" --state-dir "$S" --key "pkcs11:token=massho-test;object=signer" $T
pdfsig "$P" 2>&1 | grep -q "Signature is Valid" || die "pdfsig (sanitizer build): $(pdfsig "$P" 2>&1)"
ok "sanitizer build: wrong PIN refused, certificate signed on the token, no leak or UB reported"

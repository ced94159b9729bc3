# Issue 13's done-when: each medium class the built-in table sends to physical destruction
# has a custody path ending in a signed completion certificate. For every such emulated
# medium (USB flash, NVMe behind a USB bridge, SATA and SAS SSDs without block or crypto
# erase, a self-encrypting drive with locked ranges, a dead drive known only by its label),
# at class 2 and class mynumber: the plan exits 9 and names the custody path; the handover
# (pre-erased where anything can be written) gets a signed certificate; the contractor's
# destruction gets one too, with its photo embedded; both verify against the CA with no
# other file, pdfsig accepts them, and their text is the guideline's Japanese.
. "$TOP/tests/integration/lib.sh"
command -v pdftotext >/dev/null && command -v pdfsig >/dev/null || { echo "SKIP: poppler-utils missing"; exit 77; }
S="$W/state"
serial() { "$M" devices show --json "$1" | jq -r .serial; }
echo "correct horse battery staple" > "$W/pass"
"$M" key init --name "試験市 情報政策課" --org "Test City" --out "$W/keys" --passphrase-file "$W/pass" >/dev/null || die "key init"
K="--key $W/keys/massho-key.p12 --passphrase-file $W/pass"
CA="$W/keys/massho-cert.pem"
{ printf '\377\330\377\340'; head -c 3000 /dev/urandom; } > "$W/photo.jpg"
deadline=$(date -d '+30 days' +%Y-%m-%d)

# text: the PDF's text on one line per page, spaces squeezed
text() { pdftotext -layout "$1" - 2>/dev/null | tr -s ' '; }
# certified KIND PDF CLASS ROW: signed, verifies alone, Japanese, 機密性, 図表41 (ROW), JST
certified() {
	[ -f "$2" ] || die "$1: no certificate ($2)"
	"$M" report verify --ca "$CA" "$2" > "$W/v" 2>&1 || die "$1: report verify: $(cat "$W/v")"
	pdfsig "$2" 2>/dev/null | grep -q "Signature Validation: Signature is Valid" || die "$1: pdfsig: $(pdfsig "$2" 2>&1)"
	t=$(text "$2")
	for want in "$3" "図表41 ($5)" "+09:00"; do
		echo "$t" | grep -qF "$want" || die "$1: '$want' not on the certificate: $(echo "$t" | head -20)"
	done
	case $4 in mynumber) echo "$t" | grep -qF "マイナンバー" || die "$1: class" ;;
	*) echo "$t" | grep -qF "機密性$4" || die "$1: 機密性$4 not on the certificate" ;;
	esac
}

i=0
for v in usb-flash usb-nvme "sata-ssd,sanitize=none" "sas-ssd,sanitize=none" "sata-ssd,sed-locked=1" dead; do
	for c in 2 mynumber; do
		i=$((i + 1))
		row=$([ $c = mynumber ] && echo 1 || echo 2)
		wit=$([ $c = mynumber ] && echo "--witness 山田" || echo "--camera cam-$i")
		if [ "$v" = dead ]; then
			sn="DEAD-$i"
			expect_rc 0 "$M" handover $K --state-dir "$S" --class $c $wit --destroy-by "$deadline" \
				--serial "$sn" --model "HDD Z" --photo "$W/photo.jpg"
			hp=$(sed -n "s|^$sn: certificate ||p" "$W/out" | tail -1)
			dev="--serial $sn"
		else
			fill_residents "$W/d$i.img" 8
			D="emu:${v%%,*}:$W/d$i.img$(echo "$v" | sed -n 's/^[^,]*//p')"
			if [ $c = mynumber ] && [ "${v#*sed-locked}" = "$v" ]; then
				# row 1: the pre-erase is the plan, the handover for destruction follows
				expect_rc 0 "$M" plan --class $c "$D"
				grep -q "hand the drive over for physical destruction" "$W/out" || die "$v class $c: plan: $(cat "$W/out")"
			else
				expect_rc 9 "$M" plan --class $c "$D"
				grep -q "^  custody   " "$W/out" || die "$v class $c: plan names no custody path: $(cat "$W/out")"
			fi
			case $v in
			*sed-locked*)
				sn=$(serial "$D")
				expect_rc 0 "$M" handover $K --state-dir "$S" --class $c $wit --destroy-by "$deadline" \
					--serial "$sn" --model "Opal X" --photo "$W/photo.jpg" --reason "locked ranges"
				hp=$(sed -n "s|^$sn: certificate ||p" "$W/out" | tail -1)
				dev="--serial $sn" ;;
			*)
				expect_rc 0 "$M" handover $K --state-dir "$S" --progress none --class $c $wit --destroy-by "$deadline" \
					-y "$(serial "$D")" "$D"
				hp=$(sed -n "s|^$D: certificate ||p" "$W/out" | tail -1)
				! grep -q -a RESIDENT-RECORD "$W/d$i.img" || die "$v class $c: not pre-erased before the handover"
				dev=$D ;;
			esac
		fi
		certified "$v class $c handover" "$hp" "引渡し記録" $c $row
		expect_rc 0 "$M" destroy $K --contractor "壊す株式会社" --operator "鈴木" --state-dir "$S" \
			--handover "${hp%.pdf}.json" --method shred $wit --photo "$W/photo.jpg" $dev
		dp=$(sed -n 's|^certificate ||p' "$W/out" | tail -1)
		[ -n "$dp" ] || dp=$(ls -t "$(dirname "$hp")"/*.pdf | head -1)
		certified "$v class $c destruction" "$dp" "物理的破壊完了証明書" $c $row
		grep -q "1 photos checked inside the certificate" "$W/v" || die "$v class $c: the photo is not checked from the PDF: $(cat "$W/v")"
		text "$dp" | grep -qF "壊す株式会社" || die "$v class $c: the contractor is not on the destruction certificate"
	done
	ok "$v: class 2 and mynumber: plan names the custody path; handover and destruction certificates signed, verified from the PDF alone, in Japanese"
done
echo "$n passed"

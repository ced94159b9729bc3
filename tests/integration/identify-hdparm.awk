# Reduce `hdparm --Istdin` output to the key=value lines the identify test compares.
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function flag(line) { return (line ~ /^[ \t]*not[ \t]/) ? "false" : "true" }
/Model Number:/      { sub(/.*Model Number:/, ""); model = trim($0) }
/Serial Number:/     { sub(/.*Serial Number:/, ""); serial = trim($0) }
/Firmware Revision:/ { sub(/.*Firmware Revision:/, ""); fw = trim($0) }
/LBA48  user addressable sectors:/ { lba48 = $NF }
/LBA    user addressable sectors:/ { lba28 = $NF }
/Logical  Sector size:/ { lss = $(NF-1) }
/Physical Sector size:/ { pss = $(NF-1) }
/^Security:/ { insec = 1; secsup = "false"; next }
/^[A-Z]/ { insec = 0 }
insec && /expired: security count/ { expired = flag($0); next }
insec && /supported: enhanced erase/ { enh = flag($0); next }
insec && /[ \t]supported[ \t]*$/ { secsup = flag($0) }
insec && /[ \t]enabled[ \t]*$/ { en = flag($0) }
insec && /[ \t]locked[ \t]*$/ { lk = flag($0) }
insec && /[ \t]frozen[ \t]*$/ { fr = flag($0) }
insec && /min for SECURITY ERASE UNIT/ { t = $0; sub(/min for SECURITY ERASE UNIT.*/, "", t); gsub(/[^0-9]/, "", t); et = t }
insec && /min for ENHANCED SECURITY ERASE UNIT/ { t = $0; sub(/^[^.]*\. */, "", t); sub(/min for ENHANCED.*/, "", t); gsub(/[^0-9]/, "", t); eet = t }
/SANITIZE feature set/ { san = "true" }
/CRYPTO_SCRAMBLE_EXT command/ { crypto = "true" }
/BLOCK_ERASE_EXT command/ { block = "true" }
/OVERWRITE_EXT command/ { ow = "true" }
/Host Protected Area feature set/ { hpa = "true"; hpaen = ($0 ~ /\*/) ? "true" : "false" }
/Data Set Management TRIM supported/ { trim_ = "true" }
END {
	print "model=" model; print "serial=" serial; print "firmware=" fw
	if (lba28 != "") print "lba28_sectors=" lba28
	if (lba48 != "") print "lba48_sectors=" lba48
	print "logical_sector_size=" (lss == "" ? 512 : lss); print "physical_sector_size=" (pss == "" ? 512 : pss)
	print "security.supported=" (secsup == "" ? "false" : secsup)
	if (secsup == "true") {
		print "security.enabled=" en; print "security.locked=" lk; print "security.frozen=" fr
		print "security.count_expired=" expired; print "security.enhanced_erase=" enh
		print "security.erase_minutes=" (et == "" ? 0 : et)
		print "security.enhanced_erase_minutes=" (eet == "" ? 0 : eet)
	}
	print "sanitize.supported=" (san == "" ? "false" : san)
	print "sanitize.crypto_scramble=" (crypto == "" ? "false" : crypto)
	print "sanitize.block_erase=" (block == "" ? "false" : block)
	print "sanitize.overwrite=" (ow == "" ? "false" : ow)
	print "hidden_areas.hpa=" (hpa == "" ? "false" : hpa)
	print "hidden_areas.hpa_enabled=" (hpaen == "" ? "false" : hpaen)
	print "trim=" (trim_ == "" ? "false" : trim_)
}

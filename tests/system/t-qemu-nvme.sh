# System test: massho in a QEMU guest driving an emulated NVMe disk through the real
# NVME_IOCTL_ADMIN_CMD path. QEMU's controller reports SANICAP 0 and rejects Sanitize
# (Invalid Command Opcode) and its log page (Invalid Field): massho must refuse sanitize
# with that reason. QEMU's Format NVM zero-fills and deallocates the namespace for every
# SES value (it never reads SES), so format-user through the real path must leave the
# host-side image all zeros — that is what is checked, not QEMU's crypto semantics.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/lib.sh"
need_qemu
fill_residents "$W/nvme.img" 64
boot_guest "$TOP/tests/system/guest-nvme.sh" "$W/console.log" \
	-drive if=none,id=n0,file="$W/nvme.img",format=raw -device nvme,serial=MASSHONVME0001,drive=n0
L="$W/console.log"
grep -q '^@@disk /dev/nvme[0-9]n[0-9]$' "$L" || die "the guest did not find the NVMe disk: $(head -30 "$L")"

section "$L" show > "$W/show.json"
jq -e . "$W/show.json" >/dev/null || die "show: not JSON: $(cat "$W/show.json")"
[ "$(jq -r .transport "$W/show.json")" = nvme ] || die "transport"
[ "$(jq -r .nvme.serial "$W/show.json")" = MASSHONVME0001 ] || die "Identify Controller serial through the ioctl"
[ "$(jq -r .nvme.format_nvm "$W/show.json")" = true ] || die "OACS Format"
[ "$(jq -r .nvme.sanitize.sanicap "$W/show.json")" = 0 ] || die "SANICAP"
[ "$(jq -r .nvme.namespace.size_blocks "$W/show.json")" = 131072 ] || die "Identify Namespace size"
ok "Identify Controller and Namespace decoded through NVME_IOCTL_ADMIN_CMD"

section "$L" probe > "$W/probe.json"
[ "$(jq -r '.commands[2].answer' "$W/probe.json")" = rejected ] || die "sanitize log: $(cat "$W/probe.json")"
jq -r '.commands[2].nvme_status' "$W/probe.json" | grep -q "Invalid Field" || die "sanitize log status"
ok "the sanitize log page is rejected: $(jq -r '.commands[2].nvme_status' "$W/probe.json")"

[ "$(section_rc "$L" sanitize)" = 4 ] || die "sanitize on QEMU: exit $(section_rc "$L" sanitize): $(section "$L" sanitize)"
section "$L" sanitize | grep -q "no Sanitize support (SANICAP 0)" || die "sanitize reason"
ok "sanitize refused before anything is sent, with the reason (exit 4)"

[ "$(section_rc "$L" format)" = 0 ] || die "format-user: $(section "$L" format)"
section "$L" record > "$W/record.json"
[ "$(jq -r .method.id "$W/record.json")" = format-user ] || die "record method"
[ "$(jq -r .sample_proof.passed "$W/record.json")" = true ] || die "sample proof"
cmp -s -n $((64 * 1048576)) "$W/nvme.img" /dev/zero || die "the host-side image is not all zeros after Format NVM"
[ "$(jq -r .content_sha256 "$W/record.json")" = "$(sha256sum < "$W/nvme.img" | cut -d' ' -f1)" ] || die "content hash"
ok "Format NVM (SES=1) through the real path zeroed the host-side image; record hash matches"
echo "$n passed"

# System test: massho in a QEMU guest driving an emulated NVMe disk through the real
# NVME_IOCTL_ADMIN_CMD path. QEMU's controller reports SANICAP 0 and rejects Sanitize
# (Invalid Command Opcode) and its log page (Invalid Field): massho must refuse sanitize
# with that reason. QEMU's Format NVM zero-fills and deallocates the namespace for every
# SES value (it never reads SES), so format-user through the real path must leave the
# host-side image all zeros — that is what is checked, not QEMU's crypto semantics.
. "$TOP/tests/integration/lib.sh"
. "$TOP/tests/system/lib.sh"
need_qemu
# Two namespaces, both full of resident records: a drive is the controller, and an erase
# of the guest's first namespace must reach, and prove, namespace 2 as well (issue 13).
# Every massho command runs inside the guest (guest-nvme*.sh), on the QEMU disks backed by
# the images made here; on the host this script only reads those images.
fill_residents "$W/nvme.img" 64
fill_residents "$W/nvme2.img" 32
boot_guest "$TOP/tests/system/guest-nvme.sh" "$W/console.log" \
	-device nvme,id=nvme0,serial=MASSHONVME0001 \
	-drive if=none,id=n0,file="$W/nvme.img",format=raw -device nvme-ns,drive=n0,bus=nvme0,nsid=1 \
	-drive if=none,id=n1,file="$W/nvme2.img",format=raw -device nvme-ns,drive=n1,bus=nvme0,nsid=2
L="$W/console.log"
grep -q '^@@disk /dev/nvme[0-9]n[0-9]$' "$L" || die "the guest did not find the NVMe disk: $(head -30 "$L")"

section "$L" show > "$W/show.json"
jq -e . "$W/show.json" >/dev/null || die "show: not JSON: $(cat "$W/show.json")"
[ "$(jq -r .transport "$W/show.json")" = nvme ] || die "transport"
[ "$(jq -r .nvme.serial "$W/show.json")" = MASSHONVME0001 ] || die "Identify Controller serial through the ioctl"
[ "$(jq -r .nvme.format_nvm "$W/show.json")" = true ] || die "OACS Format"
[ "$(jq -r .nvme.sanitize.sanicap "$W/show.json")" = 0 ] || die "SANICAP"
[ "$(jq -r .nvme.namespace.size_blocks "$W/show.json")" = 131072 ] || die "Identify Namespace size"
[ "$(jq -r '[.namespaces[].nsid] | join(",")' "$W/show.json")" = 1,2 ] || die "namespaces from sysfs: $(jq -c .namespaces "$W/show.json")"
ok "Identify Controller and Namespace decoded through NVME_IOCTL_ADMIN_CMD; both namespaces found in sysfs"

section "$L" overwrite | grep -q "2 namespaces and an overwrite writes one" ||
	die "an overwrite of one namespace of two: $(section "$L" overwrite)"
[ "$(section_rc "$L" overwrite)" = 4 ] || die "overwrite: exit $(section_rc "$L" overwrite)"
for n in 1 2; do
	[ "$(section "$L" residents$n)" -gt 1000 ] || die "namespace $n lost its records to a refused overwrite: $(section "$L" residents$n)"
done
ok "an overwrite of one namespace of a two-namespace controller is refused (exit 4), nothing written"

section "$L" plan > "$W/plan.json"
[ "$(jq -r '.plans[0].namespaces | length' "$W/plan.json")" = 2 ] || die "plan namespaces: $(cat "$W/plan.json")"
planned=$(jq -r '.plans[0].decision.method' "$W/plan.json")

section "$L" probe > "$W/probe.json"
[ "$(jq -r '.commands[2].answer' "$W/probe.json")" = rejected ] || die "sanitize log: $(cat "$W/probe.json")"
jq -r '.commands[2].nvme_status' "$W/probe.json" | grep -q "Invalid Field" || die "sanitize log status"
ok "the sanitize log page is rejected: $(jq -r '.commands[2].nvme_status' "$W/probe.json")"

[ "$(section_rc "$L" sanitize)" = 4 ] || die "sanitize on QEMU: exit $(section_rc "$L" sanitize): $(section "$L" sanitize)"
section "$L" sanitize | grep -q "no Sanitize support (SANICAP 0)" || die "sanitize reason"
ok "sanitize refused before anything is sent, with the reason (exit 4)"

[ "$(section_rc "$L" format)" = 0 ] || die "class 1 erase: $(section "$L" format)"
section "$L" record > "$W/record.json"
[ "$(jq -r .method.id "$W/record.json")" = "$planned" ] || die "record method $(jq -r .method.id "$W/record.json"), planned $planned"
case $planned in format-*) ;; *) die "class 1 on QEMU's NVMe (no sanitize): planned $planned" ;; esac
[ "$(jq -r .sample_proof.passed "$W/record.json")" = true ] || die "sample proof"
[ "$(jq -r '[.namespaces[].nsid] | join(",")' "$W/record.json")" = 1,2 ] || die "record namespaces"
[ "$(jq -r '.namespaces[1].sample_proof.passed' "$W/record.json")" = true ] || die "namespace 2's sample proof"
[ "$(jq -r .figure41_row_met "$W/record.json")" = true ] || die "row met"
for img in nvme.img nvme2.img; do
	! grep -q RESIDENT-RECORD "$W/$img" || die "$img: $(grep -c RESIDENT-RECORD "$W/$img") resident records survived"
done
cmp -s -n $((64 * 1048576)) "$W/nvme.img" /dev/zero || die "the host-side image is not all zeros after Format NVM"
cmp -s -n $((32 * 1048576)) "$W/nvme2.img" /dev/zero || die "namespace 2's host-side image is not all zeros"
[ "$(jq -r .content_sha256 "$W/record.json")" = "$(sha256sum < "$W/nvme.img" | cut -d' ' -f1)" ] || die "content hash"
[ "$(jq -r '.namespaces[1].content_sha256' "$W/record.json")" = "$(sha256sum < "$W/nvme2.img" | cut -d' ' -f1)" ] ||
	die "namespace 2's content hash"
ok "class 1 ($planned) through the real path reached both namespaces: no resident record on either image, both listed and hashed"
# A namespace allocated in the subsystem but detached from the controller: no erase
# through this controller can reach or read it, so nothing is erased (the issue's
# "enumerate … or fail closed"); the host checks both images kept every record.
fill_residents "$W/nvme.img" 16
fill_residents "$W/nvme2.img" 16
boot_guest "$TOP/tests/system/guest-nvme-detached.sh" "$W/console2.log" \
	-device nvme-subsys,id=ss,nqn=massho-test -device nvme,id=nvme0,serial=MASSHONVME0002,subsys=ss \
	-drive if=none,id=n0,file="$W/nvme.img",format=raw -device nvme-ns,drive=n0,bus=nvme0,nsid=1 \
	-drive if=none,id=n1,file="$W/nvme2.img",format=raw -device nvme-ns,drive=n1,bus=nvme0,nsid=2,detached=on
L2="$W/console2.log"
grep -q '^@@disk /dev/nvme[0-9]n[0-9]$' "$L2" || die "the guest did not find the attached namespace: $(head -30 "$L2")"
[ "$(section_rc "$L2" plan)" = 9 ] && section "$L2" plan | grep -q "namespace 2 is allocated but not attached here" ||
	die "plan with a detached namespace: exit $(section_rc "$L2" plan): $(section "$L2" plan)"
[ "$(section_rc "$L2" erase)" = 9 ] || die "erase --class 1 with a detached namespace: $(section "$L2" erase)"
[ "$(section_rc "$L2" sanitize)" = 4 ] && section "$L2" sanitize | grep -q "allocated but not attached" ||
	die "format-user with a detached namespace: $(section "$L2" sanitize)"
for img in nvme.img nvme2.img; do
	[ "$(grep -a -c RESIDENT-RECORD "$W/$img")" -gt 1000 ] || die "$img lost records to a refused erase"
done
ok "a namespace allocated but detached (Identify CNS 10h): plan and erase fail closed with the reason, both images untouched"
echo "$n passed"

# make install and make uninstall are symmetric: installed under a DESTDIR with
# PREFIX=/usr (as debian/rules does), the program, both man pages, the Japanese catalogue
# and the bash completion are where they belong, each a copy of its source and nothing
# else; make uninstall then leaves no file behind.
. "$TOP/tests/integration/lib.sh"
command -v make >/dev/null || { echo "SKIP: make missing"; exit 77; }
[ -x "$TOP/massho" ] || { echo "SKIP: massho not built (make massho)"; exit 77; }
R="$W/root"
make -s -C "$TOP" install DESTDIR="$R" PREFIX=/usr >"$W/out" 2>&1 || { cat "$W/out" >&2; die "make install failed"; }
# installed FILE SOURCE MODE
installed() {
	[ -f "$R$1" ] || die "make install: no $1"
	cmp -s "$R$1" "$TOP/$2" || die "make install: $1 differs from $2"
	[ "$(stat -c %a "$R$1")" = "$3" ] || die "make install: $1 has mode $(stat -c %a "$R$1"), wanted $3"
	echo "$1" >>"$W/want"
}
: >"$W/want"
installed /usr/sbin/massho massho 755
installed /usr/share/man/man8/massho.8 docs/massho.8 644
installed /usr/share/man/ja/man8/massho.8 docs/ja/massho.8 644
installed /usr/share/locale/ja/LC_MESSAGES/massho.mo build/locale/ja/LC_MESSAGES/massho.mo 644
installed /usr/share/bash-completion/completions/massho completion/massho 644
(cd "$R" && find . ! -type d | sed 's/^\.//' | sort) >"$W/have"
sort -o "$W/want" "$W/want"
cmp -s "$W/want" "$W/have" || die "make install made files this test does not know (uninstall must remove them too):
$(comm -13 "$W/want" "$W/have")"
ok "make install DESTDIR=… PREFIX=/usr: $(wc -l <"$W/have") files, each a copy of its source"

make -s -C "$TOP" uninstall DESTDIR="$R" PREFIX=/usr >"$W/out" 2>&1 || { cat "$W/out" >&2; die "make uninstall failed"; }
left=$(cd "$R" && find . ! -type d)
[ -z "$left" ] || die "make uninstall left: $left"
ok "make uninstall removes every file make install made"

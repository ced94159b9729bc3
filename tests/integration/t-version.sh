# massho --version (docs/packaging.md, "The version"): the first line is "massho VERSION",
# where VERSION is git describe's in a git tree (the last tag vX.Y.Z without the v; while
# there is none, the Makefile's VERSION and +g<commit>; -dirty when tracked files differ)
# and the Makefile's VERSION elsewhere; the second names the libraries in use, as they
# report themselves (compared with openssl's and blkid's own answers). `massho version`
# and `massho -V` say the same.
# Then, in a copy of the tree and its build: the version follows git — no tag, a tag, a
# commit after it, a change — and each time make compiles util/version.c alone and
# relinks; a build that changes nothing compiles nothing.
. "$TOP/tests/integration/lib.sh"
export LC_ALL=C
VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
[ -n "$VERSION" ] || die "no VERSION in the Makefile"

# want DIR: the version a build of the tree DIR must print, by the rule above.
want() {
	if [ -e "$1/.git" ] && command -v git >/dev/null; then
		v=$(git -C "$1" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//')
		if [ -z "$v" ]; then
			v="$VERSION+g$(git -C "$1" rev-parse --short HEAD)"
			[ -z "$(git -C "$1" status --porcelain --untracked-files=no)" ] || v="$v-dirty"
		fi
		echo "$v"
	else
		echo "$VERSION"
	fi
}

"$M" --version >"$W/v1" || die "massho --version failed"
"$M" version >"$W/v2" || die "massho version failed"
"$M" -V >"$W/v3" || die "massho -V failed"
cmp -s "$W/v1" "$W/v2" && cmp -s "$W/v1" "$W/v3" || die "--version, version and -V differ:
$(cat "$W/v1" "$W/v2" "$W/v3")"
[ "$(wc -l <"$W/v1")" = 2 ] || die "--version does not print two lines: $(cat "$W/v1")"
exp="massho $(want "$TOP")"
[ "$(head -1 "$W/v1")" = "$exp" ] || die "first line: '$(head -1 "$W/v1")', wanted '$exp'"
ok "massho --version, version and -V: '$exp'"

libs=$(sed -n 2p "$W/v1")
echo "$libs" | grep -Eq '^OpenSSL [0-9]+\.[0-9]+\.[0-9]+[^,]*, libharu [0-9]+\.[0-9]+\.[0-9]+, libblkid [0-9]+\.[0-9]+(\.[0-9]+)?, libmount [0-9.]+, libsmartcols [0-9.]+, libpq [0-9]+\.[0-9]+$' ||
	die "second line: '$libs', wanted OpenSSL, libharu, libblkid, libmount, libsmartcols and libpq with versions"
# The libraries' own tools, linked with the same shared libraries, answer the same.
if command -v openssl >/dev/null; then
	ossl=$(openssl version | sed -n 's/.*(Library: \(.*\))$/\1/p')
	[ -n "$ossl" ] || ossl=$(openssl version)
	case $libs in "$ossl, "*) ;; *) die "OpenSSL: massho says '$libs', openssl version '$ossl'" ;; esac
fi
if command -v blkid >/dev/null; then
	b=$(blkid -V | sed -n 's/.*(libblkid \([^,]*\),.*/\1/p')
	case $libs in *", libblkid $b, "*) ;; *) die "libblkid: massho says '$libs', blkid -V '$b'" ;; esac
fi
ok "second line: $libs"

# --- the version follows git, and only util/version.c is compiled again ---------------
for t in git make cc tar; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
[ -x "$TOP/massho" ] && [ -d "$TOP/build/rel" ] || { echo "SKIP: no build of the tree (make massho)"; exit 77; }
C="$W/tree"
mkdir -p "$C"
# The tracked files and the release build, modification times kept: make sees the copy's
# objects as up to date with its sources.
if [ -e "$TOP/.git" ]; then
	git -C "$TOP" ls-files -z | (cd "$TOP" && tar --null -T - -cf - 2>/dev/null) | tar -C "$C" -xf -
else
	(cd "$TOP" && tar --exclude=./build --exclude=./massho -cf - .) | tar -C "$C" -xf -
fi
(cd "$TOP" && tar -cf - build/rel build/gen build/locale massho) | tar -C "$C" -xf -
[ -f "$C/Makefile" ] || die "copying the tree failed"
# build: make massho in the copy; $W/cc: what it compiled, one source a line
build() {
	make -C "$C" massho >"$W/make.out" 2>&1 || { cat "$W/make.out" >&2; die "make massho failed in the copy"; }
	sed -n 's/^  CC      //p' "$W/make.out" >"$W/cc"
}
# Not a git tree: the Makefile's VERSION. (This also brings the copy up to date, should the
# tree have changed since its build.)
build
[ "$(head -1 "$C/build/gen/version.h")" = "#define MS_VERSION \"$VERSION\"" ] || die "version.h outside git: $(cat "$C/build/gen/version.h")"
[ "$("$C/massho" -V | head -1)" = "massho $VERSION" ] || die "outside git: $("$C/massho" -V | head -1), wanted massho $VERSION"
build
[ ! -s "$W/cc" ] || die "a second build outside git compiled: $(cat "$W/cc")"
ok "outside git: massho $VERSION; building again compiles nothing"

g() { git -C "$C" -c user.name=test -c user.email=test@example.org "$@" >/dev/null 2>&1 || die "git $*"; }
# step WHAT: build; only util/version.c is compiled; the program says want's version.
step() {
	build
	[ "$(cat "$W/cc")" = util/version.c ] || die "$1: make compiled '$(tr '\n' ' ' <"$W/cc")', wanted util/version.c alone"
	grep -q '^  LD      massho$' "$W/make.out" || die "$1: massho not linked again"
	w=$(want "$C")
	[ "$("$C/massho" -V | head -1)" = "massho $w" ] || die "$1: $("$C/massho" -V | head -1), wanted massho $w"
	build
	[ ! -s "$W/cc" ] || die "$1: building again compiled $(tr '\n' ' ' <"$W/cc")"
	! grep -q '^  LD' "$W/make.out" || die "$1: building again linked massho again"
	ok "$1: massho $w, util/version.c alone compiled; again, nothing"
}
g init -q
g add -A
g commit -q -m one
step "git, no tag"
case $w in "$VERSION+g"[0-9a-f]*) ;; *) die "no tag: $w, wanted $VERSION+g<commit>" ;; esac
g tag v9.8.7
step "tag v9.8.7"
[ "$w" = 9.8.7 ] || die "on the tag: $w, wanted 9.8.7"
echo "# a change" >>"$C/README.md"
step "a tracked file changed"
[ "$w" = 9.8.7-dirty ] || die "changed: $w, wanted 9.8.7-dirty"
g commit -q -a -m two
step "a commit after the tag"
case $w in 9.8.7-1-g[0-9a-f]*) ;; *) die "after the tag: $w, wanted 9.8.7-1-g<commit>" ;; esac
# A tag not of the form vX.Y.Z is not a release, nor part of the commit's name.
g tag -a snapshot -m snapshot
g tag -d v9.8.7
step "a tag not vX.Y.Z"
case $w in "$VERSION+g"[0-9a-f]*) ;; *) die "tag 'snapshot': $w, wanted $VERSION+g<commit>" ;; esac

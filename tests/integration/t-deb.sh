# The Debian package (debian/, docs/packaging.md), built as a distribution would: the
# tracked files copied to a temporary directory (dpkg-buildpackage writes beside the
# tree), dpkg-buildpackage -us -uc -b there. lintian finds no error and no warning;
# hardening-check finds every hardening the platform can give (control flow integrity it
# cannot, on Debian 12: docs/packaging.md); the package holds the program, both man pages,
# the completion, the catalogue, the documents and the example policy, and its program
# says the changelog's version. As root, when massho is not installed here already: the
# package installs, its /usr/sbin/massho runs, and a purge leaves nothing of it, nor
# anything in /var/lib/massho or /etc.
. "$TOP/tests/integration/lib.sh"
for t in dpkg-buildpackage dpkg-deb dpkg-parsechangelog lintian hardening-check git; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/install-deps installs it)"; exit 77; }
done
[ -e "$TOP/.git" ] || { echo "SKIP: not a git tree (the package is built from the tracked files)"; exit 77; }
export LC_ALL=C
S="$W/src"
mkdir -p "$S"
t0=$(date +%s)
git -C "$TOP" ls-files -z | (cd "$TOP" && tar --null -T - -cf -) | tar -C "$S" -xf - || die "copying the tracked files failed"
[ -f "$S/debian/control" ] || die "debian/control is not tracked"

# --- build ----------------------------------------------------------------------------
start=$(date +%s)
(cd "$S" && DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -us -uc -b) >"$W/build.log" 2>&1 ||
	{ tail -40 "$W/build.log" >&2; die "dpkg-buildpackage -us -uc -b failed"; }
secs=$(($(date +%s) - start))
version=$(dpkg-parsechangelog -l "$S/debian/changelog" -S Version)
upstream=$(echo "$version" | sed 's/^[0-9]*://; s/-[^-]*$//')
arch=$(dpkg --print-architecture)
DEB="$W/massho_${version#*:}_$arch.deb"
CHANGES="$W/massho_${version#*:}_$arch.changes"
[ -f "$DEB" ] && [ -f "$CHANGES" ] || die "no $(basename "$DEB") or .changes: $(ls "$W")"
# The build's own warnings are the compiler's (-Werror is off in the package build):
# there must be none.
grep -E '(^|: )warning: ' "$W/build.log" | grep -v -e '^dpkg-' -e '^dh_' >"$W/warn" || true
[ ! -s "$W/warn" ] || die "the package build warns:
$(cat "$W/warn")"
ok "dpkg-buildpackage -us -uc -b: $(basename "$DEB") in ${secs}s"

# --- lintian --------------------------------------------------------------------------
# On the .changes: the package, its -dbgsym and the upload together. Every level is
# shown, for the log; errors and warnings fail (there is no override).
start=$(date +%s)
lintian --fail-on error,warning --display-info --pedantic --display-experimental "$CHANGES" >"$W/lintian" 2>&1
rc=$?
grep -v 'running with root privileges' "$W/lintian" | sed 's/^/    lintian: /'
[ $rc = 0 ] || die "lintian --fail-on error,warning: exit $rc"
ok "lintian: no error, no warning ($(grep -c '^[IPX]: ' "$W/lintian") info, pedantic or experimental tags) in $(($(date +%s) - start))s"

# --- the package's files --------------------------------------------------------------
dpkg-deb -c "$DEB" | awk '{ print $NF }' | sed 's|^\./|/|' >"$W/files"
for f in /usr/sbin/massho /usr/share/man/man8/massho.8.gz /usr/share/man/ja/man8/massho.8.gz \
	/usr/share/bash-completion/completions/massho /usr/share/locale/ja/LC_MESSAGES/massho.mo \
	/usr/share/doc/massho/copyright /usr/share/doc/massho/changelog.gz \
	/usr/share/doc/massho/README.md.gz /usr/share/doc/massho/examples/policy-default.txt; do
	grep -qx "$f" "$W/files" || die "the package has no $f"
done
for d in policy station guide-officials guide-contractors record-format exit-codes certificate packaging ja/guide-officials; do
	grep -Eqx "/usr/share/doc/massho/docs/$d\.md(\.gz)?" "$W/files" || die "the package has no docs/$d.md"
done
! grep -Eq '^/(etc|var)/' "$W/files" || die "the package installs under /etc or /var: $(grep -E '^/(etc|var)/' "$W/files")"
X="$W/x"
dpkg-deb -x "$DEB" "$X"
cmp -s "$X/usr/share/doc/massho/examples/policy-default.txt" "$TOP/docs/policy-default.txt" || die "the example policy is not docs/policy-default.txt"
cmp -s "$X/usr/share/bash-completion/completions/massho" "$TOP/completion/massho" || die "the completion is not completion/massho"
[ "$(stat -c %a "$X/usr/sbin/massho")" = 755 ] || die "/usr/sbin/massho has mode $(stat -c %a "$X/usr/sbin/massho")"
dpkg-deb -f "$DEB" Depends | grep -q fonts-ipaexfont-gothic || die "the package does not depend on the certificates' font"
"$X/usr/sbin/massho" --version >"$W/v" || die "the packaged massho --version failed"
[ "$(head -1 "$W/v")" = "massho $upstream" ] || die "packaged massho says '$(head -1 "$W/v")', wanted 'massho $upstream' (debian/changelog)"
ok "the package: program, man pages (en, ja), completion, catalogue, docs, example policy; says massho $upstream"

# --- hardening-check ------------------------------------------------------------------
hardening-check "$X/usr/sbin/massho" | sed 's/^/    /'
# Control flow integrity cannot be had on Debian 12 (glibc's start files are not marked);
# every other check must say yes — or, for fortify, hardening-check's own "only
# unprotected functions found", which it calls possibly a false alarm.
if ! hardening-check --nocfprotection "$X/usr/sbin/massho" >"$W/hc"; then
	grep -q 'Fortify Source functions: no, only unprotected functions found' "$W/hc" &&
		hardening-check --nocfprotection --nofortify "$X/usr/sbin/massho" >/dev/null ||
		die "hardening-check fails: $(cat "$W/hc")"
fi
ok "hardening-check --nocfprotection /usr/sbin/massho: PIE, stack protector, fortify, relro, bind now"

# --- install, run, purge --------------------------------------------------------------
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: install and purge: not root"
elif dpkg-query -W -f='${Status}' massho 2>/dev/null | grep -q 'ok installed\|config-files'; then
	echo "SKIP: install and purge: a massho package is installed on this system; it is left alone"
else
	had_var=no; [ -e /var/lib/massho ] && had_var=yes
	find /etc -name '*massho*' 2>/dev/null | sort >"$W/etc.before"
	if ! dpkg -i "$DEB" >"$W/dpkg" 2>&1; then
		if grep -q 'dependency problems' "$W/dpkg"; then
			dpkg --purge massho >/dev/null 2>&1
			echo "SKIP: install and purge: dependencies missing (not installed offline): $(grep 'depends on' "$W/dpkg" | head -3)"
			echo "total ${secs}s build, $(($(date +%s) - t0))s in all"
			exit 0
		fi
		cat "$W/dpkg" >&2
		dpkg --purge massho >/dev/null 2>&1
		die "dpkg -i failed"
	fi
	dpkg-query -L massho >"$W/listed"
	/usr/sbin/massho --version >"$W/v" 2>&1 || { dpkg --purge massho >/dev/null 2>&1; die "/usr/sbin/massho --version failed: $(cat "$W/v")"; }
	[ "$(head -1 "$W/v")" = "massho $upstream" ] && sed -n 2p "$W/v" | grep -q '^OpenSSL .*, libharu .*, libblkid .*, libmount .*, libsmartcols .*, libpq ' ||
		{ dpkg --purge massho >/dev/null 2>&1; die "installed massho --version: $(cat "$W/v")"; }
	ok "dpkg -i; /usr/sbin/massho --version: massho $upstream, $(sed -n 2p "$W/v")"
	dpkg --purge massho >"$W/dpkg" 2>&1 || { cat "$W/dpkg" >&2; die "dpkg --purge massho failed"; }
	! dpkg-query -W -f='${Status}' massho 2>/dev/null | grep -q 'ok installed\|config-files' ||
		die "dpkg still has massho after the purge: $(dpkg-query -W -f='${Status}' massho)"
	# Every path the package listed is gone, but for directories other packages own.
	while read -r p; do
		[ "$p" = /. ] && continue
		[ -e "$p" ] || [ -L "$p" ] || continue
		[ -d "$p" ] && [ ! -L "$p" ] && dpkg-query -S "$p" >/dev/null 2>&1 && continue
		die "left after the purge: $p"
	done <"$W/listed"
	[ $had_var = yes ] || [ ! -e /var/lib/massho ] || die "/var/lib/massho was left behind"
	find /etc -name '*massho*' 2>/dev/null | sort >"$W/etc.after"
	cmp -s "$W/etc.before" "$W/etc.after" || die "/etc changed: $(comm -13 "$W/etc.before" "$W/etc.after")"
	ok "dpkg --purge massho: the $(wc -l <"$W/listed") paths it listed are gone (shared directories stay), nothing in /var/lib/massho or /etc"
fi
echo "total: build ${secs}s, $(($(date +%s) - t0))s in all"

# scripts/install-deps (make check's first step) installs only what is missing: with
# every package present it exits 0 without running apt-get, in each group; with one
# missing it asks apt-get for that one alone (as root; otherwise it names it and exits 1).
# dpkg-query and apt-get are stand-ins first in PATH: the first answers from a list of
# missing packages, the second only notes its arguments. The groups name what the
# package and its tests need (libsmartcols-dev, libmount-dev; debhelper, lintian...).
. "$TOP/tests/integration/lib.sh"
F="$W/bin"
mkdir -p "$F"
cat >"$F/dpkg-query" <<'EOS'
#!/bin/sh
# dpkg-query -W -f='${Status}' PKG: installed unless PKG is in $MISSING
for p; do :; done
echo "$p" >>"$LOG.query"
case " $MISSING " in *" $p "*) echo "dpkg-query: no packages found matching $p" >&2; exit 1 ;; esac
printf 'install ok installed'
EOS
cat >"$F/apt-get" <<'EOS'
#!/bin/sh
echo "apt-get $*" >>"$LOG.apt"
EOS
chmod +x "$F/dpkg-query" "$F/apt-get"
export LOG="$W/log"
# deps GROUP: run install-deps GROUP with the stand-ins; its status in $rc
deps() {
	rm -f "$LOG.query" "$LOG.apt"
	PATH="$F:$PATH" "$TOP/scripts/install-deps" "$@" >"$W/out" 2>&1
	rc=$?
}
export MISSING=""
for g in build all coverage image; do
	deps $g
	[ $rc = 0 ] || die "install-deps $g, everything present: exit $rc: $(cat "$W/out")"
	[ ! -e "$LOG.apt" ] || die "install-deps $g, everything present, ran: $(cat "$LOG.apt")"
	[ -s "$LOG.query" ] || die "install-deps $g asked dpkg-query nothing"
	[ ! -s "$W/out" ] || die "install-deps $g, everything present, said: $(cat "$W/out")"
done
ok "everything present: install-deps build, all, coverage and image exit 0, quietly, without apt-get"

deps build
for p in libsmartcols-dev libmount-dev gettext libpq-dev; do
	grep -qx "$p" "$LOG.query" || die "install-deps build does not check $p"
done
deps all
for p in libsmartcols-dev libmount-dev debhelper lintian devscripts fakeroot dpkg-dev bash-completion; do
	grep -qx "$p" "$LOG.query" || die "install-deps all does not check $p"
done
ok "build checks libsmartcols-dev and libmount-dev; all also what builds and checks the package"

MISSING="jq lintian"
deps build
if [ "$(id -u)" = 0 ]; then
	[ $rc = 0 ] || die "install-deps build, jq missing: exit $rc: $(cat "$W/out")"
	[ "$(grep -c 'install' "$LOG.apt")" = 1 ] && grep -Eq '^apt-get install .* jq$' "$LOG.apt" ||
		die "install-deps build, jq missing, ran: $(cat "$LOG.apt")"
	ok "jq missing (as root): apt-get install asked for jq alone"
else
	[ $rc = 1 ] || die "install-deps build, jq missing, not root: exit $rc, wanted 1"
	[ ! -e "$LOG.apt" ] || die "install-deps ran apt-get without root: $(cat "$LOG.apt")"
	grep -q 'missing packages: jq' "$W/out" || die "install-deps does not name jq: $(cat "$W/out")"
	ok "jq missing (not root): named, exit 1, apt-get not run"
fi

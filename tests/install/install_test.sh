#!/usr/bin/env bash
# `cmake --install` into a fresh prefix, then use only what it installed: the programs (which
# must find their library and the extractor worker from where they were put), the CMake package
# (examples/ built out of tree with find_package(folio)), the pkg-config file, the man pages,
# the service's unit (systemd-analyze verify and security) and settings, and the library's exported symbols.
#
#   install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build="$1"
src="$2"
work="$3"
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
libdir=lib  # GNUInstallDirs: lib/x86_64-linux-gnu under /usr only
[ -d "$prefix/lib/x86_64-linux-gnu" ] && libdir=lib/x86_64-linux-gnu

# What the prefix holds.
for f in bin/folio-index bin/folio-search libexec/folio/folio-extract \
  "$libdir"/libfolio.so "$libdir"/libfolio.so.0 include/folio/searcher.h include/folio/export.h \
  "$libdir"/cmake/folio/folioConfig.cmake "$libdir"/cmake/folio/folioConfigVersion.cmake \
  "$libdir"/cmake/folio/folioTargets.cmake "$libdir"/pkgconfig/folio.pc \
  share/man/man1/folio-index.1.gz share/man/man1/folio-search.1.gz \
  lib/systemd/system/folio-search.service etc/folio/serve.conf \
  share/doc/folio/copyright share/doc/folio/changelog.gz share/doc/folio/README.md; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done
soname="$(readelf -d "$prefix/$libdir/libfolio.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
[ "$soname" = "libfolio.so.0" ] || fail "libfolio.so's SONAME is '$soname', not libfolio.so.0"

# Only the public API is exported: every defined folio:: symbol is declared in folio/*.h.
exported="$(nm -DC --defined-only "$prefix/$libdir/libfolio.so")"
internal="$(grep -E ' folio::(text|schema|extract|store|indexing|search|readers|detail)::' <<<"$exported" || true)"
[ -z "$internal" ] || fail "libfolio.so exports internal symbols: $(head -5 <<<"$internal")"
grep -q 'folio::Searcher::search(' <<<"$exported" ||
  fail "libfolio.so does not export folio::Searcher::search"

# The installed programs, moved away from the build tree: index (a DOCX goes through the
# installed folio-extract), search.
mkdir -p "$work/articles/reports"
cp -r "$src/corpus/." "$work/articles/"
cp "$src/tests/fixtures/formats/docx/report.docx" "$work/articles/reports/"
env -u FOLIO_EXTRACT "$prefix/bin/folio-index" --db "$work/db" "$work/articles" >"$work/index.log" 2>&1 ||
  { cat "$work/index.log"; fail "the installed folio-index failed"; }
"$prefix/bin/folio-search" --db "$work/db" --json --limit 50 'category:reports' >"$work/docx.json"
grep -q '"total": *1,' "$work/docx.json" || { cat "$work/docx.json"; fail "the DOCX was not indexed (no extractor?)"; }
"$prefix/bin/folio-search" --version | grep -q '^folio-search ' || fail "folio-search --version"

# A program built out of tree against the installed CMake package.
cmake -S "$src/examples" -B "$work/example-build" -DCMAKE_PREFIX_PATH="$prefix" >"$work/example.log"
cmake --build "$work/example-build" >>"$work/example.log"
"$work/example-build/folio-example-search" "$work/db" report >"$work/example.out" ||
  fail "the example built against the installed package failed"
grep -q '^1\. ' "$work/example.out" || { cat "$work/example.out"; fail "the example found nothing"; }
readelf -d "$work/example-build/folio-example-search" | grep -q 'NEEDED.*\[libfolio.so.0\]' ||
  fail "the example does not run on libfolio.so.0"

# And through pkg-config.
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --exists folio || fail "pkg-config finds no folio"
# shellcheck disable=SC2046
c++ -o "$work/example-pc" "$src/examples/search.cc" \
  $(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs folio)
LD_LIBRARY_PATH="$prefix/$libdir" "$work/example-pc" "$work/db" report | grep -q '^1\. ' ||
  fail "the example built with pkg-config found nothing"

# The unit, pointed at this prefix's program (systemd-analyze checks that it exists, and
# that its Documentation= man page opens).
sed "s|^ExecStart=[^ ]*/folio-search|ExecStart=$prefix/bin/folio-search|" \
  "$prefix/lib/systemd/system/folio-search.service" >"$work/folio-search.service"
MANPATH="$prefix/share/man" systemd-analyze verify "$work/folio-search.service" 2>"$work/verify.log" ||
  { cat "$work/verify.log"; fail "systemd-analyze verify rejects the unit"; }
if grep -v 'Failed to .*\(bus\|cgroup\)' "$work/verify.log" | grep -q .; then
  cat "$work/verify.log"
  fail "systemd-analyze verify warns about the unit"
fi
# Its sandboxing, as systemd scores it (0 best, 10 worst; 1.9 when written): at most 2.5.
if ! MANPATH="$prefix/share/man" systemd-analyze security --offline=yes --threshold=25 \
  "$work/folio-search.service" >"$work/security.log" 2>&1; then
  tail -3 "$work/security.log"
  fail "the unit's exposure is above 2.5 (systemd-analyze security)"
fi
echo "install_test: ok ($prefix)"

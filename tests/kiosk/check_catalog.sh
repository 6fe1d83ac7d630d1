#!/usr/bin/env bash
# Fails when a user-visible string of stem-kiosk (marked with _() in kiosk/app) has no Spanish
# translation in kiosk/app/po/es.po, naming each missing one.
#   bash tests/kiosk/check_catalog.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: check_catalog.sh SOURCE_DIR}
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
mapfile -t files < <(find "$src/kiosk/app" -name '*.cpp' -o -name '*.h' | sort)
xgettext --keyword=_ --keyword=wxPLURAL:1,2 --keyword=wxTRANSLATE --from-code=UTF-8 \
  -o "$pot" "${files[@]}"
# msgcmp counts an empty msgstr as missing; "not used" warnings are entries whose msgid is not
# ASCII (looked up through wxString::FromUTF8, which xgettext cannot see).
if ! out=$(msgcmp "$src/kiosk/app/po/es.po" "$pot" 2>&1); then
  echo "$out" | grep -v 'this message is not used' >&2
  echo "check_catalog: strings above have no Spanish translation in kiosk/app/po/es.po" >&2
  exit 1
fi
echo "check_catalog: every string of stem-kiosk has a Spanish translation"

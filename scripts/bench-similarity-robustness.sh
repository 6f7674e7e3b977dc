#!/usr/bin/env bash
# Similarity robustness: how many near-copies of registered works the similarity codes catch, and how many
# distinct works they confuse, per transform and threshold (tests/DigitalCollections.Robustness).
#   Corpus: the raster images of Debian's gnome-backgrounds and desktop-base (installed when missing) and the
#   texts under /usr/share/common-licenses, de-duplicated by content, cached under
#   ~/.cache/digitalcollections/robustness (ROBUSTNESS_CORPUS overrides). Each file is named GROUP__NAME: files of
#   one group are versions of one design (a theme's wallpaper at two aspect ratios, a dark and a light variant,
#   GPL-2 and GPL-3) and are reported apart from the false matches between unrelated works. Images larger than
#   2048 px are reduced to 2048 px when the corpus is built.
#   Arguments are passed to the tool (e.g. --max-image 14 to see other thresholds as the "default" row).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CORPUS="${ROBUSTNESS_CORPUS:-$HOME/.cache/digitalcollections/robustness}"

ensure_tools
[ -d /usr/share/backgrounds/gnome ] || apt_install gnome-backgrounds "GNOME's wallpapers (image corpus)"
[ -d /usr/share/desktop-base ] || apt_install desktop-base "Debian's desktop themes (image corpus)"

build_corpus() {
  local dir="$1" tmp
  tmp="$(mktemp -d "$dir.XXXXXX")"
  mkdir -p "$tmp/images" "$tmp/texts"
  declare -A seen=()
  local file sum group name
  while IFS= read -r file; do
    sum="$(sha256sum "$file" | cut -c1-64)"
    [ -z "${seen[$sum]:-}" ] || continue
    seen[$sum]=1
    file="$(realpath "$file")"
    name="$(basename "$file")"
    case "$file" in
      /usr/share/backgrounds/gnome/*) group="gnome-${name%-[dl].*}" ;;
      /usr/share/desktop-base/*) group="$(echo "${file#/usr/share/desktop-base/}" | cut -d/ -f1)" ;;
      *) group="other" ;;
    esac
    cp "$file" "$tmp/images/${group}__$(echo "${file#/usr/share/}" | tr '/' '_')"
  done < <(find -L /usr/share/backgrounds/gnome /usr/share/desktop-base -type f \
             \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) -size +20k | sort)
  while IFS= read -r file; do
    sum="$(sha256sum "$file" | cut -c1-64)"
    [ -z "${seen[$sum]:-}" ] || continue
    seen[$sum]=1
    name="$(basename "$file")"
    group="${name%%[-.0-9]*}"
    cp "$file" "$tmp/texts/${group}__${name}.txt"
  done < <(find -L /usr/share/common-licenses -type f -size +1k | sort)
  # Wallpapers of up to 4096 x 4096 are reduced to 2048 px on the longer side once, so a run takes minutes.
  (cd "$ROOT" && dotnet run --project tests/DigitalCollections.Robustness -c Release --no-build -- --prepare "$tmp/images")
  rm -rf "$dir" && mv "$tmp" "$dir"
}

(cd "$ROOT" && dotnet build tests/DigitalCollections.Robustness -c Release -nologo -v q -clp:ErrorsOnly >&2)
if [ ! -f "$CORPUS/.complete" ]; then
  log "building the corpus in $CORPUS"
  mkdir -p "$(dirname "$CORPUS")"
  build_corpus "$CORPUS"
  touch "$CORPUS/.complete"
fi
log "corpus: $(ls "$CORPUS/images" | wc -l) images, $(ls "$CORPUS/texts" | wc -l) texts"

cd "$ROOT"
dotnet run --project tests/DigitalCollections.Robustness -c Release --no-build -- --corpus "$CORPUS" "$@"

#!/usr/bin/env bash
# Makes docs/images/features-*.png with `jobs/restyle transfer` on the samples (seeded random weights,
# so it runs offline), then lays each feature's results side by side (docs/compose_row.py, python3-pil).
# With arguments, only the pictures named are made: docs/make_feature_pictures.sh histogram init progress
set -euo pipefail
wanted() { [[ -z "$only" || " $only " == *" $1 "* ]]; }
only="$*"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/pictures"; mkdir -p "$out"
restyle() { "$root/jobs/restyle" transfer --weights untrained:seed=0 --log-every 1000 "$@" >/dev/null; }
S="$root/samples"
common=(--size 160 --iterations 80)
py=/usr/bin/python3

if [[ -z "$only" ]]; then

restyle --content "$S/content/house_by_lake.png" --style "$S/style/mosaic.png" "${common[@]}" --out "$out/blend-a.png"
restyle --content "$S/content/house_by_lake.png" --style "$S/style/swirls.png" "${common[@]}" --out "$out/blend-b.png"
restyle --content "$S/content/house_by_lake.png" --style "$S/style/mosaic.png,$S/style/swirls.png" \
  --style-blend 0.5,0.5 "${common[@]}" --out "$out/blend-ab.png"
for s in 0.5 1 2; do
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/brush_strokes.png" --style-scale "$s" \
    "${common[@]}" --out "$out/scale-$s.png"
done
for mode in none post luminance; do
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/swirls.png" --preserve-colors "$mode" \
    "${common[@]}" --out "$out/colors-$mode.png"
done
restyle --content "$S/content/sunset_hills.png" --style "$S/style/mosaic.png" --optimizer adam --size 256 \
  --iterations 60 --out "$out/single-scale.png"
restyle --content "$S/content/sunset_hills.png" --style "$S/style/mosaic.png" --optimizer adam --size 256 \
  --iterations 60 --scales 64,128 --out "$out/multi-scale.png"
restyle --content "$S/content/house_by_lake.png" --style "$S/style/brush_strokes.png" --optimizer adam \
  --size 384 --iterations 40 --tile 128 --tile-overlap 32 --out "$out/tiled.png"

$py "$root/docs/compose_row.py" "$root/docs/images/features-blend.png" \
  "$S/content/house_by_lake.png=content" "$out/blend-a.png=mosaic" "$out/blend-b.png=swirls" "$out/blend-ab.png=0.5 / 0.5 blend"
$py "$root/docs/compose_row.py" "$root/docs/images/features-style-scale.png" \
  "$S/style/brush_strokes.png=style" "$out/scale-0.5.png=--style-scale 0.5" "$out/scale-1.png=1" "$out/scale-2.png=2"
$py "$root/docs/compose_row.py" "$root/docs/images/features-colors.png" \
  "$S/content/sunset_hills.png=content" "$out/colors-none.png=none" "$out/colors-post.png=post" "$out/colors-luminance.png=luminance"
$py "$root/docs/compose_row.py" "$root/docs/images/features-multiscale.png" \
  "$out/single-scale.png=256 px, 60 Adam iterations" "$out/multi-scale.png=--scales 64,128, same 60"
$py "$root/docs/compose_row.py" "$root/docs/images/features-tiling.png" "$out/tiled.png=384 px from 128 px tiles"
fi

if wanted histogram; then
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/swirls.png" "${common[@]}" \
    --out "$out/histogram-none.png"
  for basis in pca chol sym; do
    restyle --content "$S/content/sunset_hills.png" --style "$S/style/swirls.png" --preserve-colors histogram \
      --color-transfer "$basis" "${common[@]}" --out "$out/histogram-$basis.png"
  done
  $py "$root/docs/compose_row.py" "$root/docs/images/features-histogram.png" "$out/histogram-none.png=none" \
    "$out/histogram-pca.png=histogram pca" "$out/histogram-chol.png=chol" "$out/histogram-sym.png=sym"
fi

if wanted init; then
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/swirls.png" "${common[@]}" --out "$out/init-content.png"
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/swirls.png" "${common[@]}" \
    --init-image "$S/content/house_by_lake.png" --out "$out/init-picture.png"
  $py "$root/docs/compose_row.py" "$root/docs/images/features-init.png" "$out/init-content.png=--init content" \
    "$S/content/house_by_lake.png=a picture to start from" "$out/init-picture.png=--init-image that picture"
fi

if wanted progress; then
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/swirls.png" "${common[@]}" --init noise \
    --save-every 20 --out "$out/progress.png"
  $py "$root/docs/compose_row.py" "$root/docs/images/features-progress.png" "$out/progress_iter0020.png=iteration 20" \
    "$out/progress_iter0040.png=40" "$out/progress_iter0060.png=60" "$out/progress_iter0080.png=80 (the output)"
fi

#!/usr/bin/env bash
# Makes docs/images/features-*.png with `jobs/restyle transfer` on the samples (seeded random weights,
# so it runs offline), then lays each feature's results side by side (docs/compose_row.py, python3-pil).
# With arguments, only the pictures named are made, e.g. docs/make_feature_pictures.sh histogram init progress
# (groups: histogram init progress masks style-loss preprocessing normalize average)
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

if wanted masks; then
  # Style masks: white on the left, black on the right, with a soft edge over the middle fifth; and the inverse.
  $py - "$out" <<'PY'
import sys
from PIL import Image, ImageOps
out, side = sys.argv[1], 256
ramp = [255 if x < 0.4 * side else 0 if x >= 0.6 * side else round(255 * (0.6 * side - x) / (0.2 * side))
        for x in range(side)]
left = Image.new("L", (side, side))
left.putdata([ramp[x] for y in range(side) for x in range(side)])
left.save(out + "/mask-left.png")
ImageOps.invert(left).save(out + "/mask-right.png")
PY
  restyle --content "$S/content/house_by_lake.png" --style "$S/style/mosaic.png,$S/style/swirls.png" \
    --style-mask "$out/mask-left.png,$out/mask-right.png" "${common[@]}" --out "$out/masked.png"
  restyle --content "$S/content/house_by_lake.png" --style "$S/style/mosaic.png,$S/style/swirls.png" \
    --style-mask "$out/mask-right.png,$out/mask-left.png" "${common[@]}" --out "$out/masked-swapped.png"
  $py "$root/docs/compose_row.py" "$root/docs/images/features-masks.png" \
    "$S/content/house_by_lake.png=content" "$out/mask-left.png=mask of mosaic" "$out/masked.png=mosaic left, swirls right" \
    "$out/masked-swapped.png=masks swapped"
fi

if wanted style-loss; then
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/mosaic.png" "${common[@]}" --out "$out/loss-gram.png"
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/mosaic.png" --style-loss wasserstein \
    "${common[@]}" --out "$out/loss-wasserstein.png"
  restyle --content "$S/content/sunset_hills.png" --style "$S/style/mosaic.png" --style-loss wasserstein \
    --style-weight 15 "${common[@]}" --out "$out/loss-wasserstein-15.png"
  $py "$root/docs/compose_row.py" "$root/docs/images/features-style-loss.png" \
    "$S/style/mosaic.png=style" "$out/loss-gram.png=gram" "$out/loss-wasserstein.png=wasserstein" \
    "$out/loss-wasserstein-15.png=wasserstein, --style-weight 15"
fi

if wanted preprocessing; then
  for p in torchvision caffe; do
    restyle --content "$S/content/house_by_lake.png" --style "$S/style/swirls.png" --preprocessing "$p" \
      "${common[@]}" --out "$out/preprocessing-$p.png"
  done
  $py "$root/docs/compose_row.py" "$root/docs/images/features-preprocessing.png" \
    "$out/preprocessing-torchvision.png=--preprocessing torchvision" "$out/preprocessing-caffe.png=caffe (same weights)"
fi

if wanted normalize; then
  for n in false true; do
    restyle --content "$S/content/sunset_hills.png" --style "$S/style/mosaic.png" --optimizer adam \
      --content-weight 5 --style-weight 100 --normalize-gradients "$n" "${common[@]}" --out "$out/normalize-$n.png"
  done
  $py "$root/docs/compose_row.py" "$root/docs/images/features-normalize.png" \
    "$out/normalize-false.png=content 5, style 100" "$out/normalize-true.png=the same, --normalize-gradients"
fi

if wanted average; then
  for d in 0 0.95; do
    restyle --content "$S/content/house_by_lake.png" --style "$S/style/brush_strokes.png" --optimizer adam \
      --learning-rate 0.05 --average-decay "$d" "${common[@]}" --out "$out/average-$d.png"
  done
  $py "$root/docs/compose_row.py" "$root/docs/images/features-average.png" \
    "$out/average-0.png=Adam, lr 0.05: last iterate" "$out/average-0.95.png=--average-decay 0.95"
fi

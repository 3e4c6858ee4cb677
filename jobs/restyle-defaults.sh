# Sourced by jobs/restyle (for `run`) and jobs/restyle-submit.sh: turns conf/restyle-defaults.conf, or the file
# $RESTYLE_DEFAULTS names, into job flags in the array default_flags. One reader of one file, so the embedded
# run and spark-submit start from the same defaults; the user's flags come after them and win.
#   size=512 → --size 512    skip-done=true → --skip-done    skip-done=false → --no-skip-done
restyle_default_flags() {
  local root="$1" line key value flag
  local file="${RESTYLE_DEFAULTS:-$root/conf/restyle-defaults.conf}"
  default_flags=()
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%%#*}"; line="$(echo "$line" | xargs)"
    [[ -z "$line" ]] && continue
    key="${line%%=*}"; value="${line#*=}"; flag="--${key//_/-}"   # style_weight → --style-weight
    case "$value" in
      true) default_flags+=("$flag") ;;
      false) default_flags+=("--no-${flag#--}") ;;
      *) default_flags+=("$flag" "$value") ;;
    esac
  done < "$file"
}

# copying arrays and passing them to functions
src=(a 'b c' d)
dst=("${src[@]}")
dst[0]=A
echo "${src[@]} / ${dst[@]}"
count() { echo "$# args: $*"; }
count "${src[@]}"
count "${src[*]}"
count ${src[@]}

# eval with quoting to build commands safely
args=('a b' "c'd" 'e"f')
q=$(printf '%q ' "${args[@]}")
eval "set -- $q"
echo $#
printf '[%s]\n' "$@"
eval "echo \"\${args[1]}\""

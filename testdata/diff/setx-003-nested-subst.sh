# set -x trace of command substitution, (( )) and [[ ]] (no pipelines: their trace order races)
{
  set -x
  y=$(echo inner)
  printf "%s\n" "$y"
  (( 1 + 1 ))
  [[ a == a ]]
  set +x
} 2>&1

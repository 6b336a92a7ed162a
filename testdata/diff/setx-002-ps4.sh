# set -x with custom PS4 and compound commands
{
  PS4='+ '
  set -x
  for i in 1 2; do echo "$i"; done
  if [ 1 -eq 1 ]; then :; fi
  a=(x y)
  set +x
} 2>&1

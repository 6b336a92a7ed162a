# set -x writes trace to stderr (captured into stdout here)
{
  set -x
  echo hello
  x=5
  echo "$x" 'q'
  set +x
} 2>&1

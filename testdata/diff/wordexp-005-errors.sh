# diff: stderr
# nounset and expansion errors, worded like bash
p() { printf '<%s>' "$@"; echo " #$#"; }
set -u
( p "$nope" ); echo "st $?"
( p "${nope}x" ); echo "st $?"
( p "${#nope}" ); echo "st $?"
( p "$2" ); echo "st $?"
( a=(); p "${a[0]}" ); echo "st $?"
( a=(); p "${a[@]}" "${#a[@]}" "$@" "$*" ); echo "st $?"
( p "${nope-d}" "${nope:-d}" "${nope+x}" ); echo "st $?"
( p "${nope:?custom message}" ); echo "st $?"
( p "${nope?}" ); echo "st $?"
( e=; p "${e:?}" ); echo "st $?"
set +u
( s=abc; p "${s:1:-3}"; echo same line ); echo "st $?"
( a=(1 2); p ${a[-3]}; echo next ); echo "st $?"
( p "${!nope}"; echo same ); echo "next $?"
( p "${1=x}" ); echo "st $?"

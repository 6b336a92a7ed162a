# ${var/pat/rep} ${var//pat/rep} ${var/#pat/rep} ${var/%pat/rep}
s='foo bar foo baz'
echo "${s/foo/X}"
echo "${s//foo/X}"
echo "${s/#foo/X}" "|" "${s/#bar/X}"
echo "${s/%baz/X}" "|" "${s/%foo/X}"
echo "${s//o/}"
echo "${s/foo}"
echo "${s// /_}"
echo "${s//[aeiou]/.}"

# quoting inside expansions, tilde, nested words
p() { printf '<%s>' "$@"; echo " #$#"; }
HOME=/home/me; unset u; s=S
p ~ ~/x "~" ~"/x" x~ a=~/b a=b:~/c ${u:-~} "${u:-~}" ${u:-~/d}
p "${u:-"a b"}" ${u:-"a b"} ${u:-a\ b} "${u:-a\ b}" ${u:-'a  b'} "${u:-'a  b'}" "${u:-\$s}" "${u:-"\$s"}"
p ${u:-$s"$s"'$s'} "${u:-"$s"}" "${u-`echo bq`}" "${u:-$(echo "x  y")}" ${u:-$(echo "x  y")}
p "${s:+"[$s]"}" ${s:+'[$s]'} ${s:+a b} "${s:+a b}"
star='*'; t='x*y*z'; p "${t#*"$star"}" "${t#*$star}" "${t%"$star"*}" "${t//"$star"/-}" "${t//$star/-}" ${t//\*/+}
q='a?b'; p "${q/'?'/Q}" "${q/\?/Q}" "${q/?/Q}"
p "$s"'$s'"\$s\\\"" '\'"'"
p $'a\tb' "$'x'" $'\x41\101\cA' | od -c | head -3
d='a\b'; p $d "$d" ${d//\\/\/}

# parameter expansion operators
p() { printf '<%s>' "$@"; echo " #$#"; }
s=/usr/local/lib/libfoo.so.1
p "${s#*/}" "${s##*/}" "${s%/*}" "${s%%/*}" "${s%.*}" "${s%%.*}" "${s#/usr}" "${s%.1}" "${s#x}"
p "${s/o/0}" "${s//o/0}" "${s/#\/usr/U}" "${s/%1/ONE}" "${s//[a-z]/}" "${s/lib/[&]}" "${s//o}"
p "${s:5}" "${s:5:5}" "${s: -4}" "${s: -4:2}" "${s:0:0}" "${#s}"

a=(one two three four); p "${a[@]:1}" "${a[@]: -1}" "${#a[@]}" "${#a[1]}" "${a[@]#t}" "${a[*]%e}" "${a[@]^}" "${a[@]//o/0}"
p "${!a[@]}" "${a[-1]}" "${a[1+1]}" ${a[@]/#/x}
declare -A h=([k]=v); p "${h[k]}" "${h[@]}" "${!h[@]}" "${#h[@]}" "${h[nope]-unset}"
i=2; p "${a[i]}" "${a[$i]}" "${a[i-1]}"
x=abc; p ${x:+set} ${u2:+set} "${x:-d}" ${x:=zz} "${unset1=new}" "$unset1"
p "${x@Q}" "${x@U}" "${x@u}" "${x@L}" ${x@a}
set -- one two three; p "${@:2}" "${*:1:2}" "${@: -2:1}" "${#@}" "${#*}" "${@^}" "${*#t}"
p "${@/o/O}" "${!#}" "${#}"
ref=x; p "${!ref}" "${!ref/b/B}" "${!ref:1}"
declare -n nr=a; p "${nr[1]}" "${nr[@]}" "${#nr[@]}" "${!nr}"

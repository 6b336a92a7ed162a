# brace expansion with other expansions, side effects, odd IFS
p() { printf '<%s>' "$@"; echo " #$#"; }
x=X; p {a,b}$x "{a,b}" {1..3} a{,}b ${x}{c,d} {a,b}{1,2} '{a,b}' \{a,b\} {a..c..2} {x} {} a{b}c {"a b",c}
i=0; a=(10 20 30); p "${a[i++]}" "$i" "${a[i++]:-z}" "$i" $((i++)) $i
declare -i n; p "${n:=2+3}" "$n"; unset k; p "${k[2]=v}" "${k[@]}" "${!k[@]}"
s=str; p "${#s[@]}" "${s[0]}" "${s[1]-none}" "${!s[@]}"
AA1=1 AA2=2; IFS=-; p "${!AA*}" "${!AA@}" ${!AA*}; unset IFS

v=$(printf 'a\0b\n'); p "$v" 2>/dev/null
for f in "$@"; do p "$f"; done; set -- 1 '2 3'; for f in $@; do printf '%s|' "$f"; done; echo
f() { p "$#" "$@"; }; f "$@"; f $*; f "$*" ""; f ''
HOME=/h; p ${u:-~root} ~root/x
p "$(echo "$(echo "nested  deep")")" $(echo '$x' "*")
t=abcabc; p "${t/#a}" "${t/%c}" "${t/#}" "${t//}" "${t/}" "${t/#/^}" "${t/%/$}"

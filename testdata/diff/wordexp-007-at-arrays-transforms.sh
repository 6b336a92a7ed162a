# "$@" and arrays with operators, transforms
p() { printf '<%s>' "$@"; echo " #$#"; }
set --; p "$@" "${@:-x}" "${@:+y}" "${*:-x}" x"$@"y "$@"'' "${@}" ${@:-a b}
set -- "" ""; p "$@" "${@:-x}" "${@:+y}" "$*" "${*:-x}"
IFS=; p "${*:-x}" $* "$*"; unset IFS
a=(""); p "${a[@]:+y}" "${a[@]:-x}" "${a[@]-x}" "${#a[@]}"
a=(x y); p "pre${a[@]}post" "pre${a[*]}post" pre${a[@]}post "${a[@]}${a[@]}"
b=('a b' c); p ${b[@]} "${b[@]}" ${b[*]} "${b[*]}" "${b[@]:0:1}" "${b[@]@Q}" ${b[@]@Q}
s="it's \"q\""; c=$'tab\there'; p "${s@Q}" "${c@Q}" "${s@E}" "${c@E}" 'x\ty' "$(v='x\ty'; echo "${v@E}")"
declare -i num=5; declare -u up=abc; declare -r ro=1; declare -x ex=2; declare -a ar=(1 2); declare -A as=([k]=v)
p "${num@a}" "${up@a}" "${ro@a}" "${ex@a}" "${ar@a}" "${as@a}" "${nope@a}" "${ar[@]@a}"
p "${num@A}" "${up@A}" "${ro@A}" "${ar@A}" "${as@A}" "${ar[@]@A}" "${as[@]@A}"
p "${ar[@]@K}" "${as[@]@K}" "${ar[@]@k}" "${as[@]@k}" "${num@K}"
w="hello World"; p "${w^[hw]}" "${w^^[lo]}" "${w,,[LW]}" "${w,}" "${w@L}" "${w@U}" "${w@u}"
r='&'; x=abc; p "${x/b/$r$r}" "${x/b/"$r"}" "${x/b/\&}" "${x//[ac]/<&>}" "${x/b/'&'}" ${x/b/&}
ps='\s-\v$ '; p "${#ps}"

# here-documents, case patterns, [[ ]], assignments
p() { printf '<%s>' "$@"; echo " #$#"; }
HOME=/h; s=S; u=; set -- a 'b c'
cat <<EOT
$s ${s} "$s" '$s' \$s \\ \" \' $(echo c) $((1+2)) ${u:-'d'} ${u:-"e"} "$@" $* ~
a\
b
EOT
cat <<'EOT'
$s \$s
EOT
for w in abc 'a*c' a.c '[x]' ''; do
  case $w in
    "a*c") echo "$w: quoted star";;
    a\*c) echo "$w: escaped";;
    '[x]') echo "$w: brackets";;
    a?c) echo "$w: question";;
    "") echo "empty";;
  esac
done
pat='a*'; [[ abc == $pat ]] && echo glob-var; [[ abc == "$pat" ]] || echo quoted-var
[[ 'a*' == "$pat" ]] && echo quoted-literal; [[ abc == a"b"* ]] && echo mixed
x=$s$s; y="$@"; z=$@; w=$*; IFS=:; v=$*; v2="$*"; unset IFS; p "$x" "$y" "$z" "$w" "$v" "$v2"
n=~; m=~/a:~/b; k=a=~; p "$n" "$m" "$k"
arr=($s "a b" $'c\nd' *.nomatch); p "${arr[@]}"
e=$(printf 'x\n\n\n'); p "$e" "$(printf '\n\na')"
f=`echo "a  b"`; p $f "$f"

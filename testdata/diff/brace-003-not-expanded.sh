# cases where brace expansion does not happen
echo {a}
echo {}
echo "{a,b}"
echo '{1..3}'
echo \{a,b\}
echo {a..}
echo ${x:-{a,b}}

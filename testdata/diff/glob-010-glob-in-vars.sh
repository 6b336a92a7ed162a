# glob chars from variables expand unquoted
touch x1 x2 y1
pat='x?'
echo $pat
echo "$pat"
arr=($pat y*)
echo ${#arr[@]} "${arr[@]}"
for f in $pat; do echo "file $f"; done

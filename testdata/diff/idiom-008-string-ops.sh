# common string manipulations
path=/home/user/docs/report.final.pdf
echo "dir=${path%/*} base=${path##*/}"
base=${path##*/}
echo "name=${base%%.*} ext=${base##*.}"
s='  trim me  '
t=${s#"${s%%[![:space:]]*}"}; t=${t%"${t##*[![:space:]]}"}
echo "[$t]"
csv='a,b,c'
echo "${csv//,/ }"

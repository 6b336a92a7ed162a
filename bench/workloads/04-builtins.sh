# Workload 4: N iterations (default 100000) of ${x##*/}, ${x%.*}, ${#x},
# a case statement and a function call.
n=${1:-100000}
f() { r=$1; }
x=/usr/local/lib/libfoo.so.1
i=0
c=0
while [ $i -lt $n ]; do
	a=${x##*/}
	b=${x%.*}
	l=${#x}
	case $a in
	*.so.*) c=$((c + 1)) ;;
	esac
	f "$b"
	i=$((i + 1))
done
echo "$c $a $b $l $r"

# Workload 8 generator: bench/run.sh runs `bash 08-heredoc-read.gen.sh N`
# and times the script it prints: a literal here-doc of N lines
# (default 100000) read by `while read -r`.
n=${1:-100000}
echo 'n=0'
echo 'while read -r line; do n=$((n + 1)); done <<EOF'
i=1
while [ $i -le $n ]; do
	echo "line $i of the here-document with some words"
	i=$((i + 1))
done
echo 'EOF'
echo 'echo "$n $line"'

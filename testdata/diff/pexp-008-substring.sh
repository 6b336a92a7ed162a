# ${var:offset} and ${var:offset:length}
s=0123456789
echo ${s:3} ${s:3:2} ${s:0:1}
echo ${s: -3} ${s: -3:2} ${s:(-4)}
echo ${s:2:-2} ${s: -5:-1}
echo "[${s:20}]" "[${s:4:0}]"
n=2
echo ${s:n:n+1} ${s:$n*2}

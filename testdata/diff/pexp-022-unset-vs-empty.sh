# distinguishing unset from empty
check() { if [ -z "${v+x}" ]; then echo unset; elif [ -z "$v" ]; then echo empty; else echo "set:$v"; fi; }
unset v; check
v=; check
v=1; check
declare -a arr
echo "[${arr+x}] [${arr[@]+y}]"

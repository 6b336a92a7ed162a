# local without value: unset but local
x=outer
f() { local x; echo "[${x-unset}]"; x=set; echo "[$x]"; }
f
echo "[$x]"
g() { local -; set -f; echo "in g: $-" | grep -q f && echo noglob-in-g; }
g
[[ $- == *f* ]] || echo noglob-restored

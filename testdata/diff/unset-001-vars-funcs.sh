# unset -v and unset -f
v=1
f() { echo func; }
unset v
echo "[${v-unset}]"
unset -f f
f 2>/dev/null; echo "status $?"
both=var
both() { echo fn; }
unset both
echo "[${both-gone}]"
both

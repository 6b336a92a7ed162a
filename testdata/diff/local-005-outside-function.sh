# local outside a function is an error
local x=1 2>/dev/null; echo "status $?"
f() { local y=2; echo "$y"; }
f
echo "[${y-}]"

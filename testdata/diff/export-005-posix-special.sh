# prefix assignment before special builtins persists (non-posix bash: not for :?)
unset Q
Q=1 :
echo "after colon: [$Q]"
Q=2 eval 'echo "in eval: $Q"'
echo "after eval: [$Q]"
Q=3 export W=4
echo "[$Q] [$W]"

# prefix assignments before functions and builtins
f() { echo "in f: $V"; sh -c 'echo "child: $V"'; }
V=temp f
echo "after: [$V]"
V=x true
echo "after builtin: [$V]"

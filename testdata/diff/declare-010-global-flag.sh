# declare -g inside function sets global
f() { declare -g G=global; declare L=local; }
f
echo "[$G] [$L]"
g() { declare -gi N=5+5; }
g
echo $N

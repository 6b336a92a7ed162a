# sourced file inside function sees locals
echo 'echo "sees v=$v"; w=set-by-source' > s.sh
f() { local v=local-v; source ./s.sh; echo "w in f: $w"; }
f
echo "w global: [$w]"

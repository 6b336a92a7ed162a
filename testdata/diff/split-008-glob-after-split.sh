# split words are then glob-expanded
touch f1 f2 g1
v='f* g*'
echo $v
set -f
echo $v
set +f
v='none*'
echo $v

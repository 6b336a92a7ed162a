# set -f disables pathname expansion
touch m1 m2
set -f
echo m*
set +f
echo m*
set -o noglob
echo m?
set +o noglob
echo m?

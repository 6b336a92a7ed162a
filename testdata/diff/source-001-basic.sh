# source and . run files in the current shell
printf 'x=from-file\nf() { echo "f from file"; }\n' > lib.sh
source ./lib.sh
echo $x
f
echo 'y=dot' > d.sh
. ./d.sh
echo $y

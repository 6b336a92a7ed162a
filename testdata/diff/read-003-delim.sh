# read -d delimiter
read -r -d : a <<< "first:second"
echo "[$a]"
read -r -d '' b <<< "all
lines"
echo "[$b] status $?"
printf 'x\0y\0' | { read -r -d '' p; read -r -d '' q; echo "$p $q"; }

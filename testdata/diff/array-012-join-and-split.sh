# joining arrays with IFS and splitting strings
a=(x y z)
(IFS=,; echo "${a[*]}")
join() { local IFS=$1; shift; echo "$*"; }
join : "${a[@]}"
join '' "${a[@]}"
s='1:2:3'
IFS=: read -ra parts <<< "$s"
echo "${#parts[@]} ${parts[2]}"

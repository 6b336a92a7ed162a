# nameref used to return values from functions
set_result() { local -n out=$1; out="computed $2"; }
set_result myvar 42
echo "$myvar"
append() { local -n a=$1; shift; a+=("$@"); }
list=(x)
append list y z
echo "${list[@]}"

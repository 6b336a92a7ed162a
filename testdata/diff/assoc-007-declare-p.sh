# declare -p for single-key assoc arrays
declare -A one=([key]=value)
declare -p one
declare -A e
declare -p e
declare -A q=(['a b']='c "d"')
declare -p q

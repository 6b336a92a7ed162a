# FUNCNAME stack
a() { echo "${FUNCNAME[0]} called by ${FUNCNAME[1]}"; b; }
b() { echo "${FUNCNAME[*]}"; }
a
echo "top: [${FUNCNAME[*]}]"

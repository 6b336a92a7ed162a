# ${VAR:-default} configuration and ${VAR:?} checks
: "${LEVEL:=info}"
echo "level=$LEVEL"
PORT=${PORT:-8080}
echo "port=$PORT"
check() { : "${1:?need argument}"; echo "got $1"; }
check value
( check ) 2>/dev/null || echo "check failed: $?"

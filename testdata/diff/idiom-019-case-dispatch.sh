# command dispatch with case and functions
cmd_start() { echo "starting $*"; }
cmd_stop() { echo "stopping"; }
dispatch() {
  local c=$1; shift
  case $c in
    start|stop) "cmd_$c" "$@";;
    *) echo "unknown: $c" >&2; return 1;;
  esac
}
dispatch start web db
dispatch stop
dispatch bogus 2>/dev/null || echo "dispatch failed"

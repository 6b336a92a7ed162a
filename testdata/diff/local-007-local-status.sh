# local x=$(cmd) masks the exit status of cmd
f() { local x=$(false); echo "local: $?"; local y; y=$(false); echo "separate: $?"; }
f
g() { local z; z=$(exit 3); echo "assign-only: $?"; }
g
h() { local -i q=$(echo 4); echo "$q $?"; }
h

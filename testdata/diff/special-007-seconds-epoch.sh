# SECONDS, EPOCHSECONDS, EPOCHREALTIME properties
(( SECONDS >= 0 && SECONDS < 30 )) && echo "seconds small"
SECONDS=100; (( SECONDS >= 100 )) && echo "seconds assignable"
(( EPOCHSECONDS > 1600000000 )) && echo "epoch plausible"
[[ $EPOCHREALTIME =~ ^[0-9]+[.,][0-9]{6}$ ]] && echo "realtime format"
a=$EPOCHSECONDS; b=$(date +%s); (( b - a < 5 && b >= a )) && echo "matches date"

# hash remembers command paths
hash -r
hash 2>/dev/null | head -1 | grep -c hits
cat /dev/null
hash | grep -c '/cat$'
hash -t cat | grep -q /cat && echo "hash -t cat ok"
hash -d cat; hash -t cat 2>/dev/null; echo "after -d: $?"
hash nosuch_cmd_xyz 2>/dev/null; echo "missing: $?"

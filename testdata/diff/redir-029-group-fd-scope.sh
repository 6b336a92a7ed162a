# fd opened on a group is closed after it
{ echo in-group >&8; } 8> g8
cat g8
( echo after >&8 ) 2>/dev/null || echo "fd 8 closed after group"
{ echo x >&8; } 8>&1 | tr x y

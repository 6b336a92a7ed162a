# closing stdin and stdout for commands
cat <&- 2>/dev/null; echo "cat closed stdin: $?"
( echo x >&- ) 2>/dev/null; echo "echo closed stdout: $?"
read -r v <&- 2>/dev/null; echo "read closed: $?"
exec 9>&-; echo "closing an unopened fd is fine: $?"

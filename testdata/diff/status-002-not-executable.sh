# permission denied and directories give 126
printf 'echo hi\n' > noexec
chmod 644 noexec
./noexec 2>/dev/null; echo "not executable: $?"
mkdir adir
./adir 2>/dev/null; echo "directory: $?"

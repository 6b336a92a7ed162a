# printf numeric conversions of special arguments
printf '%d %d %d\n' 0x1f 010 "'A"
printf '%d\n' -0
printf '%d\n' abc 2>/dev/null; echo "status $?"
printf '%x\n' 4294967296
printf '%d\n' 9223372036854775807
printf '%.3f\n' 2

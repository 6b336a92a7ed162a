# printf %(fmt)T with a fixed epoch (TZ=UTC)
printf '%(%Y-%m-%d %H:%M:%S)T\n' 0
printf '%(%Y)T\n' 86400000
printf '%(%j|%a|%b)T\n' 1000000000
printf '%(%H:%M)T|%(%%)T\n' 3661 0

# noclobber allows non-regular files
set -o noclobber
echo x > /dev/null && echo devnull
touch exists
( echo y > exists ) 2>/dev/null || echo refused
echo z > newfile && cat newfile
echo w >> exists && cat exists

# tee to /dev/stderr with 2>&1 in pipeline
# the output of tee to /dev/stderr joins the pipe because of 2>&1
echo dup | tee /dev/stderr 2>&1 | wc -l
echo once 2>/dev/null | tee /dev/fd/2 2>/dev/null
echo twice | tee /dev/stdout | wc -l

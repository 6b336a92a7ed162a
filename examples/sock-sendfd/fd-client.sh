#!/usr/bin/env ipsh
# fd-client.sh PATH: get an open file from the fd server at PATH and print
# what it holds.

path=${1:?usage: fd-client.sh PATH}
sock connect -t 10 -v c "unix:$path" || exit
sock recvfd -t 10 -u "$c" -v got || exit
exec {c}>&-
cat <&"$got"

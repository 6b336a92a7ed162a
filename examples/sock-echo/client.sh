#!/usr/bin/env ipsh
# client.sh ADDR [TITLES]: send book titles, one line each, to the echo
# server at ADDR (tcp:127.0.0.1:PORT) and print each echo.

addr=${1:?usage: client.sh ADDR [TITLES]}
titles=${2:-${0%/*}/books.txt}
sock connect -t 10 -v c "$addr" || exit
while IFS= read -r title; do
	echo "$title" >&"$c"
	IFS= read -r echo <&"$c" || { echo "client: connection closed" >&2; exit 1; }
	echo "echo: $echo"
done <"$titles"
sock shutdown -u "$c" w
exec {c}>&-

#!/usr/bin/env ipsh
# mailbox.sh PATH: a datagram mailbox. Anyone may post a message to the
# unixgram socket PATH (post.sh); the mailbox logs each one with the
# sender's uid and pid, which the kernel vouches for (SCM_CREDENTIALS).
# A message "quit" closes it; the socket is removed when it ends.

path=${1:?usage: mailbox.sh PATH}
# Mode 0622: everyone may write (post), only we read.
sock listen -v box -m 0622 "unixgram:$path" || exit
echo "mailbox: open at $path"
while sock recv -u "$box" -v msg --cred who; do
	echo "from uid ${who[1]} pid ${who[0]}: $msg"
	[ "$msg" = quit ] && break
done
echo "mailbox: closed"

#!/usr/bin/env ipsh
# post.sh PATH MESSAGE...: post one message to the mailbox at PATH.

path=${1:?usage: post.sh PATH MESSAGE...}
shift
sock send "unixgram:$path" "$*"

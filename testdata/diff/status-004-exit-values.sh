# exit status wraps modulo 256
(exit 255); echo $?
(exit 256); echo $?
(exit 257); echo $?
(exit -1); echo $?
sh -c 'exit 300'; echo $?

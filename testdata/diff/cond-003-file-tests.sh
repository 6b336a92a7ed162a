# [[ ]] file tests
touch f; mkdir d; ln -s f link; ln -s missing dangling
printf x > nonempty
chmod 644 f
[[ -e f && -f f && ! -d f ]] && echo file
[[ -d d && ! -f d ]] && echo dir
[[ -L link && -h link && -f link ]] && echo symlink
[[ -L dangling && ! -e dangling ]] && echo dangling
[[ -s nonempty && ! -s f ]] && echo size
[[ -r f && -w f ]] && echo rw
[[ ! -x f ]] && echo not-exec
chmod +x f; [[ -x f ]] && echo exec
[[ -e /dev/null && -c /dev/null ]] && echo chardev
[[ -p /dev/stdin ]] || echo stdin-not-pipe

# umask values and file permissions
umask 022
umask
umask -S
touch f1; stat -c %a f1
umask 077
touch f2; stat -c %a f2
umask u=rwx,g=rx,o=
umask
mkdir d1; stat -c %a d1
umask -p

# $- contains option letters
case $- in *e*) echo e-on;; *) echo e-off;; esac
set -e; case $- in *e*) echo e-on;; esac; set +e
set -f; case $- in *f*) echo f-on;; esac; set +f
set -u; case $- in *u*) echo u-on;; esac; set +u
set -C; case $- in *C*) echo C-on;; esac; set +C

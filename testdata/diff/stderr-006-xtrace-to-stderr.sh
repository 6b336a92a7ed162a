# diff: stderr
# xtrace lines go to stderr with default PS4
set -x
echo traced
y=1
set +x
echo untraced

# globbing across directories and trailing slash
mkdir -p dir1/sub dir2 && touch dir1/f dir1/sub/g dir2/h file
echo */
echo dir*/*
echo */*/*
echo d*/

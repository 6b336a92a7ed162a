# tilde uses current HOME value
HOME=/custom/home
echo ~ ~/sub
echo x~ ~x/ 2>/dev/null | sed 's/~x.*/tilde-user-kept/'
HOME=/other
echo ~

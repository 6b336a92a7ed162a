# globstar combined with dotglob
mkdir -p x/.hid/y && touch x/.hid/y/f x/v
shopt -s globstar
echo x/**
shopt -s dotglob
echo x/**

# Sourced by the relevance scripts. Xapian's bindings are Debian's, for the
# system Python: `xapian_python NAME` prints whichever interpreter has them,
# installing python3-xapian with apt-get when run as root, else (with a
# warning under NAME) plain python3, and the Xapian rows are left out.
xapian_python() {
  local candidate
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" > /dev/null && "$candidate" -c 'import xapian' 2> /dev/null; then
      echo "$candidate"
      return
    fi
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "$1: installing python3-xapian for the Xapian rows" >&2
    if apt-get install -y -qq python3-xapian > /dev/null \
      || { apt-get update -qq && apt-get install -y -qq python3-xapian > /dev/null; }; then
      echo /usr/bin/python3
      return
    fi
  fi
  echo "$1: no Python with xapian: the Xapian rows are left out" >&2
  echo python3
}

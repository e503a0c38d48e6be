# Sourced by the scripts that need a Debian package the machine may not have yet (a fresh CI
# machine has only what the project's own files install).

# debian_install WHAT PACKAGE...: installs the packages with apt-get (through sudo when not
# root), saying on stderr what they are for; the package lists are updated once per script.
debian_install() {
  local what=$1 sudo=""
  shift
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "$(basename "$0"): installing Debian's $* for $what" >&2
  if [ -z "${debian_lists_updated:-}" ]; then
    $sudo apt-get update -qq
    debian_lists_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

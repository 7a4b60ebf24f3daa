#!/usr/bin/env bash
# Installs a drl-run bundle on the robot. Run from the unpacked bundle, as root:
#
#   sudo ./install.sh [--prefix /opt/drl-run] [--enable] [--root DIR]
#
# Copies the executable, ONNX Runtime, models and configs to the prefix, creates the system user "drl" (in the gpio,
# i2c, spi and dialout groups where they exist), installs drl-run.service and, once, /etc/default/drl-run (the
# command line the service runs; edit it). The service is enabled and started only with --enable: a robot should not
# start moving because a package was installed. --root stages everything under DIR without touching users or systemd
# (for images and tests).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix=/opt/drl-run
root=""
enable=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --root) root="$2"; shift 2 ;;
    --enable) enable=1; shift ;;
    *) echo "install.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be absolute" >&2; exit 2 ;; esac
[ -x "$here/drl-run" ] || { echo "install.sh: run it from an unpacked drl-run bundle ($here has no drl-run)" >&2; exit 2; }
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (or stage with --root DIR)" >&2
  exit 2
fi

dest="$root$prefix"
install -d "$dest" "$dest/models" "$dest/configs"
install -m 755 "$here/drl-run" "$dest/drl-run"
for lib in "$here"/*.so; do install -m 644 "$lib" "$dest/"; done
cp "$here"/models/* "$dest/models/"
cp "$here"/configs/* "$dest/configs/"
cp "$here/VERSION" "$dest/" 2>/dev/null || true
install -d "$root/etc/systemd/system" "$root/etc/default"
sed "s#/opt/drl-run#$prefix#g" "$here/drl-run.service" > "$root/etc/systemd/system/drl-run.service"
if [ ! -f "$root/etc/default/drl-run" ]; then
  sed "s#/opt/drl-run#$prefix#g" "$here/drl-run.env" > "$root/etc/default/drl-run"
fi

if [ -n "$root" ]; then
  echo "staged under $root (no user, no systemctl)"
  exit 0
fi
if ! id drl >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir "$prefix" --shell /usr/sbin/nologin drl
fi
for group in gpio i2c spi dialout; do
  if getent group "$group" >/dev/null; then usermod -a -G "$group" drl; fi
done
systemctl daemon-reload
if [ "$enable" -eq 1 ]; then
  systemctl enable --now drl-run.service
  echo "drl-run.service enabled and started; stop with: systemctl stop drl-run (outputs go neutral)"
else
  echo "installed to $prefix; edit /etc/default/drl-run, then: systemctl enable --now drl-run"
fi

#!/usr/bin/env bash
# Install nginx from the Debian package when it is missing, without starting the default
# site (deploy/serve.py runs its own nginx with deploy/nginx.conf.template).
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "nginx ontbreekt. Installeer het als beheerder: apt-get install -y nginx" >&2
  exit 1
fi
# Debian starts a freshly installed service; on a machine without systemd (containers)
# a policy-rc.d that says "not now" keeps it from taking port 80.
eigen_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  eigen_policy=1
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx
if [ "$eigen_policy" = 1 ]; then
  rm -f /usr/sbin/policy-rc.d
fi

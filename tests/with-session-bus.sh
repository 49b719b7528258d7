#!/bin/sh
# Runs a test on a private D-Bus session bus. The bus daemon and the services it starts
# (the AT-SPI registry) write to standard error, so that standard output carries only
# the test's TAP stream.
exec 3>&1
exec dbus-run-session -- sh -c 'exec "$@" 1>&3 3>&-' sh "$@" 1>&2

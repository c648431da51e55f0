# script/lib/common.sh: shared by script/server, script/test and
# script/instance: logging, root check, packages, build.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DEBIAN_FRONTEND=noninteractive

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_root() {
	[ "$(id -u)" = 0 ] || die "run as root: it installs packages, creates the crm user and starts services"
}

# Debian packages the build, the instance and the tests need. Each line:
# package (why).
CRM_PACKAGES=(
	build-essential autoconf automake pkg-config   # the build
	libfcgi-dev libmariadb-dev libssl-dev libxml2-dev libpam0g-dev
	zlib1g-dev                                     # backup compression
	mariadb-server mariadb-client                  # private database
	nginx libnginx-mod-http-headers-more-filter    # TLS front (no Server header)
	openssl curl ca-certificates python3           # certificates, tests
	clang libclang-rt-14-dev                       # fuzzing (libFuzzer)
	chromium fonts-noto-cjk                        # browser tests, screenshots
	nodejs                                         # npm ci of axe-core (tests/browser)
	libcrypt-dev libpam-pwdfile                    # break-glass accounts (yescrypt, pam_pwdfile)
	tzdata                                         # users' time zones (display.c)
)
. "$ROOT/script/lib/directory.sh"
# shellcheck disable=SC2207 # one package a line
CRM_PACKAGES+=($(directory_packages))             # directory sign-in
# Debian's nodejs comes without npm; NodeSource's carries its own.
command -v npm >/dev/null 2>&1 || CRM_PACKAGES+=(npm)

install_packages() {
	local missing=() p
	for p in "${CRM_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	directory_preseed
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	# policy-rc.d keeps package scripts from starting the system's own
	# mariadb and nginx: the instance runs private ones.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		CRM_REMOVE_POLICY=1
	fi
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	[ -n "${CRM_REMOVE_POLICY:-}" ] && rm -f /usr/sbin/policy-rc.d
	directory_preseed
	return 0
}

# axe-core for the accessibility checks (tests/e2e/test_51_axe.py): the
# version pinned in tests/browser/package-lock.json, from the npm
# registry, into the git-ignored tests/browser/node_modules. Skipped when
# that version is already there (npm ci would download it again).
install_axe() {
	local dir=$ROOT/tests/browser want have
	want=$(sed -n '/"node_modules\/axe-core"/,/}/s/.*"version": "\(.*\)".*/\1/p' "$dir/package-lock.json" || true)
	have=$(sed -n 's/^  "version": "\(.*\)".*/\1/p' "$dir/node_modules/axe-core/package.json" 2>/dev/null || true)
	[ -n "$want" ] && [ "$want" = "$have" ] && [ -f "$dir/node_modules/axe-core/axe.min.js" ] && return 0
	log "installing axe-core $want (npm ci in $dir)"
	(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) ||
		die "npm ci in $dir failed: the accessibility checks need axe-core from the npm registry"
}

# The service account the workers run as.
ensure_service_user() {
	getent passwd crm >/dev/null ||
		useradd --system --user-group --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin crm
}

# build_tree DIR [configure args...]: autoreconf, configure and make in DIR
# (in-tree), reconfiguring only when the arguments or configure.ac changed.
build_tree() {
	local dir=$1; shift
	local args="$*"
	(
		cd "$dir"
		if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
			log "autoreconf in $dir"
			autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
		fi
		if [ ! -f Makefile ] || [ "$(cat .configure-args 2>/dev/null)" != "$args" ] || [ configure -nt Makefile ]; then
			log "configure $args in $dir"
			# shellcheck disable=SC2086
			./configure -q $args
			printf '%s' "$args" > .configure-args
		fi
		log "make in $dir"
		make -j"$(nproc)" >/dev/null
	)
}

# The service users must reach the checkout (sockets, assets, templates).
check_reachable() {
	local d=$1
	runuser -u www-data -- test -x "$d" 2>/dev/null ||
		die "$d is not reachable by the www-data and crm users (a parent directory is private): move the checkout (e.g. under /srv or /opt) or chmod o+x its parents"
}

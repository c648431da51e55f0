# script/lib/directory.sh: directory sign-in for one CRM instance. Each
# instance (var/, var/test/) gets its own demo OpenLDAP directory (slapd)
# and its own nslcd, and crm-fcgi signs people in through real PAM
# (pam_ldap from libpam-ldapd) and finds their groups through real NSS
# (libnss-ldapd) -- without changing the machine's /etc/nslcd.conf,
# /etc/nsswitch.conf or /etc/pam.d/common-*, which a site may use.
#
# How: nslcd reads only /etc/nslcd.conf and listens only on
# /run/nslcd/socket, and libnss_ldap/pam_ldap talk only to that socket. So
# nslcd and crm-fcgi run inside a private mount namespace per instance
# (directory_ns_exec) in which three bind mounts are in place:
#   VAR/ldap/nslcd.conf    over /etc/nslcd.conf
#   VAR/ldap/nsswitch.conf over /etc/nsswitch.conf (passwd, group: ... ldap)
#   VAR/ldap/run/          over /run/nslcd (nslcd's socket and pid file)
# crm-fcgi reads its PAM service from VAR/pam.d/crm (pam_start_confdir).
#
# Layout of VAR/ldap (directory_init):
#   slapd.conf  root:openldap 0640   the demo slapd's whole configuration
#   rootpw      root 0600            the rootdn password, in plain text
#   bindpw      root 0600            the password of nslcd's bind account
#                                    (DIRECTORY_BIND_DN), in plain text
#   demo.ldif   root 0600            what was loaded (with password hashes)
#   db/         openldap 0700        the mdb database
#   slapd/      openldap 0750        slapd's pid and args files
#   nslcd.conf  root:nslcd 0640      this instance's nslcd (edit for a real
#                                    directory; written once, then kept)
#   nsswitch.conf root 0644          the system's, plus ldap for passwd/group
#   run/        nslcd 0755           nslcd.pid and socket
# and VAR/pam.d/crm (the PAM service), VAR/demo-credentials (root 0600),
# VAR/log/slapd.log and VAR/log/nslcd.log.
#
# Sourced after common.sh (uses log and die). Needs root.
# shellcheck shell=bash

# Where the packages' state we rely on is kept (see directory_preseed).
DIRECTORY_STATE=${DIRECTORY_STATE:-/var/lib/crm}
# The demo directory's suffix and the demo users' numbers.
DIRECTORY_SUFFIX=dc=crm,dc=test
# nslcd's bind account in the demo directory: the only one (besides the
# rootdn) that may read users and groups. Its password is VAR/ldap/bindpw.
DIRECTORY_BIND_DN=cn=nslcd,ou=services,$DIRECTORY_SUFFIX
# slapd's debug level for VAR/log/slapd.log: "stats" logs each connection,
# bind DN and search filter (user names, no passwords); "none" for quiet.
DIRECTORY_SLAPD_LOGLEVEL=${DIRECTORY_SLAPD_LOGLEVEL:-stats}

# directory_packages: prints the Debian packages directory sign-in needs,
# one a line, for CRM_PACKAGES:
#   slapd ldap-utils       the demo directory and ldapsearch/ldapwhoami
#   nslcd libnss-ldapd     the lookup daemon and the NSS module (groups)
#   libpam-ldapd           pam_ldap.so, the PAM module the CRM signs in with
#   pamtester              trying a PAM service by hand (system confdir only)
#   oathtool               TOTP codes in tests (second factor)
#   libqrencode-dev        QR codes of TOTP secrets for enrolment
#   debconf-utils          debconf-get-selections, to check the preseeding
# libpam0g-dev (pam_start_confdir) is in CRM_PACKAGES already. Never add
# nscd: it would cache lookups across instances (see directory_ns_exec).
directory_packages() {
	printf '%s\n' slapd ldap-utils nslcd libnss-ldapd libpam-ldapd pamtester \
		oathtool libqrencode-dev debconf-utils
}

# _directory_installed PKG: true when the Debian package is installed.
_directory_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# directory_preseed: call it before installing directory_packages and again
# after; idempotent, and harmless on a machine where a site already uses
# these packages. Before the install it
#   - answers the packages' debconf questions, but only for packages not yet
#     installed (a site's answers are never overwritten): slapd creates no
#     database (slapd/no_configuration), libnss-ldapd appends ldap to no
#     line of /etc/nsswitch.conf, nslcd gets a harmless local uri;
#   - marks the "ldap" profile of pam-auth-update as seen, when libpam-ldapd
#     is not installed yet, so that its postinst (pam-auth-update --package)
#     leaves /etc/pam.d/common-* as they are: the same state as an admin's
#     "pam-auth-update --disable ldap", reached before the files change;
#   - records in DIRECTORY_STATE/directory-brought which of nslcd,
#     libpam-ldapd, libnss-ldapd and slapd the CRM brings (those not
#     installed at the very first call; so call it before the install).
# After the install it, for the packages the CRM brought only,
#   - runs "pam-auth-update --disable ldap" if pam_ldap reached common-*
#     all the same (e.g. the install ran before this function);
#   - stops a system nslcd that the install started (policy-rc.d should
#     have prevented it) and warns if /etc/nsswitch.conf mentions ldap.
directory_preseed() {
	local brought=$DIRECTORY_STATE/directory-brought p pid
	mkdir -p "$DIRECTORY_STATE"
	chmod 755 "$DIRECTORY_STATE"
	if [ ! -e "$brought" ]; then
		: > "$brought"
		for p in nslcd libpam-ldapd libnss-ldapd slapd; do
			_directory_installed "$p" || echo "$p" >> "$brought"
		done
	fi
	_directory_installed slapd ||
		echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections
	_directory_installed libnss-ldapd ||
		echo 'libnss-ldapd libnss-ldapd/nsswitch multiselect' | debconf-set-selections
	if ! _directory_installed nslcd; then
		debconf-set-selections <<-'SEL'
			nslcd nslcd/ldap-uris string ldap://127.0.0.1/
			nslcd nslcd/ldap-base string dc=crm,dc=test
			nslcd nslcd/ldap-auth-type select none
			nslcd nslcd/ldap-starttls boolean false
		SEL
	fi
	if ! _directory_installed libpam-ldapd; then
		mkdir -p /var/lib/pam
		grep -qx ldap /var/lib/pam/seen 2>/dev/null || echo ldap >> /var/lib/pam/seen
	fi
	# After the install: undo what reached the system anyway, for the
	# packages this CRM brought (a site's own set-up is left alone).
	if grep -qx libpam-ldapd "$brought" && _directory_installed libpam-ldapd &&
		grep -qs pam_ldap /etc/pam.d/common-auth /etc/pam.d/common-account \
			/etc/pam.d/common-password /etc/pam.d/common-session \
			/etc/pam.d/common-session-noninteractive; then
		log "removing pam_ldap from /etc/pam.d/common-* (pam-auth-update --disable ldap)"
		pam-auth-update --disable ldap
	fi
	if grep -qx nslcd "$brought" && _directory_installed nslcd; then
		pid=$(cat /run/nslcd/nslcd.pid 2>/dev/null) || pid=
		if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nslcd ] &&
			[ "$(readlink "/proc/$pid/ns/mnt")" = "$(readlink /proc/self/ns/mnt)" ]; then
			log "stopping the system nslcd the install started (pid $pid)"
			kill -TERM "$pid"
		fi
	fi
	if grep -qx libnss-ldapd "$brought" &&
		grep -Eq '^[[:space:]]*[a-z]+[[:space:]]*:.*[[:space:]]ldap([[:space:]]|$)' /etc/nsswitch.conf; then
		log "warning: /etc/nsswitch.conf mentions ldap: the CRM does not need it (its instances use their own copy)"
	fi
	return 0
}

# _directory_need_tools: dies unless the packages are installed.
_directory_need_tools() {
	local t
	for t in slapd slapadd slappasswd ldapsearch ldapwhoami ldapadd ldapmodify nslcd; do
		command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] ||
			die "$t not found: install the directory packages ($(directory_packages | xargs))"
	done
	if ! getent group nslcd >/dev/null || ! getent passwd openldap >/dev/null; then
		die "the nslcd and openldap accounts are missing: install nslcd and slapd"
	fi
}

# _directory_password: prints a new random password (letters and digits).
_directory_password() {
	local p=""
	while [ ${#p} -lt 12 ]; do
		p=$(openssl rand -base64 15 | tr -d '/+=\n')
	done
	printf '%s' "$p"
}

# _directory_hash PASSWORD: prints its {SSHA} hash. The password goes to
# slappasswd on stdin (-T), never on a command line that ps can show;
# -n keeps a newline out of the hash.
_directory_hash() {
	printf '%s' "$1" | slappasswd -n -h '{SSHA}' -T /dev/stdin
}

# The demo users: uid, uidNumber, given name, surname, role, CRM group ("-"
# for none). Roles are what VAR/demo-credentials prints; the CRM maps the
# groups to its roles.
_directory_demo_users() {
	cat <<-'USERS'
		ada 20001 Ada Admin administrator crm-admins
		sam 20002 Sam Sales sales-rep crm-sales
		max 20003 Max Manager sales-manager crm-sales-managers
		fin 20004 Fin Finance finance crm-finance
		aud 20005 Aud Auditor auditor crm-auditors
		dora 20006 Dora Disabled disabled -
	USERS
}

# _directory_bind_ldif VAR: prints the LDIF of ou=services and of nslcd's
# bind account, whose password (hashed here) is VAR/ldap/bindpw.
_directory_bind_ldif() {
	printf 'dn: ou=services,%s\nobjectClass: organizationalUnit\nou: services\n\n' "$DIRECTORY_SUFFIX"
	printf 'dn: %s\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n' "$DIRECTORY_BIND_DN"
	printf 'cn: nslcd\ndescription: nslcd reads users and groups with this account (read only)\n'
	printf 'userPassword: %s\n' "$(_directory_hash "$(cat "$1/ldap/bindpw")")"
}

# _directory_write_ldif VAR: writes VAR/ldap/demo.ldif from
# VAR/demo-credentials (the base, ou=people, ou=groups, the users, the
# groups). dora gets shadowExpire: 1 (expired on 2 January 1970), which
# nslcd checks at the account stage, and no CRM group.
_directory_write_ldif() {
	local var=$1 s=$DIRECTORY_SUFFIX
	local user num given sur role group pw hash
	local -A pass=() members=()
	while read -r user pw role; do
		pass[$user]=$pw
	done < "$var/demo-credentials"
	(
		umask 077
		cat <<-LDIF
			dn: $s
			objectClass: dcObject
			objectClass: organization
			dc: crm
			o: CRM demo directory

			dn: ou=people,$s
			objectClass: organizationalUnit
			ou: people

			dn: ou=groups,$s
			objectClass: organizationalUnit
			ou: groups

			$(_directory_bind_ldif "$var")

			dn: cn=crm-people,ou=groups,$s
			objectClass: posixGroup
			cn: crm-people
			gidNumber: 20000
			description: primary group of every demo user

		LDIF
		while read -r user num given sur role group; do
			hash=$(_directory_hash "${pass[$user]}")
			cat <<-LDIF
				dn: uid=$user,ou=people,$s
				objectClass: inetOrgPerson
				objectClass: posixAccount
				objectClass: shadowAccount
				uid: $user
				cn: $given $sur
				givenName: $given
				sn: $sur
				mail: $user@crm.test
				uidNumber: $num
				gidNumber: 20000
				homeDirectory: /nonexistent
				loginShell: /usr/sbin/nologin
				userPassword: $hash
				description: demo $role
			LDIF
			[ "$role" = disabled ] && echo 'shadowExpire: 1'
			echo
			[ "$group" = - ] || members[$group]+="memberUid: $user"$'\n'
		done < <(_directory_demo_users)
		num=20010
		for group in crm-admins crm-sales crm-sales-managers crm-finance crm-auditors; do
			printf 'dn: cn=%s,ou=groups,%s\nobjectClass: posixGroup\ncn: %s\ngidNumber: %s\n%s\n' \
				"$group" "$s" "$group" "$num" "${members[$group]:-}"
			num=$((num + 1))
		done
	) > "$var/ldap/demo.ldif"
}

# _directory_write_slapd_conf VAR: writes VAR/ldap/slapd.conf (rewritten at
# each init; the rootdn password stays in VAR/ldap/rootpw).
_directory_write_slapd_conf() {
	local var=$1 l=$1/ldap hash
	hash=$(_directory_hash "$(cat "$l/rootpw")")
	(
		umask 027
		cat > "$l/slapd.conf" <<-CONF
			# Demo directory of the CRM instance in $var, written by
			# script/lib/directory.sh (directory_init); rewritten at each init.
			include /etc/ldap/schema/core.schema
			include /etc/ldap/schema/cosine.schema
			include /etc/ldap/schema/nis.schema
			include /etc/ldap/schema/inetorgperson.schema
			pidfile $l/slapd/slapd.pid
			argsfile $l/slapd/slapd.args
			modulepath /usr/lib/ldap
			moduleload back_mdb
			# Clients must not ask for more than this.
			sizelimit 500
			timelimit 10
			# No anonymous bind, and no operation but a bind without one.
			disallow bind_anon
			require authc

			database mdb
			maxsize 67108864
			suffix "$DIRECTORY_SUFFIX"
			rootdn "cn=admin,$DIRECTORY_SUFFIX"
			# The plain password is in $l/rootpw (root only).
			rootpw $hash
			directory $l/db
			index objectClass eq
			index uid,memberUid eq
			index uidNumber,gidNumber eq
			index cn eq,sub

			# Who may do what (the ACLs are at the end). Nobody binds
			# anonymously, and nothing but a bind is answered before one.
			# nslcd's bind account reads users and groups; each user may
			# bind with their password (that is how nslcd checks a sign-in)
			# and read their own entry (nslcd reads it after binding as the
			# user, to check the bind); nobody writes but the rootdn, which
			# no ACL limits.

			# Passwords: nobody may read them; they serve only to bind.
			access to attrs=userPassword
			    by anonymous auth
			    by * none
			access to *
			    by dn.exact="$DIRECTORY_BIND_DN" read
			    by self read
			    by anonymous auth
			    by * none
		CONF
	)
	chown root:openldap "$l/slapd.conf"
	chmod 640 "$l/slapd.conf"
}

# _directory_write_nsswitch VAR: VAR/ldap/nsswitch.conf is the system's
# /etc/nsswitch.conf with "ldap" appended to the passwd and group lines (and
# those lines added if missing); shadow, hosts and the rest are untouched.
# Rewritten when missing or older than /etc/nsswitch.conf.
_directory_write_nsswitch() {
	local out=$1/ldap/nsswitch.conf
	[ -f "$out" ] && [ ! /etc/nsswitch.conf -nt "$out" ] && return 0
	awk '
		/^[[:space:]]*(passwd|group)[[:space:]]*:/ {
			db = $0; sub(/^[[:space:]]*/, "", db); sub(/[[:space:]]*:.*/, "", db)
			seen[db] = 1
			if ($0 !~ /[[:space:]:]ldap([[:space:]]|$)/) { sub(/[[:space:]]*$/, ""); $0 = $0 " ldap" }
		}
		{ print }
		END {
			if (!seen["passwd"]) print "passwd:         files ldap"
			if (!seen["group"]) print "group:          files ldap"
		}' /etc/nsswitch.conf > "$out.tmp"
	chmod 644 "$out.tmp"
	mv -f "$out.tmp" "$out"
}

# _directory_nslcd_bind_lines VAR: the binddn and bindpw lines of nslcd.conf
# for the demo directory's bind account.
_directory_nslcd_bind_lines() {
	printf '# The demo directory answers only this account (and the users,\n'
	printf '# to check their passwords): its password is %s/ldap/bindpw.\n' "$1"
	printf 'binddn %s\nbindpw %s\n' "$DIRECTORY_BIND_DN" "$(cat "$1/ldap/bindpw")"
}

# _directory_write_nslcd_conf VAR PORT: VAR/ldap/nslcd.conf, written once
# and then kept (like crm.conf), so pointing it at a real directory sticks.
# One upgrade: a file that still names the demo directory but has no
# binddn (written before the demo directory refused anonymous reads) gets
# the bind account's lines after its uri line.
_directory_write_nslcd_conf() {
	local var=$1 port=$2 f=$1/ldap/nslcd.conf s=$DIRECTORY_SUFFIX
	if [ -f "$f" ]; then
		if directory_is_demo "$var" "$port" && ! grep -Eq '^[[:space:]]*binddn[[:space:]]' "$f"; then
			awk -v lines="$(_directory_nslcd_bind_lines "$var")" \
				'{ print } /^[[:space:]]*uri[[:space:]]/ && !done { print lines; done = 1 }' "$f" > "$f.tmp"
			chown root:nslcd "$f.tmp"
			chmod 640 "$f.tmp"
			mv -f "$f.tmp" "$f"
			log "added the demo directory's bind account to $f"
		fi
		return 0
	fi
	(umask 027; : > "$f")
	chown root:nslcd "$f"
	chmod 640 "$f"
	cat > "$f" <<-CONF
		# nslcd of the CRM instance in $var, written once by
		# script/lib/directory.sh (directory_init) and then left alone.
		# nslcd runs inside the instance's mount namespace, where this file
		# is /etc/nslcd.conf (see directory_ns_exec); the machine's own
		# /etc/nslcd.conf is not used. See nslcd.conf(5).

		# nslcd starts as root, reads this file, then runs as nslcd.
		uid nslcd
		gid nslcd
		# Its log (sign-in refusals, directory errors). Level info.
		log $var/log/nslcd.log info

		# The demo directory (directory_start). For a real directory:
		# its URI (ldaps://... or ldap:// with "ssl start_tls"), its base,
		#   tls_reqcert demand
		#   tls_cacertfile /path/to/company-ca.pem
		# (a file: with GnuTLS a tls_cacertdir is ignored), and its bind
		# account, read-only (keep this file root:nslcd 0640).
		uri ldap://127.0.0.1:$port/
		$(_directory_nslcd_bind_lines "$var")
		base $s
		base passwd ou=people,$s
		base group ou=groups,$s
		# How long to wait for the directory (seconds).
		bind_timelimit 5
		timelimit 10
		# When the directory is down, nslcd retries for reconnect_retrytime
		# (default 10 s: the first lookup blocks about 9 s, later ones
		# fail at once) and after it comes back keeps failing until the
		# next retry (up to 10 s more). 4 s: about 3 s and 4 s instead.
		reconnect_sleeptime 1
		reconnect_retrytime 4

		# Only directory accounts with uid/gid 20000 or more are looked up
		# in LDAP: root, crm, www-data and every other system account stay
		# files-only, and a directory entry cannot pose as one of them.
		# (Groups have no such limit; "files" comes first in nsswitch.conf,
		# so a local group name or number always wins.)
		nss_min_uid 20000
		# Group lists of local users (e.g. crm when it drops privileges)
		# never wait for LDAP.
		nss_initgroups_ignoreusers ALLLOCAL
		# No listing of every user or group (getent passwd with no name).
		nss_disable_enumeration yes

		# Account stage (pam_acct_mgmt): besides the shadow checks nslcd
		# always makes (shadowExpire, shadowMax: dora has shadowExpire 1,
		# so she is refused), the user must be in one of the CRM's groups.
		pam_authz_search (&(objectClass=posixGroup)(memberUid=\$username)(|(cn=crm-admins)(cn=crm-sales)(cn=crm-sales-managers)(cn=crm-finance)(cn=crm-auditors)))
		# Passwords are changed in the directory, not through the CRM.
		pam_password_prohibit_message "Passwords are changed in the company directory."
	CONF
	chown root:nslcd "$f"
	chmod 640 "$f"
}

# _directory_write_pam VAR: VAR/pam.d/crm, the PAM service the CRM opens
# with pam_start_confdir("crm", user, conv, "VAR/pam.d", &h). Written once
# and then kept. Plain module names resolve in the system's module
# directory; no include (a relative one would resolve in /etc/pam.d).
_directory_write_pam() {
	local d=$1/pam.d
	mkdir -p "$d"
	chmod 755 "$d"
	[ -f "$d/crm" ] && return 0
	cat > "$d/crm" <<-'PAM'
		# PAM service "crm": opened by crm-fcgi's workers (user crm) with
		# pam_start_confdir() on this directory; /etc/pam.d is not read.
		# Written by script/lib/directory.sh. See pam.conf(5), pam_ldap(8).
		#
		# auth: the password is checked by nslcd, which binds to the directory
		# as the user (pam_ldap only talks to nslcd's socket, so it works in
		# an unprivileged worker). minimum_uid: accounts below 20000 (root,
		# crm, ...) are not directory accounts and are ignored, so they fail.
		# Unknown user gives PAM_USER_UNKNOWN, wrong password PAM_AUTH_ERR,
		# directory unreachable PAM_AUTHINFO_UNAVAIL: show one message for
		# all of them. No pam_unix (an unprivileged process can only check
		# its own password) and no pam_faildelay (it would sleep in the
		# worker; the application throttles failed sign-ins itself).
		auth     required  pam_ldap.so minimum_uid=20000
		# account: nslcd refuses expired or locked accounts (shadowExpire,
		# shadowMax) and users outside the CRM groups (pam_authz_search in
		# nslcd.conf), giving PAM_ACCT_EXPIRED or PAM_PERM_DENIED.
		account  required  pam_ldap.so minimum_uid=20000
		# password: changes happen in the directory, never through the CRM.
		password requisite pam_deny.so
		# session: the CRM keeps its own sessions; nothing to do here.
		session  required  pam_permit.so
	PAM
	chmod 644 "$d/crm"
}

# directory_init VAR PORT: prepares the demo directory of the instance in
# VAR, to be served on 127.0.0.1:PORT, and its nslcd, NSS and PAM files
# (the layout is at the top of this file). At the first call it makes
# random passwords for the demo users (VAR/demo-credentials, root 0600,
# "username password role" a line) and the rootdn (VAR/ldap/rootpw),
# writes them hashed (SSHA) into VAR/ldap/demo.ldif and loads that offline
# with slapadd. Idempotent: later calls keep the database, the passwords,
# nslcd.conf and pam.d/crm; slapd.conf and nsswitch.conf are refreshed.
# If the database is gone but the credentials remain, it is reloaded with
# the same passwords.
directory_init() {
	local var=$1 port=$2 l=$1/ldap user num given sur role group
	[ -n "$var" ] || die "usage: directory_init VAR PORT"
	[[ $port =~ ^[0-9]+$ ]] || die "usage: directory_init VAR PORT"
	_directory_need_tools
	mkdir -p "$l" "$l/db" "$l/slapd" "$l/run"
	[ -d "$var/log" ] || { mkdir -p "$var/log"; chmod 750 "$var/log"; }
	chmod 755 "$l"
	chown openldap:openldap "$l/db" "$l/slapd"
	chmod 700 "$l/db"
	chmod 750 "$l/slapd"
	chown nslcd:nslcd "$l/run"
	chmod 755 "$l/run"
	if [ ! -s "$l/rootpw" ]; then
		(umask 077; _directory_password > "$l/rootpw")
	fi
	if [ ! -s "$l/bindpw" ]; then
		(umask 077; _directory_password > "$l/bindpw")
	fi
	chmod 600 "$l/rootpw" "$l/bindpw"
	_directory_write_slapd_conf "$var"
	if [ ! -s "$l/db/data.mdb" ]; then
		if [ ! -s "$var/demo-credentials" ]; then
			(
				umask 077
				while read -r user num given sur role group; do
					printf '%s %s %s\n' "$user" "$(_directory_password)" "$role"
				done < <(_directory_demo_users) > "$var/demo-credentials"
			)
			log "generated the demo users' passwords in $var/demo-credentials"
		fi
		_directory_write_ldif "$var"
		slapadd -q -f "$l/slapd.conf" -l "$l/demo.ldif" >/dev/null 2>"$var/log/slapadd.log" ||
			die "slapadd failed: see $var/log/slapadd.log"
		chown -R openldap:openldap "$l/db"
		log "loaded the demo directory $DIRECTORY_SUFFIX into $l/db"
	fi
	chmod 600 "$var/demo-credentials" "$l/demo.ldif"
	_directory_write_nslcd_conf "$var" "$port"
	_directory_write_nsswitch "$var"
	_directory_write_pam "$var"
}

# directory_is_demo VAR PORT: true when VAR/ldap/nslcd.conf still points at
# the demo directory on 127.0.0.1:PORT (false once it names a real one).
directory_is_demo() {
	grep -Eq "^[[:space:]]*uri[[:space:]].*ldap://127\.0\.0\.1:$2/" "$1/ldap/nslcd.conf" 2>/dev/null
}

# _directory_pid FILE NAME: prints the pid in FILE if that process is alive
# and is NAME; fails otherwise.
_directory_pid() {
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 1
	[[ $pid =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
	echo "$pid"
}

# directory_answers PORT: true when an LDAP server answers on
# 127.0.0.1:PORT. The demo directory refuses anonymous binds, so an
# anonymous "who am I" is answered with a refusal (an LDAP result code,
# below 128); the client's own errors (cannot connect, time-out) are
# negative codes, which the tools exit with as 256 + code.
directory_answers() {
	local rc=0
	ldapwhoami -x -o nettimeout=2 -H "ldap://127.0.0.1:$1/" >/dev/null 2>&1 || rc=$?
	[ "$rc" -lt 128 ]
}

# _directory_conf_sum VAR: a checksum of VAR/ldap/slapd.conf without its
# rootpw line (whose salted hash changes at each init).
_directory_conf_sum() {
	grep -v '^rootpw ' "$1/ldap/slapd.conf" | sha256sum | cut -d' ' -f1
}

# _directory_bind_account VAR PORT: makes sure nslcd's bind account exists
# in the running demo directory with the password in VAR/ldap/bindpw
# (a directory made before the account existed gets it here, as the
# rootdn). Dies if it cannot.
_directory_bind_account() {
	local var=$1 l=$1/ldap uri=ldap://127.0.0.1:$2/ root=cn=admin,$DIRECTORY_SUFFIX
	ldapwhoami -x -H "$uri" -D "$DIRECTORY_BIND_DN" -y "$l/bindpw" >/dev/null 2>&1 && return 0
	if ldapsearch -x -LLL -H "$uri" -D "$root" -y "$l/rootpw" -b "$DIRECTORY_BIND_DN" -s base dn \
		>/dev/null 2>&1; then
		printf 'dn: %s\nchangetype: modify\nreplace: userPassword\nuserPassword: %s\n' \
			"$DIRECTORY_BIND_DN" "$(_directory_hash "$(cat "$l/bindpw")")" |
			ldapmodify -x -H "$uri" -D "$root" -y "$l/rootpw" >/dev/null ||
			die "cannot set the password of $DIRECTORY_BIND_DN"
	else
		# -c: ou=services may exist already.
		_directory_bind_ldif "$var" | ldapadd -c -x -H "$uri" -D "$root" -y "$l/rootpw" >/dev/null 2>&1
	fi
	ldapwhoami -x -H "$uri" -D "$DIRECTORY_BIND_DN" -y "$l/bindpw" >/dev/null 2>&1 ||
		die "the demo directory's bind account $DIRECTORY_BIND_DN does not bind"
	log "added nslcd's bind account $DIRECTORY_BIND_DN to the demo directory"
}

# directory_start VAR PORT: starts the instance's demo slapd on
# ldap://127.0.0.1:PORT/ only, as user openldap, logging to
# VAR/log/slapd.log (debug level DIRECTORY_SLAPD_LOGLEVEL; slapd stays in
# the foreground for that, in its own session), pid in
# VAR/ldap/slapd/slapd.pid; waits up to 15 s until it answers. A slapd
# that runs already is kept, unless slapd.conf changed since it started
# (then it is restarted). Then it makes sure nslcd's bind account exists,
# and restarts a running nslcd whose nslcd.conf is newer than it. Does
# nothing when nslcd.conf points at a real directory.
directory_start() {
	local var=$1 port=$2 l=$1/ldap i
	[ -n "$var" ] || die "usage: directory_start VAR PORT"
	[[ $port =~ ^[0-9]+$ ]] || die "usage: directory_start VAR PORT"
	if ! directory_is_demo "$var" "$port"; then
		log "$l/nslcd.conf names another directory: the demo slapd is not started"
		return 0
	fi
	if _directory_pid "$l/slapd/slapd.pid" slapd >/dev/null && directory_answers "$port" &&
		[ "$(cat "$l/slapd/conf.sha256" 2>/dev/null)" != "$(_directory_conf_sum "$var")" ]; then
		log "$l/slapd.conf changed since slapd started: restarting it"
		directory_stop "$var"
	fi
	if ! { _directory_pid "$l/slapd/slapd.pid" slapd >/dev/null && directory_answers "$port"; }; then
		log "starting the demo directory on ldap://127.0.0.1:$port/"
		_directory_conf_sum "$var" > "$l/slapd/conf.sha256"
		setsid slapd -f "$l/slapd.conf" -h "ldap://127.0.0.1:$port/" -u openldap -g openldap \
			-d "$DIRECTORY_SLAPD_LOGLEVEL" </dev/null >>"$var/log/slapd.log" 2>&1 &
		for ((i = 0; i < 150; i++)); do
			directory_answers "$port" && _directory_pid "$l/slapd/slapd.pid" slapd >/dev/null && break
			sleep 0.1
		done
		[ "$i" -lt 150 ] || die "slapd does not answer on 127.0.0.1:$port: see $var/log/slapd.log"
	fi
	_directory_bind_account "$var" "$port"
	if directory_nslcd_pid "$var" >/dev/null && [ "$l/nslcd.conf" -nt "$l/run/nslcd.pid" ]; then
		log "$l/nslcd.conf changed since nslcd started: restarting it"
		directory_nslcd_stop "$var"
		directory_ns_exec "$var" true
	fi
}

# directory_stop VAR: stops the instance's demo slapd (SIGTERM, then waits
# up to 20 s). nslcd is stopped separately by directory_nslcd_stop.
directory_stop() {
	local l=$1/ldap pid i
	pid=$(_directory_pid "$l/slapd/slapd.pid" slapd) || return 0
	log "stopping the demo directory"
	kill -TERM "$pid"
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	die "slapd (pid $pid) did not stop"
}

# directory_nslcd_pid VAR: prints the pid of the instance's nslcd if it
# runs. Its pid file, /run/nslcd/nslcd.pid inside the namespace, is
# VAR/ldap/run/nslcd.pid seen from anywhere.
directory_nslcd_pid() {
	_directory_pid "$1/ldap/run/nslcd.pid" nslcd
}

# directory_nslcd_stop VAR: stops the instance's nslcd (SIGTERM, waits up
# to 10 s). Call it after crm-fcgi stopped. The namespace nslcd was
# started in ends when its last process (nslcd or crm-fcgi) does.
directory_nslcd_stop() {
	local pid i
	pid=$(directory_nslcd_pid "$1") || return 0
	log "stopping nslcd (pid $pid)"
	kill -TERM "$pid"
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$1/ldap/run/socket"; return 0; }
		sleep 0.1
	done
	die "nslcd (pid $pid) did not stop"
}

# _directory_ns_inner VAR CMD...: runs inside the new mount namespace
# (directory_ns_exec), as root: the bind mounts, nslcd, then exec CMD.
_directory_ns_inner() {
	local var=$1 l=$1/ldap pid i
	shift
	# The two files are bound read-only; /run/nslcd becomes VAR/ldap/run.
	if ! { mount --bind "$l/nslcd.conf" /etc/nslcd.conf &&
		mount -o remount,bind,ro /etc/nslcd.conf &&
		mount --bind "$l/nsswitch.conf" /etc/nsswitch.conf &&
		mount -o remount,bind,ro /etc/nsswitch.conf &&
		mount --bind "$l/run" /run/nslcd; }; then
		echo "error: the bind mounts for $var failed" >&2
		exit 1
	fi
	# A host nscd would answer from the host's view (no ldap, or another
	# instance's): hide its socket so glibc asks NSS directly.
	if [ -d /run/nscd ]; then
		mount -t tmpfs -o size=16k,mode=755 crm-no-nscd /run/nscd
	fi
	# One nslcd per instance: if one runs already (started by an earlier
	# call, in its own namespace), its socket is reached through the same
	# bind mount and it is reused.
	pid=$(cat /run/nslcd/nslcd.pid 2>/dev/null) || pid=
	if ! { [[ $pid =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nslcd ] &&
		[ -S /run/nslcd/socket ]; }; then
		rm -f /run/nslcd/socket
		# nslcd forks, and its first process exits once the daemon is
		# ready (or failed); the daemon keeps this namespace alive.
		nslcd </dev/null >>"$var/log/nslcd.log" 2>&1 || {
			echo "error: nslcd did not start: see $var/log/nslcd.log" >&2
			exit 1
		}
	fi
	for ((i = 0; i < 100; i++)); do
		[ -S /run/nslcd/socket ] && exec "$@"
		sleep 0.1
	done
	echo "error: nslcd's socket $l/run/socket did not appear: see $var/log/nslcd.log" >&2
	exit 1
}

# directory_ns_exec VAR CMD...: runs CMD (as root; use runuser, setsid,
# etc. inside CMD as needed) in a new private mount namespace
# (unshare -m --propagation private: nothing mounted there is seen outside)
# where /etc/nslcd.conf, /etc/nsswitch.conf and /run/nslcd are the
# instance's (VAR/ldap/nslcd.conf, nsswitch.conf, run/), and where the
# instance's nslcd runs. Returns CMD's status.
#
# Lifetime: nslcd is started by the first call (later calls reuse it
# through VAR/ldap/run/socket) and outlives CMD: a mount namespace lives as
# long as any process is in it, so nslcd keeps its own alive, and a
# detaching CMD keeps its own. Stop nslcd with directory_nslcd_stop VAR
# (kill "$(cat VAR/ldap/run/nslcd.pid)" does the same).
#   directory_ns_exec "$VAR" getent passwd sam
#   directory_ns_exec "$VAR" setsid -f "$BIN/crm-fcgi" -c "$CONF" \
#       </dev/null >>"$VAR/log/crm-fcgi.log" 2>&1
# (setsid -f forks, so the call returns at once and crm-fcgi, the master,
# stays in the namespace; its pid file, signals and socket work from
# outside as before.)
# The mount points must exist on the host: /etc/nslcd.conf comes with the
# nslcd package; /run/nslcd is created empty on the host if missing (the
# system nslcd's init script would create it too; nothing is written in it).
directory_ns_exec() {
	local var=$1
	[ $# -ge 2 ] || die "usage: directory_ns_exec VAR CMD..."
	shift
	[ -f "$var/ldap/nslcd.conf" ] || die "$var/ldap/nslcd.conf is missing: run directory_init first"
	[ -f /etc/nslcd.conf ] || die "/etc/nslcd.conf is missing: install nslcd"
	if [ ! -d /run/nslcd ]; then
		mkdir /run/nslcd
		chmod 755 /run/nslcd
	fi
	_directory_write_nsswitch "$var"
	unshare -m --propagation private -- \
		bash -c "$(declare -f _directory_ns_inner); _directory_ns_inner \"\$@\"" \
		directory-ns "$var" "$@"
}

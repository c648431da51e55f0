/* paths.c: owns the choice of default configuration file. */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"

const char *
default_config_path(void)
{
	static const char builddir[] = CRM_BUILDDIR "/src/";
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		exe[n] = '\0';
		if (strncmp(exe, builddir, sizeof(builddir) - 1) == 0)
			return CRM_SRCDIR "/var/crm.conf";
	}
	return CRM_SYSCONFDIR "/crm/crm.conf";
}

/* paths.h: where the programs look for their configuration. */
#ifndef CRM_PATHS_H
#define CRM_PATHS_H

/* The config used when -c is not given: the checkout's var/crm.conf when
 * the program runs from its build tree, else SYSCONFDIR/crm/crm.conf. */
const char *default_config_path(void);

#endif

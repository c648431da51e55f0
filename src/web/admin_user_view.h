/* admin_user_view.h: the page of one user, /admin/users/{id}, as the
 * pages that show it (page_admin_users.c) and show it again with a
 * message after a refused change (page_admin_user_edit.c,
 * page_admin_grants.c) render it. */
#ifndef CRM_ADMIN_USER_VIEW_H
#define CRM_ADMIN_USER_VIEW_H

struct ctx;

/* Renders user ctx->ids[0] with status: who they are, their roles and
 * team, their temporary grants with the form to give one, and their
 * sign-in history; 404 when out of reach or missing, 503 on error. */
int admin_user_view(struct ctx *ctx, int status);

#endif

/* deal_board.h: the pipeline board's data (deal_board.c): per stage the
 * count, total and probability-weighted total of the deals in the
 * user's view scope that match the board's filter (one aggregate query,
 * not summed from the cards), a stage's newest cards, and the teams the
 * board may be filtered by. Amounts are in cents; whether the user may
 * see them is deal_amount_text's to say (deal.h). */
#ifndef CRM_DEAL_BOARD_H
#define CRM_DEAL_BOARD_H

#include <stdbool.h>

struct ctx;

/* What the board shows: 0 or NULL mean any. from and to are
 * "YYYY-MM-DD" bounds of the expected close date, both included. */
struct deal_board_filter {
	long long owner, team;
	const char *from, *to;
};

/* One stage's column head. */
struct deal_board_sum {
	long long stage_id, count, amount_cents, weighted_cents;
	const char *currency;
	bool one_currency;	/* false: several currencies, no meaningful total */
};

/* A card. */
struct deal_board_card {
	long long id, amount_cents, account_id, version;
	const char *name, *currency, *owner, *expected_close;	/* expected_close "" none */
	const char *account;	/* NULL: none, or one the user may not view (account_id > 0) */
};

struct deal_board_team {
	long long id;
	const char *name;
};

/* The sums of the stages that have matching deals into *out (the
 * request's arena): their count, or -1 on a database error. */
long long deal_board_sums(struct ctx *ctx, const struct deal_board_filter *f, struct deal_board_sum **out);

/* The newest matching cards of stage, at most limit, into *out: the
 * count or -1. */
long long deal_board_cards(struct ctx *ctx, const struct deal_board_filter *f, long long stage,
    long long limit, struct deal_board_card **out);

/* Every team, by name, into *out: the count or -1. */
long long deal_board_teams(struct ctx *ctx, struct deal_board_team **out);

/* The initials of a user name: the first letter of up to two of its
 * parts split at '.', '-', '_' or a space, upper-cased ASCII ("sam.rep"
 * -> "SR", "max" -> "M"); a non-ASCII first character is kept whole
 * ("王小明" -> "王"). "?" for an empty name. */
const char *deal_board_initials(struct ctx *ctx, const char *name);

#endif

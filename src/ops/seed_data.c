/* seed_data.c: owns the made-up values of crmctl seed: people with
 * Western or Chinese names, emails derived from the names, Swiss or
 * Chinese phone numbers and addresses, companies, deals and activities.
 * Nothing here touches the database or a key; every string lives in the
 * caller's arena. The generator is a xorshift64*: demo data, not secrets. */
#include "config.h"

#include <stdint.h>

#include "seed_data.h"

/* A name as shown, and its ASCII form for email addresses. */
struct name {
	const char *shown, *ascii;
};

static const struct name western_first[] = {
	{ "Anna", "anna" }, { "Lukas", "lukas" }, { "Sophie", "sophie" }, { "Noah", "noah" },
	{ "Laura", "laura" }, { "Luca", "luca" }, { "Sarah", "sarah" }, { "David", "david" },
	{ "Julia", "julia" }, { "Marco", "marco" }, { "Elena", "elena" }, { "Thomas", "thomas" },
	{ "Nina", "nina" }, { "Simon", "simon" }, { "Léa", "lea" }, { "Daniel", "daniel" },
	{ "Chiara", "chiara" }, { "Stefan", "stefan" }, { "Claire", "claire" }, { "Pierre", "pierre" },
	{ "Ursula", "ursula" }, { "Beat", "beat" }, { "Monika", "monika" }, { "Jürg", "juerg" },
};
static const struct name western_last[] = {
	{ "Müller", "mueller" }, { "Meier", "meier" }, { "Schmid", "schmid" }, { "Keller", "keller" },
	{ "Weber", "weber" }, { "Huber", "huber" }, { "Schneider", "schneider" }, { "Meyer", "meyer" },
	{ "Steiner", "steiner" }, { "Fischer", "fischer" }, { "Gerber", "gerber" }, { "Brunner", "brunner" },
	{ "Baumann", "baumann" }, { "Frei", "frei" }, { "Zimmermann", "zimmermann" }, { "Moser", "moser" },
	{ "Rossi", "rossi" }, { "Bianchi", "bianchi" }, { "Dubois", "dubois" }, { "Favre", "favre" },
	{ "Bernasconi", "bernasconi" }, { "Widmer", "widmer" }, { "Gächter", "gaechter" }, { "Rochat", "rochat" },
};
static const struct name chinese_last[] = {
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" }, { "陈", "chen" },
	{ "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" }, { "吴", "wu" }, { "周", "zhou" },
	{ "徐", "xu" }, { "孙", "sun" }, { "马", "ma" }, { "朱", "zhu" }, { "胡", "hu" },
	{ "郭", "guo" }, { "林", "lin" }, { "何", "he" },
};
static const struct name chinese_first[] = {
	{ "芳", "fang" }, { "伟", "wei" }, { "敏", "min" }, { "静", "jing" }, { "丽", "li" },
	{ "强", "qiang" }, { "磊", "lei" }, { "军", "jun" }, { "洋", "yang" }, { "勇", "yong" },
	{ "艳", "yan" }, { "杰", "jie" }, { "娟", "juan" }, { "涛", "tao" }, { "明", "ming" },
	{ "超", "chao" }, { "秀英", "xiuying" }, { "桂英", "guiying" }, { "晓明", "xiaoming" },
	{ "建华", "jianhua" },
};
static const char *const western_domains[] = {
	"bluewin.ch", "gmail.com", "gmx.ch", "sunrise.ch", "proton.me", "hispeed.ch",
};
static const char *const chinese_domains[] = { "163.com", "qq.com", "126.com", "sina.com", "gmail.com" };
static const char *const swiss_streets[] = {
	"Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Hauptstrasse", "Rue du Lac", "Via Nassa",
	"Kirchgasse", "Rue de Lausanne",
};
static const char *const swiss_towns[] = {
	"8001 Zürich", "3011 Bern", "4051 Basel", "1003 Lausanne", "1204 Genève", "6900 Lugano",
	"6003 Luzern", "9000 St. Gallen",
};
static const char *const chinese_places[] = {
	"北京市朝阳区建国路", "上海市浦东新区世纪大道", "深圳市南山区科技园路", "杭州市西湖区文三路",
	"广州市天河区体育西路", "成都市武侯区人民南路",
};
static const char *const company_western[] = {
	"Alpen", "Helvetia", "Rhein", "Jura", "Lemania", "Ticino", "Aare", "Säntis",
};
static const char *const company_trade[] = {
	"Tech", "Logistik", "Consulting", "Finanz", "Pharma", "Bau", "Energie", "Medical",
};
static const char *const company_forms[] = { "AG", "GmbH", "SA", "Sàrl" };
static const char *const chinese_cities[] = { "北京", "上海", "深圳", "杭州", "广州", "苏州" };
static const char *const chinese_brands[] = { "华信", "东方", "长城", "金龙", "天合", "中科", "恒通", "宏达" };
static const char *const chinese_trades[] = { "科技", "贸易", "物流", "电子", "实业", "医药" };
static const char *const products[] = {
	"Enterprise licence", "Support contract", "Pilot project", "Renewal", "Expansion",
	"Consulting days", "Training", "Hardware refresh",
};
static const char *const currencies[] = { "CHF", "CHF", "CHF", "EUR", "CNY" };
static const char *const call_subjects[] = {
	"Call about the renewal", "Follow-up call", "Introductory call", "Pricing questions",
};
static const char *const task_subjects[] = {
	"Send the proposal", "Prepare the contract", "Update the forecast", "Book a demo",
};
static const char *const bodies[] = {
	"Interested in the enterprise plan; wants a quote by end of month.",
	"Asked for references in the same industry. 对价格比较敏感。",
	"Budget approved for next quarter; decision maker is the CFO.",
	"Prefers email over calls. Follow up after the trade fair.",
};

#define PICK(r, arr) (arr[seed_rand(r) % (sizeof(arr) / sizeof(arr[0]))])

void
seed_rng_init(struct seed_rng *r, uint64_t seed)
{
	r->s = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

uint32_t
seed_rand(struct seed_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 0x2545f4914f6cdd1dULL) >> 32);
}

/* n random decimal digits. */
static const char *
digits(struct seed_rng *r, struct arena *a, int n)
{
	char *s = arena_alloc(a, (size_t)n + 1);

	for (int i = 0; i < n; i++)
		s[i] = (char)('0' + seed_rand(r) % 10);
	s[n] = '\0';
	return s;
}

static void
fill_chinese(struct seed_rng *r, struct arena *a, struct seed_person *p)
{
	const struct name *f = &PICK(r, chinese_first), *l = &PICK(r, chinese_last);
	const char *d = digits(r, a, 8);

	p->first = f->shown;
	p->last = l->shown;
	p->first_ascii = f->ascii;
	p->last_ascii = l->ascii;
	p->domain = PICK(r, chinese_domains);
	p->plain[CS_PHONE] = arena_printf(a, "+86 13%c %.4s %.4s", '0' + (int)(seed_rand(r) % 10), d, d + 4);
	if (seed_rand(r) % 10 < 6)
		p->plain[CS_ADDRESS] = arena_printf(a, "%s%u号", PICK(r, chinese_places), 1 + seed_rand(r) % 300);
}

static void
fill_western(struct seed_rng *r, struct arena *a, struct seed_person *p)
{
	const struct name *f = &PICK(r, western_first), *l = &PICK(r, western_last);
	const char *d = digits(r, a, 7);

	p->first = f->shown;
	p->last = l->shown;
	p->first_ascii = f->ascii;
	p->last_ascii = l->ascii;
	p->domain = PICK(r, western_domains);
	p->plain[CS_PHONE] = arena_printf(a, "+41 7%c %.3s %.2s %.2s", '5' + (int)(seed_rand(r) % 5), d, d + 3, d + 5);
	if (seed_rand(r) % 10 < 6)
		p->plain[CS_ADDRESS] = arena_printf(a, "%s %u, %s", PICK(r, swiss_streets), 1 + seed_rand(r) % 120,
		    PICK(r, swiss_towns));
}

void
seed_person(struct seed_rng *r, struct arena *a, struct seed_person *p)
{
	*p = (struct seed_person){ 0 };
	if (seed_rand(r) % 100 < 35)
		fill_chinese(r, a, p);
	else
		fill_western(r, a, p);
	if (seed_rand(r) % 10 == 0)	/* some have no phone */
		p->plain[CS_PHONE] = NULL;
	if (seed_rand(r) % 2 == 0)
		p->plain[CS_BIRTH_DATE] = arena_printf(a, "%u-%02u-%02u", 1950 + seed_rand(r) % 54,
		    1 + seed_rand(r) % 12, 1 + seed_rand(r) % 28);
}

void
seed_person_email(struct arena *a, struct seed_person *p, long long id)
{
	p->plain[CS_EMAIL] = arena_printf(a, "%s.%s%lld@%s", p->first_ascii, p->last_ascii, id, p->domain);
}

const char *
seed_company(struct seed_rng *r, struct arena *a)
{
	if (seed_rand(r) % 100 < 30)
		return arena_printf(a, "%s%s%s有限公司", PICK(r, chinese_cities), PICK(r, chinese_brands),
		    PICK(r, chinese_trades));
	return arena_printf(a, "%s %s %s", PICK(r, company_western), PICK(r, company_trade), PICK(r, company_forms));
}

void
seed_deal(struct seed_rng *r, struct arena *a, const char *company, struct seed_deal *d)
{
	d->name = arena_printf(a, "%s: %s", company, PICK(r, products));
	d->amount_cents = (long long)(1000 + seed_rand(r) % 250000) * 100;
	d->currency = PICK(r, currencies);
	d->expected_close = arena_printf(a, "%u-%02u-%02u", 2026 + seed_rand(r) % 2, 1 + seed_rand(r) % 12,
	    1 + seed_rand(r) % 28);
}

void
seed_activity(struct seed_rng *r, struct arena *a, struct seed_activity *act)
{
	static const char *const kinds[] = { "task", "call", "meeting", "note" };

	act->kind = PICK(r, kinds);
	act->subject = act->kind[0] == 't' ? PICK(r, task_subjects) :
	    act->kind[0] == 'm' ? "Meeting at their office" : PICK(r, call_subjects);
	act->body = PICK(r, bodies);
	act->due_at = act->kind[0] != 't' ? NULL : arena_printf(a, "2026-%02u-%02u %02u:00:00",
	    1 + seed_rand(r) % 12, 1 + seed_rand(r) % 28, 8 + seed_rand(r) % 10);
}

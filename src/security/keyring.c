/* keyring.c: owns the key ring file and the keys in memory.
 *
 * The file is text, one key a line, 64 hex digits each:
 *     crm-keyring 1
 *     kek 1 <hex>        key-encryption keys: the highest version wraps,
 *     kek 2 <hex>        every listed one unwraps
 *     index 1 <hex>      the blind index key
 * A sealed ring is the same text inside an AES-256-GCM envelope:
 *     crm-keyring-sealed 1 key
 *     crm-keyring-sealed 1 passphrase <log2 N> <r> <p> <salt hex>
 *     <envelope hex>
 * opened with an external 256-bit key or a passphrase (scrypt) read from
 * [keys] unseal_file. In memory the keys live in one page that is locked
 * (mlock: never swapped) and left out of core dumps (MADV_DONTDUMP), and
 * are wiped when replaced. No message here ever contains key bytes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "hkdf.h"
#include "keyring.h"
#include "log.h"
#include "secret_file.h"

#define SEAL_AAD "crm-keyring"
#define SCRYPT_LOG2_N 15
#define SCRYPT_R 8
#define SCRYPT_P 1

struct ring {
	size_t n;
	uint64_t versions[KEYRING_MAX_KEKS];
	unsigned char keks[KEYRING_MAX_KEKS][KEY_BYTES];
	unsigned char index[KEY_BYTES];
	bool has_index;
};

static struct ring *loaded;
/* Where the loaded ring came from, for keyring_reload. */
static char *loaded_path, *loaded_unseal;
static uid_t loaded_uid = (uid_t)-1;

/* A zeroed ring in its own locked, undumpable mapping. */
static struct ring *
ring_new(void)
{
	static bool warned;
	void *p = mmap(NULL, sizeof(struct ring), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		fatal("mmap for the key ring failed");
	if (mlock(p, sizeof(struct ring)) == -1 && !warned) {
		crm_warn("mlock of the key ring (raise RLIMIT_MEMLOCK)");
		warned = true;
	}
#ifdef MADV_DONTDUMP
	madvise(p, sizeof(struct ring), MADV_DONTDUMP);
#endif
	return p;
}

static void
ring_free(struct ring *r)
{
	if (r == NULL)
		return;
	OPENSSL_cleanse(r, sizeof(*r));
	munlock(r, sizeof(*r));
	munmap(r, sizeof(*r));
}

static int
hex_decode(const char *hex, size_t hexlen, unsigned char *out, size_t outlen)
{
	if (hexlen != outlen * 2)
		return -1;
	for (size_t i = 0; i < outlen; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + (size_t)k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return -1;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

static void
hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

/* One "kek N hex" or "index N hex" line into r; NULL or the reason. */
static const char *
parse_key_line(struct ring *r, const char *line, size_t len)
{
	char kind[8];
	unsigned long long version;
	int off = 0;

	if (len > 100 || sscanf(line, "%7s %llu %n", kind, &version, &off) != 2 || off == 0)
		return "expected \"kek N hex\" or \"index N hex\"";
	if (version == 0 || version > UINT32_MAX)
		return "key version out of range";
	if (strcmp(kind, "kek") == 0) {
		if (r->n == KEYRING_MAX_KEKS)
			return "too many keys";
		if (r->n > 0 && version <= r->versions[r->n - 1])
			return "key versions must increase";
		if (hex_decode(line + off, len - (size_t)off, r->keks[r->n], KEY_BYTES) == -1)
			return "a key is 64 lower-case hex digits (256 bits)";
		r->versions[r->n++] = version;
		return NULL;
	}
	if (strcmp(kind, "index") == 0) {
		if (r->has_index)
			return "more than one index key";
		if (hex_decode(line + off, len - (size_t)off, r->index, KEY_BYTES) == -1)
			return "a key is 64 lower-case hex digits (256 bits)";
		r->has_index = true;
		return NULL;
	}
	return "unknown key kind";
}

/* Parses the plain form into a new ring; NULL with err on failure. */
static struct ring *
parse_plain(const char *text, size_t len, char *err, size_t errsz)
{
	struct ring *r = ring_new();
	size_t start = 0;
	int lineno = 0;
	const char *why = NULL;

	while (start < len && why == NULL) {
		size_t end = start;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		if (memchr(text + start, '\0', end - start) != NULL)
			why = "NUL byte";
		else if (lineno == 1)
			why = (end - start == 13 && memcmp(text, "crm-keyring 1", 13) == 0) ?
			    NULL : "not a key ring (first line must be \"crm-keyring 1\")";
		else if (end > start && text[start] != '#')
			why = parse_key_line(r, text + start, end - start);
		start = end + 1;
	}
	if (why == NULL && (r->n == 0 || !r->has_index)) {
		snprintf(err, errsz, "key ring: needs at least one kek line and one index line");
		ring_free(r);
		return NULL;
	}
	if (why != NULL) {
		snprintf(err, errsz, "key ring line %d: %s", lineno, why);
		ring_free(r);
		return NULL;
	}
	return r;
}

/* The plain text form of r in a malloc'd buffer the caller wipes. */
static char *
format_plain(const struct ring *r, size_t *len)
{
	size_t cap = 64 + (r->n + 1) * (16 + 2 * KEY_BYTES + 24);
	char *out = calloc(1, cap), hex[2 * KEY_BYTES + 1];
	size_t o;

	if (out == NULL)
		fatal("out of memory");
	o = (size_t)snprintf(out, cap, "crm-keyring 1\n");
	for (size_t i = 0; i < r->n; i++) {
		hex_encode(r->keks[i], KEY_BYTES, hex);
		o += (size_t)snprintf(out + o, cap - o, "kek %llu %s\n",
		    (unsigned long long)r->versions[i], hex);
	}
	hex_encode(r->index, KEY_BYTES, hex);
	o += (size_t)snprintf(out + o, cap - o, "index 1 %s\n", hex);
	OPENSSL_cleanse(hex, sizeof(hex));
	*len = o;
	return out;
}

struct seal_header {
	bool passphrase;
	int log2n, r, p;
	unsigned char salt[16];
};

/* Derives the sealing key from the unseal file's first line. */
static int
sealing_key(const struct seal_header *h, const char *unseal_path, uid_t service_uid,
    unsigned char key[KEY_BYTES], char *err, size_t errsz)
{
	char *secret;
	int rc = -1;

	if (unseal_path == NULL) {
		snprintf(err, errsz, "the key ring is sealed: set [keys] unseal_file");
		return -1;
	}
	if ((secret = secret_file_read(unseal_path, service_uid, err, errsz)) == NULL)
		return -1;
	if (!h->passphrase) {
		if (hex_decode(secret, strlen(secret), key, KEY_BYTES) == 0)
			rc = 0;
		else
			snprintf(err, errsz, "%s: a sealing key is 64 lower-case hex digits", unseal_path);
	} else if (EVP_PBE_scrypt(secret, strlen(secret), h->salt, sizeof(h->salt),
	    (uint64_t)1 << h->log2n, (uint64_t)h->r, (uint64_t)h->p, 256u << 20,
	    key, KEY_BYTES) == 1)
		rc = 0;
	else
		snprintf(err, errsz, "scrypt failed while unsealing the key ring");
	secret_free(secret);
	return rc;
}

static int
parse_seal_header(const char *line, struct seal_header *h)
{
	char salt[33];

	memset(h, 0, sizeof(*h));
	if (strcmp(line, "crm-keyring-sealed 1 key") == 0)
		return 0;
	h->passphrase = true;
	if (sscanf(line, "crm-keyring-sealed 1 passphrase %d %d %d %32s", &h->log2n,
	    &h->r, &h->p, salt) != 4 || h->log2n < 14 || h->log2n > 22 || h->r < 1 ||
	    h->r > 32 || h->p < 1 || h->p > 16)
		return -1;
	return hex_decode(salt, strlen(salt), h->salt, sizeof(h->salt));
}

/* Opens a sealed ring: header line, then the envelope in hex. */
static struct ring *
parse_sealed(const char *text, size_t len, const char *unseal_path, uid_t service_uid,
    char *err, size_t errsz)
{
	const char *nl = memchr(text, '\n', len);
	char header[128];
	struct seal_header h;
	unsigned char key[KEY_BYTES], *env = NULL, *plain = NULL;
	size_t hexlen, envlen, plainlen;
	struct arena a;
	struct ring *r = NULL;

	arena_init(&a);
	if (nl == NULL || (size_t)(nl - text) >= sizeof(header)) {
		snprintf(err, errsz, "sealed key ring: malformed header");
		return NULL;
	}
	memcpy(header, text, (size_t)(nl - text));
	header[nl - text] = '\0';
	hexlen = len - (size_t)(nl + 1 - text);
	while (hexlen > 0 && (nl[hexlen] == '\n' || nl[hexlen] == '\r'))
		hexlen--;
	envlen = hexlen / 2;
	if (parse_seal_header(header, &h) == -1) {
		snprintf(err, errsz, "sealed key ring: malformed header");
		return NULL;
	}
	env = arena_alloc(&a, envlen + 1);
	if (hex_decode(nl + 1, hexlen, env, envlen) == -1)
		snprintf(err, errsz, "sealed key ring: the body is not hex");
	else if (sealing_key(&h, unseal_path, service_uid, key, err, errsz) == 0) {
		enum envelope_status st = envelope_open(key, SEAL_AAD, env, envlen, &a, &plain, &plainlen);
		if (st != ENVELOPE_OK)
			snprintf(err, errsz, "sealed key ring: cannot open it (%s): wrong key or passphrase, "
			    "or the file was altered", envelope_strerror(st));
		else
			r = parse_plain((const char *)plain, plainlen, err, errsz);
	}
	OPENSSL_cleanse(key, sizeof(key));
	arena_reset(&a);
	return r;
}

static struct ring *
read_ring(const char *path, const char *unseal_path, uid_t service_uid, bool *sealed,
    char *err, size_t errsz)
{
	size_t len;
	char *text = secret_file_read_all(path, service_uid, &len, err, errsz);
	struct ring *r;
	char sub[400];

	if (text == NULL)
		return NULL;
	*sealed = strncmp(text, "crm-keyring-sealed ", 19) == 0;
	if (*sealed)
		r = parse_sealed(text, len, unseal_path, service_uid, sub, sizeof(sub));
	else
		r = parse_plain(text, len, sub, sizeof(sub));
	if (r == NULL)
		snprintf(err, errsz, "%s: %s", path, sub);
	secret_free_len(text, len);
	return r;
}

int
keyring_load(const char *path, const char *unseal_path, uid_t service_uid,
    char *err, size_t errsz)
{
	bool sealed;
	struct ring *r = read_ring(path, unseal_path, service_uid, &sealed, err, errsz);

	if (r == NULL)
		return -1;
	ring_free(loaded);
	loaded = r;
	if (path != loaded_path) {
		free(loaded_path);
		loaded_path = strdup(path);
	}
	if (unseal_path != loaded_unseal) {
		free(loaded_unseal);
		loaded_unseal = unseal_path ? strdup(unseal_path) : NULL;
	}
	loaded_uid = service_uid;
	return 0;
}

int
keyring_reload(char *err, size_t errsz)
{
	if (loaded_path == NULL) {
		snprintf(err, errsz, "no key ring was loaded");
		return -1;
	}
	return keyring_load(loaded_path, loaded_unseal, loaded_uid, err, errsz);
}

int
keyring_parse(const char *text, size_t len, char *err, size_t errsz)
{
	struct ring *r = parse_plain(text, len, err, errsz);

	if (r == NULL)
		return -1;
	ring_free(loaded);
	loaded = r;
	return 0;
}

void
keyring_free(void)
{
	ring_free(loaded);
	loaded = NULL;
	free(loaded_path);
	free(loaded_unseal);
	loaded_path = loaded_unseal = NULL;
}

bool
keyring_loaded(void)
{
	return loaded != NULL;
}

const unsigned char *
keyring_kek(uint64_t id)
{
	for (size_t i = 0; loaded && i < loaded->n; i++)
		if (loaded->versions[i] == id)
			return loaded->keks[i];
	return NULL;
}

uint64_t
keyring_newest(void)
{
	return loaded && loaded->n ? loaded->versions[loaded->n - 1] : 0;
}

size_t
keyring_versions(uint64_t *out, size_t max)
{
	size_t n = 0;

	for (; loaded && n < loaded->n && n < max; n++)
		out[n] = loaded->versions[n];
	return n;
}

const unsigned char *
keyring_index_key(void)
{
	return loaded && loaded->has_index ? loaded->index : NULL;
}

int
keyring_derive(const char *label, unsigned char out[32])
{
	const unsigned char *ikm = keyring_index_key();

	return ikm == NULL ? -1 : hkdf_sha256(ikm, KEY_BYTES, NULL, 0, label, out, 32);
}

/* ---- writing ---- */

/* Writes data to path atomically with mode 0600 and the given owner. */
static int
write_atomically(const char *path, const char *data, size_t len, uid_t uid, gid_t gid,
    char *err, size_t errsz)
{
	char tmp[4096], dircopy[4096];
	int fd, dfd;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if ((uid != (uid_t)-1 && fchown(fd, uid, gid) == -1) ||
	    write(fd, data, len) != (ssize_t)len || fsync(fd) == -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		snprintf(err, errsz, "rename %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	snprintf(dircopy, sizeof(dircopy), "%s", path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* Serialises r (sealed like the file it came from when sealed is true)
 * and writes it over path, keeping the file's owner. */
static int
write_ring(const char *path, const struct ring *r, const struct seal_header *seal,
    const unsigned char seal_key[KEY_BYTES], char *err, size_t errsz)
{
	struct stat st;
	size_t plen, outlen = 0;
	char *plain = format_plain(r, &plen), *out = NULL;
	struct arena a;
	int rc = -1;

	arena_init(&a);
	if (stat(path, &st) == -1)
		st.st_uid = (uid_t)-1, st.st_gid = (gid_t)-1;
	if (seal == NULL) {
		rc = write_atomically(path, plain, plen, st.st_uid, st.st_gid, err, errsz);
		goto out;
	}
	{
		unsigned char *env;
		size_t envlen;
		char header[160], saltx[33];
		if (envelope_seal(seal_key, 0, SEAL_AAD, plain, plen, &a, &env, &envlen) != ENVELOPE_OK) {
			snprintf(err, errsz, "cannot seal the key ring");
			goto out;
		}
		hex_encode(seal->salt, sizeof(seal->salt), saltx);
		if (seal->passphrase)
			snprintf(header, sizeof(header), "crm-keyring-sealed 1 passphrase %d %d %d %s\n",
			    seal->log2n, seal->r, seal->p, saltx);
		else
			snprintf(header, sizeof(header), "crm-keyring-sealed 1 key\n");
		out = arena_alloc(&a, strlen(header) + envlen * 2 + 2);
		strcpy(out, header);
		hex_encode(env, envlen, out + strlen(header));
		strcat(out, "\n");
		outlen = strlen(out);
		rc = write_atomically(path, out, outlen, st.st_uid, st.st_gid, err, errsz);
	}
out:
	OPENSSL_cleanse(plain, plen);
	free(plain);
	arena_reset(&a);
	return rc;
}

int
keyring_create(const char *path, uid_t owner, gid_t group, char *err, size_t errsz)
{
	struct ring *r;
	size_t len;
	char *plain;
	int rc;

	if (access(path, F_OK) == 0) {
		snprintf(err, errsz, "%s exists: refusing to replace a key ring "
		    "(its keys may still be needed to read data)", path);
		return -1;
	}
	r = ring_new();
	r->n = 1;
	r->versions[0] = 1;
	r->has_index = true;
	if (RAND_priv_bytes(r->keks[0], KEY_BYTES) != 1 || RAND_priv_bytes(r->index, KEY_BYTES) != 1) {
		ring_free(r);
		snprintf(err, errsz, "the random generator failed");
		return -1;
	}
	plain = format_plain(r, &len);
	rc = write_atomically(path, plain, len, owner, group, err, errsz);
	OPENSSL_cleanse(plain, len);
	free(plain);
	ring_free(r);
	return rc;
}

/* Reads the ring at path and, when sealed, its header and sealing key,
 * so a change is written back sealed the same way (same salt and key: the
 * envelope's nonce is fresh at every write). */
static struct ring *
open_for_change(const char *path, const char *unseal_path, uid_t service_uid,
    struct seal_header *seal, bool *sealed, unsigned char seal_key[KEY_BYTES],
    char *err, size_t errsz)
{
	struct ring *r = read_ring(path, unseal_path, service_uid, sealed, err, errsz);
	size_t len = 0;
	char *text, *nl;

	if (r == NULL || !*sealed)
		return r;
	if ((text = secret_file_read_all(path, service_uid, &len, err, errsz)) == NULL)
		return (ring_free(r), NULL);
	if ((nl = strchr(text, '\n')) != NULL)
		*nl = '\0';
	if (parse_seal_header(text, seal) == -1 ||
	    sealing_key(seal, unseal_path, service_uid, seal_key, err, errsz) == -1)
		r = (ring_free(r), NULL);
	secret_free_len(text, len);
	return r;
}

/* Writes r back to path (sealed as before) and makes it the loaded ring. */
static int
commit_change(const char *path, struct ring *r, bool sealed, const struct seal_header *seal,
    unsigned char seal_key[KEY_BYTES], char *err, size_t errsz)
{
	int rc = write_ring(path, r, sealed ? seal : NULL, seal_key, err, errsz);

	OPENSSL_cleanse(seal_key, KEY_BYTES);
	if (rc == -1) {
		ring_free(r);
		return -1;
	}
	ring_free(loaded);
	loaded = r;
	return 0;
}

int
keyring_add_kek(const char *path, const char *unseal_path, uid_t service_uid,
    uint64_t *version, char *err, size_t errsz)
{
	struct seal_header seal;
	unsigned char seal_key[KEY_BYTES];
	bool sealed;
	struct ring *r = open_for_change(path, unseal_path, service_uid, &seal, &sealed,
	    seal_key, err, errsz);

	if (r == NULL)
		return -1;
	if (r->n == KEYRING_MAX_KEKS) {
		snprintf(err, errsz, "the key ring holds %d keys already: retire old ones first",
		    KEYRING_MAX_KEKS);
		OPENSSL_cleanse(seal_key, sizeof(seal_key));
		ring_free(r);
		return -1;
	}
	if (RAND_priv_bytes(r->keks[r->n], KEY_BYTES) != 1) {
		snprintf(err, errsz, "the random generator failed");
		OPENSSL_cleanse(seal_key, sizeof(seal_key));
		ring_free(r);
		return -1;
	}
	r->versions[r->n] = r->versions[r->n - 1] + 1;
	*version = r->versions[r->n++];
	return commit_change(path, r, sealed, &seal, seal_key, err, errsz);
}

int
keyring_remove_kek(const char *path, const char *unseal_path, uid_t service_uid,
    uint64_t version, char *err, size_t errsz)
{
	struct seal_header seal;
	unsigned char seal_key[KEY_BYTES];
	bool sealed;
	struct ring *r = open_for_change(path, unseal_path, service_uid, &seal, &sealed,
	    seal_key, err, errsz);
	size_t i;

	if (r == NULL)
		return -1;
	for (i = 0; i < r->n && r->versions[i] != version; i++)
		;
	if (i == r->n || i == r->n - 1) {
		snprintf(err, errsz, i == r->n ? "the key ring has no key %llu" :
		    "key %llu is the newest: rotate first, then retire it",
		    (unsigned long long)version);
		OPENSSL_cleanse(seal_key, sizeof(seal_key));
		ring_free(r);
		return -1;
	}
	memmove(&r->keks[i], &r->keks[i + 1], (r->n - i - 1) * KEY_BYTES);
	memmove(&r->versions[i], &r->versions[i + 1], (r->n - i - 1) * sizeof(r->versions[0]));
	r->n--;
	OPENSSL_cleanse(r->keks[r->n], KEY_BYTES);
	return commit_change(path, r, sealed, &seal, seal_key, err, errsz);
}

/* The header and key for sealing with seal_path. */
static int
new_seal(const char *kind, const char *seal_path, uid_t service_uid,
    struct seal_header *seal, unsigned char key[KEY_BYTES], char *err, size_t errsz)
{
	memset(seal, 0, sizeof(*seal));
	if (strcmp(kind, "passphrase") == 0) {
		seal->passphrase = true;
		seal->log2n = SCRYPT_LOG2_N;
		seal->r = SCRYPT_R;
		seal->p = SCRYPT_P;
		if (RAND_bytes(seal->salt, sizeof(seal->salt)) != 1) {
			snprintf(err, errsz, "the random generator failed");
			return -1;
		}
	} else if (strcmp(kind, "key") != 0) {
		snprintf(err, errsz, "seal with \"key\" or \"passphrase\"");
		return -1;
	}
	return sealing_key(seal, seal_path, service_uid, key, err, errsz);
}

int
keyring_seal(const char *path, const char *unseal_path, uid_t service_uid,
    const char *seal_kind, const char *seal_path, char *err, size_t errsz)
{
	struct seal_header seal;
	unsigned char seal_key[KEY_BYTES];
	bool sealed;
	struct ring *r = open_for_change(path, unseal_path, service_uid, &seal, &sealed,
	    seal_key, err, errsz);

	if (r == NULL)
		return -1;
	OPENSSL_cleanse(seal_key, sizeof(seal_key));
	if (seal_path == NULL)
		return commit_change(path, r, false, NULL, seal_key, err, errsz);
	if (new_seal(seal_kind, seal_path, service_uid, &seal, seal_key, err, errsz) == -1) {
		ring_free(r);
		return -1;
	}
	return commit_change(path, r, true, &seal, seal_key, err, errsz);
}

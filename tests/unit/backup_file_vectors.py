#!/usr/bin/env python3
"""Backup files made by an independent implementation of the format in
src/ops/backup_file.h (Python's cryptography and zlib, salt fixed at 00..1f,
key "0123456789abcdef0123456789abcdef", key id "bk-test-1", label
"crm.sql", chunk size 64). Writes
  tests/unit/backup_file_vectors.h      for test_backup_file.c
  tests/fuzz/corpus/fuzz_backup_reader/ the fuzz target's seeds
Besides a good file, some are well encrypted but wrong inside (a cut or
overlong zlib stream, bad deflate data), which no bit flip can produce.
Run it again only when the format changes:
  python3 tests/unit/backup_file_vectors.py
It also reads a backup file, independently of the C code (the whole file
in memory: for tests and spot checks, not for restores):
  python3 tests/unit/backup_file_vectors.py check FILE KEYFILE [LABEL]
prints the file's SHA-256 and the plaintext size, or why it is refused."""
import hashlib
import os
import struct
import sys
import zlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY = b"0123456789abcdef0123456789abcdef"
SALT = bytes(range(32))
KEY_ID = b"bk-test-1"
LABEL = b"crm.sql"
CHUNK = 64
HERE = os.path.dirname(os.path.abspath(__file__))


def hkdf(info, n):
    return HKDF(hashes.SHA256(), n, SALT, info.encode()).derive(KEY)


def backup(payload, empty_final=False):
    """The file for a payload (the compressed stream) cut into chunks."""
    fkey, nonce_base, check = (hkdf("crm-backup v1 key", 32), hkdf("crm-backup v1 nonce", 12),
                               hkdf("crm-backup v1 check", 32))
    header = (b"\x89CRMBAK\n" + bytes([1, 1]) + struct.pack(">I", CHUNK) + SALT + check +
              bytes([len(KEY_ID)]) + KEY_ID + bytes([len(LABEL)]) + LABEL)
    hhash = hashlib.sha256(header).digest()
    pieces = [payload[i:i + CHUNK] for i in range(0, len(payload), CHUNK)] or [b""]
    if empty_final:
        pieces.append(b"")
    out = header
    for i, piece in enumerate(pieces):
        flag = 1 if i == len(pieces) - 1 else 0
        ctr = b"\0" * 4 + struct.pack(">Q", i)
        nonce = bytes(a ^ b for a, b in zip(nonce_base, ctr))
        aad = hhash + struct.pack(">Q", i) + bytes([flag])
        out += bytes([flag]) + struct.pack(">I", len(piece)) + \
            AESGCM(fkey).encrypt(nonce, piece, aad)
    return out


def read_backup(data, key, label=None):
    """The plaintext of a backup file; raises ValueError saying why not."""
    if data[:8] != b"\x89CRMBAK\n":
        raise ValueError("not a CRM backup file")
    if len(data) < 80 or data[8] != 1 or data[9] != 1:
        raise ValueError("damaged header or unsupported version")
    chunk = struct.unpack(">I", data[10:14])[0]
    salt, check = data[14:46], data[46:78]
    o = 79 + data[78]
    key_id, llen = data[79:o], data[o]
    name, o = data[o + 1:o + 1 + llen], o + 1 + llen
    if label is not None and name != label.encode():
        raise ValueError("this backup holds %r" % name.decode())

    def derive(info, n):
        return HKDF(hashes.SHA256(), n, salt, info.encode()).derive(key)
    if derive("crm-backup v1 check", 32) != check:
        raise ValueError("the key does not fit (file key id %s)" % key_id.decode())
    fkey, nonce_base = derive("crm-backup v1 key", 32), derive("crm-backup v1 nonce", 12)
    hhash = hashlib.sha256(data[:o]).digest()
    payload, i, flag = b"", 0, 0
    while flag == 0:
        if o + 5 > len(data):
            raise ValueError("truncated before the final chunk")
        flag, n = data[o], struct.unpack(">I", data[o + 1:o + 5])[0]
        if flag > 1 or n > chunk or (flag == 0 and n != chunk) or o + 5 + n + 16 > len(data):
            raise ValueError("chunk %d damaged or truncated" % i)
        nonce = bytes(a ^ b for a, b in zip(nonce_base, b"\0" * 4 + struct.pack(">Q", i)))
        aad = hhash + struct.pack(">Q", i) + bytes([flag])
        payload += AESGCM(fkey).decrypt(nonce, data[o + 5:o + 5 + n + 16], aad)
        o, i = o + 5 + n + 16, i + 1
    if o != len(data):
        raise ValueError("data after the final chunk")
    z = zlib.decompressobj()
    plain = z.decompress(payload)
    if not z.eof or z.unused_data:
        raise ValueError("bad compressed stream")
    return plain


def check(path, keyfile, label=None):
    with open(keyfile) as f:
        lines = [line.split() for line in f if line.strip() and not line.startswith("#")]
    key = bytes.fromhex(next(v for k, v in lines[1:] if k == "key"))
    with open(path, "rb") as f:
        data = f.read()
    try:
        plain = read_backup(data, key, label)
    except Exception as e:  # InvalidTag has no message
        print("%s: refused: %s" % (path, str(e) or type(e).__name__))
        return 1
    print("%s: ok, sha256 %s, %d bytes of plaintext"
          % (path, hashlib.sha256(data).hexdigest(), len(plain)))
    return 0


def noise(n):
    return b"".join(hashlib.sha256(b"kat %d" % i).digest() for i in range(n // 32 + 1))[:n]


def main():
    plain = b"SELECT 1;\n" * 20 + noise(200)
    # A plaintext whose stream fills whole chunks: the final chunk is empty.
    k = next(k for k in range(1, 400) if len(zlib.compress(noise(k), 6)) % CHUNK == 0)
    vectors = {
        "OK": backup(zlib.compress(plain, 6)),
        "EMPTY_FINAL": backup(zlib.compress(noise(k), 6), empty_final=True),
        "EMPTY_PLAIN": backup(zlib.compress(b"", 6)),
        "INCOMPLETE": backup(zlib.compress(plain, 6)[:-5]),
        "TRAILING": backup(zlib.compress(plain, 6) + b"junk"),
        "TWO_STREAMS": backup(zlib.compress(plain, 6) + zlib.compress(b"x", 6)),
        "BAD_DEFLATE": backup(b"\x78\x9c" + noise(150)),
        "NO_PAYLOAD": backup(b""),
    }
    with open(os.path.join(HERE, "backup_file_vectors.h"), "w") as f:
        f.write("/* Generated by backup_file_vectors.py: do not edit. EMPTY_FINAL holds\n"
                " * %d pseudo-random bytes (SHA-256 of \"kat 0\", \"kat 1\" ...). */\n" % k)
        f.write("#define VECTOR_EMPTY_FINAL_PLAIN %d\n" % k)
        for name, data in vectors.items():
            f.write("#define VECTOR_%s \\\n" % name)
            hexed = data.hex()
            for i in range(0, len(hexed), 64):
                f.write('\t"%s"%s\n' % (hexed[i:i + 64], " \\" if i + 64 < len(hexed) else ""))
    corpus = os.path.join(HERE, "..", "fuzz", "corpus", "fuzz_backup_reader")
    os.makedirs(corpus, exist_ok=True)
    for name, data in vectors.items():
        with open(os.path.join(corpus, name.lower()), "wb") as f:
            f.write(data)
    with open(os.path.join(corpus, "header_only"), "wb") as f:
        f.write(vectors["OK"][:79 + len(KEY_ID) + 1 + len(LABEL)])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        sys.exit(check(*sys.argv[2:5]))
    main()

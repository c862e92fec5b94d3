/* OpenSSL's libcrypto through the EVP API: SHA-256, AES-128-GCM or ChaCha20-Poly1305
 * over a 4 MiB buffer, repeated; prints the digest or the ciphertext's checksum and tag.
 * Linked statically against Debian's libcrypto.a (the arm64 or armhf build for the
 * guest, the amd64 one natively), which picks its code paths (ARMv8 crypto instructions,
 * NEON) from the CPU's AT_HWCAP. The checksum is 64 bits on every guest.
 * args: sha256|aes-128-gcm|chacha20-poly1305 MiB */
#include <openssl/evp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF (4 << 20)

static void hex(const unsigned char *p, int n)
{
    for (int i = 0; i < n; i++) printf("%02x", p[i]);
}

static int digest(const unsigned char *buf, long rounds)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) return 1;
    for (long r = 0; r < rounds; r++)
        if (!EVP_DigestUpdate(ctx, buf, BUF)) return 1;
    if (!EVP_DigestFinal_ex(ctx, md, &len)) return 1;
    printf("sha256 ");
    hex(md, (int)len);
    printf("\n");
    EVP_MD_CTX_free(ctx);
    return 0;
}

static int aead(const EVP_CIPHER *cipher, const char *name, unsigned char *buf, long rounds)
{
    static const unsigned char key[32] = "0123456789abcdef0123456789abcde";
    static const unsigned char iv[12] = "nonce-012345";
    unsigned char tag[16];
    uint64_t sum = 0;
    int len = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return 1;
    for (long r = 0; r < rounds; r++) {
        /* Each round encrypts the previous round's ciphertext in place. */
        if (!EVP_EncryptInit_ex(ctx, cipher, NULL, key, iv) ||
            !EVP_EncryptUpdate(ctx, buf, &len, buf, BUF) ||
            !EVP_EncryptFinal_ex(ctx, buf + len, &len) ||
            !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag))
            return 1;
        for (int i = 0; i < BUF; i += 4093) sum = sum * 31 + buf[i];
    }
    printf("%s %016" PRIx64 " ", name, sum);
    hex(tag, 16);
    printf("\n");
    EVP_CIPHER_CTX_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    const char *alg = argc > 1 ? argv[1] : "sha256";
    long mib = argc > 2 ? atol(argv[2]) : 64;
    long rounds = (mib + 3) / 4;
    unsigned char *buf = malloc(BUF);
    if (!buf) return 1;
    for (int i = 0; i < BUF; i++) buf[i] = (unsigned char)(i * 131 ^ i >> 11);
    int err;
    if (strcmp(alg, "sha256") == 0)
        err = digest(buf, rounds);
    else if (strcmp(alg, "aes-128-gcm") == 0)
        err = aead(EVP_aes_128_gcm(), alg, buf, rounds);
    else if (strcmp(alg, "chacha20-poly1305") == 0)
        err = aead(EVP_chacha20_poly1305(), alg, buf, rounds);
    else {
        fprintf(stderr, "unknown algorithm %s\n", alg);
        return 2;
    }
    if (err) fprintf(stderr, "openssl_evp: %s failed\n", alg);
    return err;
}

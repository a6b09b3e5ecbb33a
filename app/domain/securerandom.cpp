#include "domain/securerandom.h"

#include <QCryptographicHash>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace sanctum {

QByteArray SecureRandom::bytes(int n)
{
    QByteArray out(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), n) != 1) {
        std::fputs("sanctum: the system's random number generator failed; refusing to continue\n", stderr);
        std::abort();
    }
    return out;
}

QString SecureRandom::token(const QString &prefix, int byteCount)
{
    QByteArray raw = bytes(byteCount);
    const QString result =
        prefix + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    secureZero(raw);
    return result;
}

QString SecureRandom::identifier(const QString &prefix)
{
    return prefix + QString::fromLatin1(bytes(8).toHex());
}

QByteArray Digest::sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

QString Digest::sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(sha256(data).toHex());
}

bool Digest::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

void secureZero(QByteArray &secret)
{
    // Only a buffer we own alone is scrubbed: data() on a shared one would
    // detach and scrub a fresh copy, leaving the original where it was.
    if (!secret.isEmpty() && secret.isDetached())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    secret.clear();
}

void secureZero(QString &secret)
{
    if (!secret.isEmpty() && secret.isDetached())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()) * sizeof(QChar));
    secret.clear();
}

} // namespace sanctum

#pragma once

#include <QByteArray>
#include <QString>

namespace sanctum {

// Randomness for secrets, straight from OpenSSL's CSPRNG. Never QRandomGenerator
// for anything an attacker could profit from guessing.
class SecureRandom {
public:
    // n random bytes; aborts the process if the CSPRNG fails, because carrying
    // on with weak randomness would hand out guessable keys.
    static QByteArray bytes(int n);
    // prefix + base64url(32 random bytes) without padding, e.g. "sa_…" agent
    // keys and "sm_…" mission tokens.
    static QString token(const QString &prefix, int byteCount = 32);
    // A short public identifier (not a secret): prefix + 16 hex characters.
    static QString identifier(const QString &prefix);
};

// SHA-256 helpers. Secrets are only ever stored as these digests.
class Digest {
public:
    static QByteArray sha256(const QByteArray &data);
    static QString sha256Hex(const QByteArray &data);
    // Compares two byte strings in time independent of where they differ.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
};

// Overwrites a buffer that held a secret before its memory is released.
void secureZero(QByteArray &secret);
void secureZero(QString &secret);

} // namespace sanctum

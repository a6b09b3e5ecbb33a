#pragma once

#include <QByteArray>

namespace sanctum {

// Proof Key for Code Exchange (RFC 7636), S256 only: the plain method gives
// no protection against an intercepted code and is never offered.
class Pkce {
public:
    // A fresh verifier: 32 bytes from OpenSSL's CSPRNG, base64url, 43 chars.
    static Pkce generate();
    // For a known verifier (tests, RFC vectors).
    static Pkce fromVerifier(const QByteArray &verifier);

    const QByteArray &verifier() const { return m_verifier; }
    // BASE64URL(SHA256(ASCII(verifier))), unpadded.
    const QByteArray &challenge() const { return m_challenge; }
    static QByteArray method() { return QByteArrayLiteral("S256"); }

private:
    QByteArray m_verifier;
    QByteArray m_challenge;
};

} // namespace sanctum

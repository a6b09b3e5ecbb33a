#include "auth/pkce.h"

#include "domain/securerandom.h"

namespace sanctum {

namespace {
constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
}

Pkce Pkce::generate()
{
    QByteArray random = SecureRandom::bytes(32);
    Pkce p = fromVerifier(random.toBase64(kBase64Url));
    secureZero(random);
    return p;
}

Pkce Pkce::fromVerifier(const QByteArray &verifier)
{
    Pkce p;
    p.m_verifier = verifier;
    p.m_challenge = Digest::sha256(verifier).toBase64(kBase64Url);
    return p;
}

} // namespace sanctum

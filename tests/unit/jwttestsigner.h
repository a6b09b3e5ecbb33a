#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>

// Makes keys and signs tokens in the tests themselves, with OpenSSL, so the
// verifier is checked against signatures it did not produce.
class JwtTestSigner {
public:
    enum class Kind { Rsa, Ec };

    explicit JwtTestSigner(Kind kind, int rsaBits = 2048)
        : m_kind(kind)
        , m_key(kind == Kind::Rsa ? EVP_RSA_gen(rsaBits) : EVP_EC_gen("P-256"), &EVP_PKEY_free)
    {
    }

    bool isValid() const { return m_key != nullptr; }

    static QByteArray b64(const QByteArray &raw)
    {
        return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }

    // The public half as a JWK.
    QJsonObject jwk(const QString &kid) const
    {
        if (m_kind == Kind::Rsa)
            return {{QStringLiteral("kty"), QStringLiteral("RSA")},
                    {QStringLiteral("kid"), kid},
                    {QStringLiteral("use"), QStringLiteral("sig")},
                    {QStringLiteral("n"), QString::fromLatin1(b64(bnParam(OSSL_PKEY_PARAM_RSA_N, 0)))},
                    {QStringLiteral("e"), QString::fromLatin1(b64(bnParam(OSSL_PKEY_PARAM_RSA_E, 0)))}};
        return {{QStringLiteral("kty"), QStringLiteral("EC")},
                {QStringLiteral("kid"), kid},
                {QStringLiteral("crv"), QStringLiteral("P-256")},
                {QStringLiteral("x"), QString::fromLatin1(b64(bnParam(OSSL_PKEY_PARAM_EC_PUB_X, 32)))},
                {QStringLiteral("y"), QString::fromLatin1(b64(bnParam(OSSL_PKEY_PARAM_EC_PUB_Y, 32)))}};
    }

    // A compact JWS over header and claims, signed as `alg` says.
    QByteArray sign(const QJsonObject &header, const QJsonObject &claims, const QString &alg) const
    {
        const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                                 b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        return input + '.' + b64(rawSignature(input, alg));
    }

    QByteArray rawSignature(const QByteArray &input, const QString &alg) const
    {
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pctx = nullptr;
        EVP_DigestSignInit(md, &pctx, EVP_sha256(), nullptr, m_key.get());
        if (alg == QStringLiteral("PS256")) {
            EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
        }
        size_t len = 0;
        EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char *>(input.constData()), input.size());
        QByteArray sig(int(len), Qt::Uninitialized);
        EVP_DigestSign(md,
                       reinterpret_cast<unsigned char *>(sig.data()),
                       &len,
                       reinterpret_cast<const unsigned char *>(input.constData()),
                       input.size());
        sig.resize(int(len));
        EVP_MD_CTX_free(md);
        if (m_kind == Kind::Ec)
            return derToJose(sig);
        return sig;
    }

private:
    QByteArray bnParam(const char *name, int width) const
    {
        BIGNUM *bn = nullptr;
        EVP_PKEY_get_bn_param(m_key.get(), name, &bn);
        QByteArray out(width ? width : BN_num_bytes(bn), '\0');
        BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), int(out.size()));
        BN_free(bn);
        return out;
    }

    static QByteArray derToJose(const QByteArray &der)
    {
        const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
        ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
        QByteArray out(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char *>(out.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char *>(out.data()) + 32, 32);
        ECDSA_SIG_free(sig);
        return out;
    }

    Kind m_kind;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> m_key;
};

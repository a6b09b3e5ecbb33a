#include "auth/jwtverifier.h"
#include "jwttestsigner.h"

#include <QJsonArray>
#include <QTest>

#include <openssl/hmac.h>

using namespace sanctum;

namespace {
const QString kIssuer = QStringLiteral("https://tenant.example/");
const QString kClient = QStringLiteral("sanctum");
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
} // namespace

class TestJwtVerifier : public QObject {
    Q_OBJECT

    std::unique_ptr<JwtTestSigner> m_rsa;
    std::unique_ptr<JwtTestSigner> m_ec;
    std::unique_ptr<JwtTestSigner> m_otherRsa;
    JwkSet m_keys;

    static QJsonObject claims(qint64 now = kNow.toSecsSinceEpoch())
    {
        return {{QStringLiteral("iss"), kIssuer},
                {QStringLiteral("sub"), QStringLiteral("auth0|alice")},
                {QStringLiteral("aud"), kClient},
                {QStringLiteral("iat"), now - 10},
                {QStringLiteral("exp"), now + 600},
                {QStringLiteral("nonce"), QStringLiteral("n-123")},
                {QStringLiteral("name"), QStringLiteral("Alice")}};
    }

    static JwtExpectations expect()
    {
        JwtExpectations e;
        e.issuer = kIssuer;
        e.audiences = {kClient};
        e.authorizedParty = kClient;
        e.nonce = QStringLiteral("n-123");
        return e;
    }

    static QJsonObject header(const QString &alg, const QString &kid)
    {
        return {
            {QStringLiteral("alg"), alg}, {QStringLiteral("kid"), kid}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    }

    QByteArray token(const QString &alg, const QJsonObject &c = claims()) const
    {
        const JwtTestSigner &s = alg == QStringLiteral("ES256") ? *m_ec : *m_rsa;
        return s.sign(
            header(alg, alg == QStringLiteral("ES256") ? QStringLiteral("ec-1") : QStringLiteral("rsa-1")), c, alg);
    }

    QString errorOf(const QByteArray &t, const JwtExpectations &e = expect(), const QDateTime &now = kNow) const
    {
        const Expected<QJsonObject> r = JwtVerifier::verify(t, m_keys, e, now);
        return r ? QString() : r.error().code;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_rsa = std::make_unique<JwtTestSigner>(JwtTestSigner::Kind::Rsa);
        m_ec = std::make_unique<JwtTestSigner>(JwtTestSigner::Kind::Ec);
        m_otherRsa = std::make_unique<JwtTestSigner>(JwtTestSigner::Kind::Rsa);
        QVERIFY(m_rsa->isValid() && m_ec->isValid() && m_otherRsa->isValid());
        const Expected<JwkSet> keys =
            JwkSet::fromJson({{QStringLiteral("keys"),
                               QJsonArray{m_rsa->jwk(QStringLiteral("rsa-1")), m_ec->jwk(QStringLiteral("ec-1"))}}});
        QVERIFY(keys.ok());
        QCOMPARE(keys->keys().size(), 2);
        m_keys = *keys;
    }

    void acceptsEachAlgorithm_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("RS256") << QStringLiteral("RS256");
        QTest::newRow("PS256") << QStringLiteral("PS256");
        QTest::newRow("ES256") << QStringLiteral("ES256");
    }

    void acceptsEachAlgorithm()
    {
        QFETCH(QString, alg);
        const Expected<QJsonObject> r = JwtVerifier::verify(token(alg), m_keys, expect(), kNow);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->value(QStringLiteral("name")).toString(), QStringLiteral("Alice"));
    }

    void refusesUnsafeAlgorithms()
    {
        // "none": no signature at all.
        const QByteArray none =
            JwtTestSigner::b64(
                QJsonDocument(header(QStringLiteral("none"), QStringLiteral("rsa-1"))).toJson(QJsonDocument::Compact)) +
            '.' + JwtTestSigner::b64(QJsonDocument(claims()).toJson(QJsonDocument::Compact)) + '.';
        QCOMPARE(errorOf(none), QStringLiteral("jwt_alg_refused"));

        // HS256 keyed with the RSA public key's bytes: the classic confusion.
        const QByteArray input =
            JwtTestSigner::b64(QJsonDocument(header(QStringLiteral("HS256"), QStringLiteral("rsa-1")))
                                   .toJson(QJsonDocument::Compact)) +
            '.' + JwtTestSigner::b64(QJsonDocument(claims()).toJson(QJsonDocument::Compact));
        const QByteArray secret = QJsonDocument(m_rsa->jwk(QStringLiteral("rsa-1"))).toJson(QJsonDocument::Compact);
        unsigned char mac[32];
        unsigned int macLen = 0;
        HMAC(EVP_sha256(),
             secret.constData(),
             int(secret.size()),
             reinterpret_cast<const unsigned char *>(input.constData()),
             size_t(input.size()),
             mac,
             &macLen);
        const QByteArray hs = input + '.' + JwtTestSigner::b64(QByteArray(reinterpret_cast<char *>(mac), int(macLen)));
        QCOMPARE(errorOf(hs), QStringLiteral("jwt_alg_refused"));
    }

    void algorithmCannotBeSwapped()
    {
        // Signed with PKCS#1 v1.5 but labelled PS256, and the other way round.
        QJsonObject h = header(QStringLiteral("PS256"), QStringLiteral("rsa-1"));
        QByteArray t = m_rsa->sign(h, claims(), QStringLiteral("RS256"));
        QCOMPARE(errorOf(t), QStringLiteral("jwt_bad_signature"));
        h = header(QStringLiteral("RS256"), QStringLiteral("rsa-1"));
        t = m_rsa->sign(h, claims(), QStringLiteral("PS256"));
        QCOMPARE(errorOf(t), QStringLiteral("jwt_bad_signature"));
        // An ES256 label on an RSA key's kid finds no suitable key.
        t = m_rsa->sign(header(QStringLiteral("ES256"), QStringLiteral("rsa-1")), claims(), QStringLiteral("RS256"));
        QCOMPARE(errorOf(t), QStringLiteral("jwt_unknown_kid"));
    }

    void tamperingBreaksTheSignature()
    {
        const QByteArray good = token(QStringLiteral("RS256"));
        QList<QByteArray> parts = good.split('.');
        QJsonObject forged = claims();
        forged.insert(QStringLiteral("sub"), QStringLiteral("auth0|mallory"));
        parts[1] = JwtTestSigner::b64(QJsonDocument(forged).toJson(QJsonDocument::Compact));
        QCOMPARE(errorOf(parts.join('.')), QStringLiteral("jwt_bad_signature"));

        for (const QString &alg : {QStringLiteral("RS256"), QStringLiteral("ES256")}) {
            QList<QByteArray> p = token(alg).split('.');
            QByteArray sig = QByteArray::fromBase64(p[2], QByteArray::Base64UrlEncoding);
            sig[5] = char(sig[5] ^ 0x01);
            p[2] = JwtTestSigner::b64(sig);
            QCOMPARE(errorOf(p.join('.')), QStringLiteral("jwt_bad_signature"));
        }
        // Signed by a key the issuer never published, under a known kid.
        const QByteArray impostor = m_otherRsa->sign(
            header(QStringLiteral("RS256"), QStringLiteral("rsa-1")), claims(), QStringLiteral("RS256"));
        QCOMPARE(errorOf(impostor), QStringLiteral("jwt_bad_signature"));
        // An ES256 signature of the wrong length.
        QList<QByteArray> p = token(QStringLiteral("ES256")).split('.');
        p[2] = JwtTestSigner::b64(QByteArray(63, 'x'));
        QCOMPARE(errorOf(p.join('.')), QStringLiteral("jwt_bad_signature"));
    }

    void unknownCriticalExtensionIsRefused()
    {
        QJsonObject h = header(QStringLiteral("RS256"), QStringLiteral("rsa-1"));
        h.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("exp")});
        QCOMPARE(errorOf(m_rsa->sign(h, claims(), QStringLiteral("RS256"))), QStringLiteral("jwt_crit"));
    }

    void unknownKidAsksForARefetch()
    {
        const QByteArray t = m_rsa->sign(
            header(QStringLiteral("RS256"), QStringLiteral("rotated-2")), claims(), QStringLiteral("RS256"));
        QCOMPARE(errorOf(t), QStringLiteral("jwt_unknown_kid"));
    }

    void claimsAreChecked_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("error");
        const qint64 now = kNow.toSecsSinceEpoch();
        QTest::newRow("wrong issuer") << "iss" << QJsonValue(QStringLiteral("https://evil.example/"))
                                      << "jwt_wrong_issuer";
        QTest::newRow("wrong audience") << "aud" << QJsonValue(QStringLiteral("someone-else")) << "jwt_wrong_audience";
        QTest::newRow("audience list without us")
            << "aud" << QJsonValue(QJsonArray{QStringLiteral("a"), QStringLiteral("b")}) << "jwt_wrong_audience";
        QTest::newRow("wrong nonce") << "nonce" << QJsonValue(QStringLiteral("replayed")) << "jwt_wrong_nonce";
        QTest::newRow("expired") << "exp" << QJsonValue(now - 61) << "jwt_expired";
        QTest::newRow("expired within skew") << "exp" << QJsonValue(now - 59) << "";
        QTest::newRow("not yet valid") << "nbf" << QJsonValue(now + 61) << "jwt_not_yet_valid";
        QTest::newRow("nbf within skew") << "nbf" << QJsonValue(now + 59) << "";
        QTest::newRow("issued in the future") << "iat" << QJsonValue(now + 120) << "jwt_not_yet_valid";
        QTest::newRow("no expiry") << "exp" << QJsonValue(QJsonValue::Undefined) << "jwt_malformed";
        QTest::newRow("expiry as text") << "exp" << QJsonValue(QStringLiteral("tomorrow")) << "jwt_malformed";
    }

    void claimsAreChecked()
    {
        QFETCH(QString, claim);
        QFETCH(QJsonValue, value);
        QFETCH(QString, error);
        QJsonObject c = claims();
        if (value.isUndefined())
            c.remove(claim);
        else
            c.insert(claim, value);
        QCOMPARE(errorOf(token(QStringLiteral("ES256"), c)), error);
    }

    void severalAudiencesNeedOurAzp()
    {
        QJsonObject c = claims();
        c.insert(QStringLiteral("aud"), QJsonArray{kClient, QStringLiteral("https://api.example")});
        QCOMPARE(errorOf(token(QStringLiteral("RS256"), c)), QStringLiteral("jwt_wrong_audience"));
        c.insert(QStringLiteral("azp"), kClient);
        QCOMPARE(errorOf(token(QStringLiteral("RS256"), c)), QString());
    }

    void malformedTokens_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("two parts") << QByteArray("eyJhbGciOiJSUzI1NiJ9.e30");
        QTest::newRow("four parts") << QByteArray("a.b.c.d");
        QTest::newRow("header not json") << QByteArray("bm90IGpzb24.e30.c2ln");
        QTest::newRow("bad base64") << QByteArray("eyJhbGciOiJSUzI1NiJ9.e3$0.c2ln");
        QTest::newRow("huge") << QByteArray(JwtVerifier::kMaxTokenBytes + 1, 'a');
    }

    void malformedTokens()
    {
        QFETCH(QByteArray, token);
        QCOMPARE(errorOf(token), QStringLiteral("jwt_malformed"));
    }

    void jwksRefusesUnsafeKeys()
    {
        QJsonObject withPrivate = m_rsa->jwk(QStringLiteral("p"));
        withPrivate.insert(QStringLiteral("d"), QStringLiteral("AAAA"));
        const JwtTestSigner weak(JwtTestSigner::Kind::Rsa, 1024);
        QJsonObject offCurve = m_ec->jwk(QStringLiteral("bad-point"));
        offCurve.insert(QStringLiteral("y"), QString::fromLatin1(JwtTestSigner::b64(QByteArray(32, '\x01'))));
        QJsonObject encryption = m_rsa->jwk(QStringLiteral("enc"));
        encryption.insert(QStringLiteral("use"), QStringLiteral("enc"));
        const QJsonArray keys{withPrivate,
                              weak.jwk(QStringLiteral("weak")),
                              offCurve,
                              encryption,
                              QJsonObject{{QStringLiteral("kty"), QStringLiteral("oct")},
                                          {QStringLiteral("k"), QStringLiteral("c2VjcmV0")}},
                              m_ec->jwk(QStringLiteral("good"))};
        const Expected<JwkSet> set = JwkSet::fromJson({{QStringLiteral("keys"), keys}});
        QVERIFY(set.ok());
        QCOMPARE(set->keys().size(), 1);
        QCOMPARE(set->keys().first().kid(), QStringLiteral("good"));
        QCOMPARE(set->skipped().size(), 5);
        QVERIFY(!JwkSet::fromJson({{QStringLiteral("nokeys"), 1}}).ok());
    }
};

QTEST_GUILESS_MAIN(TestJwtVerifier)
#include "tst_jwtverifier.moc"

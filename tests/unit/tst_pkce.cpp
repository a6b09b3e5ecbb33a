#include "auth/pkce.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace sanctum;

class TestPkce : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rfc7636AppendixB()
    {
        const Pkce p = Pkce::fromVerifier(QByteArrayLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        QCOMPARE(p.challenge(), QByteArrayLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        QCOMPARE(Pkce::method(), QByteArrayLiteral("S256"));
    }

    void generatedVerifiersAreLongRandomAndWellFormed()
    {
        // RFC 7636 §4.1: 43 to 128 unreserved characters.
        static const QRegularExpression unreserved(QStringLiteral("^[A-Za-z0-9._~-]{43,128}$"));
        QSet<QByteArray> seen;
        for (int i = 0; i < 100; ++i) {
            const Pkce p = Pkce::generate();
            QVERIFY(unreserved.match(QString::fromLatin1(p.verifier())).hasMatch());
            QCOMPARE(p.challenge(), Pkce::fromVerifier(p.verifier()).challenge());
            QVERIFY(p.challenge() != p.verifier());
            seen.insert(p.verifier());
        }
        QCOMPARE(seen.size(), 100);
    }
};

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"

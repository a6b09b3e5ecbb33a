#include "broker/pipeline/proxypath.h"

#include <QTest>

using namespace sanctum;

class TestProxyPath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void accepts_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("forward");
        QTest::newRow("plain") << QByteArray("/repos/acme/web/issues") << QStringLiteral("/repos/acme/web/issues")
                               << QByteArray("/repos/acme/web/issues");
        QTest::newRow("query kept") << QByteArray("/repos/acme/web/issues?state=open&per_page=5")
                                    << QStringLiteral("/repos/acme/web/issues")
                                    << QByteArray("/repos/acme/web/issues?state=open&per_page=5");
        QTest::newRow("encoded name") << QByteArray("/repos/acme/web/contents/docs/read%20me.md")
                                      << QStringLiteral("/repos/acme/web/contents/docs/read me.md")
                                      << QByteArray("/repos/acme/web/contents/docs/read%20me.md");
        QTest::newRow("trailing slash") << QByteArray("/user/") << QStringLiteral("/user") << QByteArray("/user");
        QTest::newRow("dots inside a name") << QByteArray("/repos/acme/web/contents/.github/a..b")
                                            << QStringLiteral("/repos/acme/web/contents/.github/a..b")
                                            << QByteArray("/repos/acme/web/contents/.github/a..b");
    }

    void accepts()
    {
        QFETCH(QByteArray, target);
        QFETCH(QString, path);
        QFETCH(QByteArray, forward);
        const Expected<ProxyPath> p = ProxyPath::parse(target);
        QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
        QCOMPARE(p->path(), path);
        QCOMPARE(p->forwardTarget(), forward);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("dot-dot") << QByteArray("/repos/acme/../../admin");
        QTest::newRow("dot") << QByteArray("/repos/./acme");
        QTest::newRow("encoded dot-dot") << QByteArray("/repos/acme/%2e%2e/secret");
        QTest::newRow("encoded dot-dot, upper case") << QByteArray("/repos/acme/%2E%2E/secret");
        QTest::newRow("encoded slash") << QByteArray("/repos/acme%2f..%2fadmin");
        QTest::newRow("double encoding") << QByteArray("/repos/acme/%252e%252e/x");
        QTest::newRow("backslash") << QByteArray("/repos\\acme");
        QTest::newRow("encoded backslash") << QByteArray("/repos/%5c..%5cadmin");
        QTest::newRow("absolute URL") << QByteArray("http://evil.example/user");
        QTest::newRow("scheme-relative") << QByteArray("//evil.example/user");
        QTest::newRow("no leading slash") << QByteArray("user");
        QTest::newRow("CR LF") << QByteArray("/user\r\nX-Injected: 1");
        QTest::newRow("encoded CR LF") << QByteArray("/user%0d%0aX-Injected:%201");
        QTest::newRow("NUL") << QByteArray("/user%00.json");
        QTest::newRow("empty segment") << QByteArray("/repos//acme");
        QTest::newRow("fragment") << QByteArray("/user#frag");
        QTest::newRow("space") << QByteArray("/repos/acme web");
        QTest::newRow("invalid UTF-8") << QByteArray("/repos/%ff%fe");
        QTest::newRow("too long") << QByteArray("/") + QByteArray(ProxyPath::kMaxBytes, 'a');
    }

    void refuses()
    {
        QFETCH(QByteArray, target);
        const Expected<ProxyPath> p = ProxyPath::parse(target);
        QVERIFY2(!p.ok(), p.ok() ? qPrintable(p->path()) : "");
        QCOMPARE(p.error().code, QStringLiteral("invalid_path"));
        QCOMPARE(p.error().httpStatus, 400);
    }
};

QTEST_GUILESS_MAIN(TestProxyPath)
#include "tst_proxypath.moc"

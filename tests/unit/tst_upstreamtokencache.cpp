#include "domain/clock.h"
#include "upstream/upstreamtokencache.h"

#include <QTest>

using namespace sanctum;

class TestUpstreamTokenCache : public QObject {
    Q_OBJECT

    static UpstreamToken token(const QString &connection, const QByteArray &value, const QDateTime &expiresAt)
    {
        UpstreamToken t;
        t.connection = connection;
        t.accessToken = value;
        t.expiresAt = expiresAt;
        return t;
    }

private Q_SLOTS:
    void servesUntilShortlyBeforeExpiry()
    {
        ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        UpstreamTokenCache cache(clock, 60);
        cache.put(token(QStringLiteral("github"), "t1", clock.now().addSecs(3600)));
        QCOMPARE(cache.get(QStringLiteral("github"))->accessToken, QByteArray("t1"));
        QVERIFY(!cache.get(QStringLiteral("google")).has_value());

        clock.advance((3600 - 61) * 1000LL);
        QVERIFY(cache.contains(QStringLiteral("github")));
        clock.advance(1000); // 60 s left: too close to hand out
        QVERIFY(!cache.get(QStringLiteral("github")).has_value());

        cache.put(token(QStringLiteral("github"), "t2", clock.now().addSecs(3600)));
        QCOMPARE(cache.get(QStringLiteral("github"))->accessToken, QByteArray("t2")); // re-issued replaces
    }

    void tokensWithoutExpiryLastUntilDropped()
    {
        ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        UpstreamTokenCache cache(clock);
        cache.put(token(QStringLiteral("github"), "classic", QDateTime()));
        clock.advance(365LL * 24 * 3600 * 1000);
        QVERIFY(cache.contains(QStringLiteral("github")));
        cache.drop(QStringLiteral("github"));
        QVERIFY(!cache.contains(QStringLiteral("github")));
        cache.put(token(QStringLiteral("a"), "x", QDateTime()));
        cache.put(token(QStringLiteral("b"), "y", QDateTime()));
        cache.clear();
        QVERIFY(!cache.contains(QStringLiteral("a")) && !cache.contains(QStringLiteral("b")));
    }
};

QTEST_GUILESS_MAIN(TestUpstreamTokenCache)
#include "tst_upstreamtokencache.moc"

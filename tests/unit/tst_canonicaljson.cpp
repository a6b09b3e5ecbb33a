#include "domain/auditevent.h"
#include "domain/canonicaljson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sanctum;

class TestCanonicalJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serialize_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("sorted keys, no spaces")
            << QJsonValue(QJsonObject{{QStringLiteral("b"), 1}, {QStringLiteral("a"), true}})
            << QByteArray("{\"a\":true,\"b\":1}");
        QTest::newRow("nested") << QJsonValue(
                                       QJsonObject{{QStringLiteral("z"),
                                                    QJsonArray{QJsonObject{{QStringLiteral("y"), 2},
                                                                           {QStringLiteral("x"), QJsonValue()}}}}})
                                << QByteArray("{\"z\":[{\"x\":null,\"y\":2}]}");
        QTest::newRow("integers stay integers") << QJsonValue(1700000000000.0) << QByteArray("1700000000000");
        QTest::newRow("negative") << QJsonValue(-5) << QByteArray("-5");
        QTest::newRow("fraction") << QJsonValue(0.5) << QByteArray("0.5");
        QTest::newRow("escapes") << QJsonValue(QStringLiteral("a\"b\\c\nd\x01"))
                                 << QByteArray("\"a\\\"b\\\\c\\nd\\u0001\"");
        QTest::newRow("utf-8 kept as is")
            << QJsonValue(QStringLiteral("Zoë ✓")) << QByteArray("\"Zo\xc3\xab \xe2\x9c\x93\"");
        // Keys order by UTF-16 code units, as RFC 8785 says: 'Z' < 'a' < 'é'.
        QTest::newRow("key order") << QJsonValue(QJsonObject{
                                          {QStringLiteral("é"), 1}, {QStringLiteral("a"), 2}, {QStringLiteral("Z"), 3}})
                                   << QByteArray("{\"Z\":3,\"a\":2,\"\xc3\xa9\":1}");
    }

    void serialize()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(CanonicalJson::serialize(value), expected);
    }

    void outputIsValidJsonThatRoundTrips()
    {
        const QJsonObject o{{QStringLiteral("purpose"), QStringLiteral("fix \"the\" bug\t\u2028")},
                            {QStringLiteral("scopes"), QJsonArray{QStringLiteral("repo"), QStringLiteral("gist")}}};
        const QJsonDocument back = QJsonDocument::fromJson(CanonicalJson::serialize(o));
        QCOMPARE(back.object(), o);
    }

    void auditHashDependsOnEveryField()
    {
        AuditEvent e;
        e.seq = 7;
        e.at = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        e.actor = QStringLiteral("operator:cli");
        e.action = QStringLiteral("agent.added");
        e.subjectType = QStringLiteral("agent");
        e.subjectId = QStringLiteral("ag_1");
        e.setDetails({{QStringLiteral("name"), QStringLiteral("bot")}});
        e.prevHash = AuditEvent::kGenesisHash;
        const QByteArray base = e.computeHash();
        QCOMPARE(base.size(), 64);
        QCOMPARE(e.computeHash(), base); // deterministic

        auto changed = [&](auto mutate) {
            AuditEvent c = e;
            mutate(c);
            return c.computeHash() != base;
        };
        QVERIFY(changed([](AuditEvent &c) { c.seq = 8; }));
        QVERIFY(changed([](AuditEvent &c) { c.at = c.at.addMSecs(1); }));
        QVERIFY(changed([](AuditEvent &c) { c.actor = QStringLiteral("policy"); }));
        QVERIFY(changed([](AuditEvent &c) { c.action = QStringLiteral("agent.removed"); }));
        QVERIFY(changed([](AuditEvent &c) { c.subjectType = QStringLiteral("mission"); }));
        QVERIFY(changed([](AuditEvent &c) { c.subjectId = QStringLiteral("ag_2"); }));
        QVERIFY(changed([](AuditEvent &c) { c.setDetails({{QStringLiteral("name"), QStringLiteral("bot2")}}); }));
        QVERIFY(changed([](AuditEvent &c) { c.prevHash = QByteArray(64, 'f'); }));
    }

    void auditCanonicalFormMatchesGenericSerializer()
    {
        // The hand-written member order must be exactly what CanonicalJson
        // produces for the same object, or exported logs could not be checked
        // by anyone else's RFC 8785 implementation.
        AuditEvent e;
        e.seq = 3;
        e.at = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
        e.actor = QStringLiteral("agent:ag_1");
        e.action = QStringLiteral("mission.requested");
        e.subjectType = QStringLiteral("mission");
        e.subjectId = QStringLiteral("ms_1");
        e.setDetails({{QStringLiteral("scopes"), QJsonArray{QStringLiteral("repo")}}});
        QJsonObject o = e.toJson();
        o.remove(QStringLiteral("hash"));
        o.remove(QStringLiteral("prev_hash"));
        QCOMPARE(e.canonicalJson(), CanonicalJson::serialize(o));
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "tst_canonicaljson.moc"

#include "domain/scopeset.h"

#include <QTest>

using namespace sanctum;

class TestScopeSet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseAcceptsSpacesAndCommas()
    {
        ScopeSet s;
        QVERIFY(ScopeSet::parse(QStringLiteral(" repo:status, read:user  public_repo,,"), &s));
        QCOMPARE(
            s.toList(),
            (QStringList{QStringLiteral("public_repo"), QStringLiteral("read:user"), QStringLiteral("repo:status")}));
        // OAuth's wire form is space separated and, here, always sorted.
        QCOMPARE(s.toString(), QStringLiteral("public_repo read:user repo:status"));
    }

    void parseRejectsInvalidTokens_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("quote") << QStringLiteral("repo \"evil\"");
        QTest::newRow("backslash") << QStringLiteral("re\\po");
        QTest::newRow("non-ascii") << QStringLiteral("répo");
        QTest::newRow("control") << QStringLiteral("repo\x01");
        QTest::newRow("too long") << QString(200, QLatin1Char('a'));
    }

    void parseRejectsInvalidTokens()
    {
        QFETCH(QString, text);
        ScopeSet s{QStringLiteral("untouched")};
        QString error;
        QVERIFY(!ScopeSet::parse(text, &s, &error));
        QVERIFY(error.contains(QStringLiteral("not a valid scope")));
        QCOMPARE(s, ScopeSet{QStringLiteral("untouched")}); // output left alone on failure
    }

    void fromJsonRequiresStrings()
    {
        ScopeSet s;
        QString error;
        QVERIFY(!ScopeSet::fromJson(QJsonArray{QStringLiteral("repo"), 3}, &s, &error));
        QCOMPARE(error, QStringLiteral("scopes must be strings"));
        QVERIFY(ScopeSet::fromJson(QJsonArray{QStringLiteral("repo"), QStringLiteral("repo")}, &s));
        QCOMPARE(s.size(), 1);
    }

    void setAlgebra()
    {
        const ScopeSet granted{QStringLiteral("repo"), QStringLiteral("read:org"), QStringLiteral("gist")};
        const ScopeSet used{QStringLiteral("repo"), QStringLiteral("gist")};
        QVERIFY(granted.containsAll(used));
        QVERIFY(!used.containsAll(granted));
        QCOMPARE(granted.subtracted(used), ScopeSet{QStringLiteral("read:org")});
        QCOMPARE(granted.intersected(ScopeSet{QStringLiteral("gist"), QStringLiteral("user")}),
                 ScopeSet{QStringLiteral("gist")});
        QCOMPARE(used.united(ScopeSet{QStringLiteral("user")}).size(), 3);
        QVERIFY(ScopeSet().containsAll(ScopeSet()));
    }

    void jsonRoundTrip()
    {
        const ScopeSet s{QStringLiteral("b"), QStringLiteral("a")};
        ScopeSet back;
        QVERIFY(ScopeSet::fromJson(s.toJson(), &back));
        QCOMPARE(back, s);
        QCOMPARE(s.toJson().first().toString(), QStringLiteral("a"));
    }
};

QTEST_GUILESS_MAIN(TestScopeSet)
#include "tst_scopeset.moc"

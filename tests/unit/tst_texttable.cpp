// sanctumctl's tables show text that agents wrote; it must not be able to
// rewrite the operator's terminal.
#include "cli/texttable.h"

#include <QJsonValue>
#include <QTest>

using namespace sanctum;

class TestTextTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void controlCharactersAreShownNotObeyed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("escape sequence") << QStringLiteral("ok\x1b]0;pwned\x07")
                                         << QStringLiteral("ok\\u001b]0;pwned\\u0007");
        QTest::newRow("fake row") << QStringLiteral("triage\nms_1 approved")
                                  << QStringLiteral("triage\\u000ams_1 approved");
        QTest::newRow("bidi override") << QString::fromUtf16(u"read \u202Eevil") << QStringLiteral("read \\u202eevil");
        QTest::newRow("plain text stays")
            << QString::fromUtf8("triage acme/web — ünïcode") << QString::fromUtf8("triage acme/web — ünïcode");
    }

    void controlCharactersAreShownNotObeyed()
    {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        QCOMPARE(TextTable::cell(QJsonValue(text)), shown);
    }
};

QTEST_GUILESS_MAIN(TestTextTable)
#include "tst_texttable.moc"

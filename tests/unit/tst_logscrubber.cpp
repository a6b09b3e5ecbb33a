#include "domain/logscrubber.h"

#include <QTest>

using namespace sanctum;

namespace {
QStringList g_captured;
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_captured << message;
}
} // namespace

class TestLogScrubber : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void masksSecrets_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("secret");
        QTest::newRow("agent key") << QStringLiteral("key sa_2-MFzG1GDZ8bocORhth1ZTP3p3x5RPJ2y4bFerTOxsE added")
                                   << QStringLiteral("2-MFzG1GDZ8bocORhth1ZTP3p3x5RPJ2y4bFerTOxsE");
        QTest::newRow("mission token") << QStringLiteral("token=sm_AAAAbbbbCCCCdddd1234")
                                       << QStringLiteral("AAAAbbbbCCCCdddd1234");
        QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer abc.DEF-123_xyz")
                                << QStringLiteral("abc.DEF-123_xyz");
        QTest::newRow("jwt") << QStringLiteral("id_token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")
                             << QStringLiteral("eyJzdWIiOiIxIn0");
        QTest::newRow("form secret") << QStringLiteral("grant_type=refresh_token&refresh_token=v1.MjAyNi0&client_id=x")
                                     << QStringLiteral("v1.MjAyNi0");
        QTest::newRow("json secret") << QStringLiteral(
                                            "{\"access_token\": \"gho_16C7e42F292c6912E7710c838347Ae178B4a\"}")
                                     << QStringLiteral("16C7e42F292c6912E7710c838347Ae178B4a");
        QTest::newRow("client secret") << QStringLiteral("client_secret=s3cr3t-value&x=1")
                                       << QStringLiteral("s3cr3t-value");
        // Assembled at run time so the source holds nothing token-shaped.
        const QString fakeBody = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
        QTest::newRow("github token") << QStringLiteral("upstream ghp_") + fakeBody << fakeBody;
    }

    void masksSecrets()
    {
        QFETCH(QString, line);
        QFETCH(QString, secret);
        const QString clean = LogScrubber::scrub(line);
        QVERIFY2(!clean.contains(secret), qPrintable(clean));
        QVERIFY(clean.contains(QStringLiteral("***")) || clean.contains(QStringLiteral("<jwt>")));
    }

    void leavesOrdinaryTextAlone()
    {
        const QString line =
            QStringLiteral("agent triage-bot (ag_0123456789abcdef) used scope repo:status on GET /repos");
        QCOMPARE(LogScrubber::scrub(line), line);
    }

    void installedHandlerScrubsEveryMessage()
    {
        QtMessageHandler before = qInstallMessageHandler(&capture);
        LogScrubber::install();
        qWarning("refresh_token=%s", "rt-very-secret");
        qInfo() << "key" << QStringLiteral("sa_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
        qInstallMessageHandler(before);
        QCOMPARE(g_captured.size(), 2);
        for (const QString &m : std::as_const(g_captured)) {
            QVERIFY2(!m.contains(QStringLiteral("rt-very-secret")), qPrintable(m));
            QVERIFY2(!m.contains(QStringLiteral("ABCDEFGHIJKLMNOP")), qPrintable(m));
        }
    }
};

QTEST_GUILESS_MAIN(TestLogScrubber)
#include "tst_logscrubber.moc"

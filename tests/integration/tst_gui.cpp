// The control panel as `sanctum` opens it (without --headless), here on the
// offscreen platform: the QML loads, stays up while the core changes under
// it, prints no QML warning, and stops cleanly.
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum::test;

class TestGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void windowLoadsAndStaysFreeOfQmlWarnings()
    {
        QTemporaryDir tmp;
        const QString dataDir = tmp.filePath(QStringLiteral("data"));
        QProcess sanctum;
        sanctum.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/sanctum-test-bus"));
        sanctum.setProcessEnvironment(env);
        sanctum.start(QStringLiteral(SANCTUM_BIN),
                      {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--broker-port"), QStringLiteral("0")});
        QByteArray output;
        QDeadlineTimer ready(20000);
        while (!output.contains("Ready.") && sanctum.state() != QProcess::NotRunning && !ready.hasExpired()) {
            sanctum.waitForReadyRead(200);
            output += sanctum.readAll();
        }
        QVERIFY2(output.contains("Ready."), output.constData());

        // Changes the pages' models follow, while the window is up.
        for (const QString &name : {QStringLiteral("triage-bot"), QStringLiteral("release-bot")})
            QCOMPARE(
                runCtl({QStringLiteral("--data-dir"), dataDir, QStringLiteral("agents"), QStringLiteral("add"), name})
                    .exitCode,
                0);
        QCOMPARE(runCtl({QStringLiteral("--data-dir"),
                         dataDir,
                         QStringLiteral("agents"),
                         QStringLiteral("remove"),
                         QStringLiteral("release-bot"),
                         QStringLiteral("--reason"),
                         QStringLiteral("retired")})
                     .exitCode,
                 0);
        QTest::qWait(2500); // countdown ticks and model updates reach the pages
        output += sanctum.readAll();
        // A window that failed to load ends the process ("could not be loaded").
        QVERIFY2(sanctum.state() == QProcess::Running, output.constData());

        for (const char *sign :
             {"qrc:/", "qml:", "Binding loop", "TypeError", "ReferenceError", "is not a type", "could not be loaded"})
            QVERIFY2(!output.contains(sign), output.constData());

        sanctum.terminate();
        QVERIFY(sanctum.waitForFinished(10000));
        QCOMPARE(sanctum.exitStatus(), QProcess::NormalExit);
        QCOMPARE(sanctum.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGui)
#include "tst_gui.moc"

#include "sandboxtenant.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace sanctum::test;

// sanctumctl tenant/login/whoami/connections/logout end to end: a real
// headless instance signing in to the sandbox tenant with the device flow.
class TestCliAuth : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<HeadlessInstance> m_instance;
    QNetworkAccessManager m_nam;

    QJsonObject json(const QByteArray &out) { return QJsonDocument::fromJson(out).object(); }

    bool approveDevice(const QString &userCode)
    {
        QNetworkRequest r(m_sandbox->controlUrl(QStringLiteral("/device/approve")));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(
            m_nam.post(r,
                       QJsonDocument(QJsonObject{{QStringLiteral("user_code"), userCode},
                                                 {QStringLiteral("user"), QStringLiteral("alice")}})
                           .toJson()));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        return done.wait(10000) && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    }

    bool signInWithDevice()
    {
        QProcess login;
        login.start(QStringLiteral(SANCTUMCTL_BIN),
                    {QStringLiteral("--data-dir"),
                     m_instance->dataDir(),
                     QStringLiteral("login"),
                     QStringLiteral("--device"),
                     QStringLiteral("--json")});
        QByteArray out;
        static const QRegularExpression codeRe(QStringLiteral("\"user_code\": \"([^\"]+)\""));
        QRegularExpressionMatch m;
        QDeadlineTimer deadline(20000);
        while (!(m = codeRe.match(QString::fromUtf8(out))).hasMatch() && !deadline.hasExpired()) {
            login.waitForReadyRead(200);
            out += login.readAllStandardOutput();
        }
        if (!m.hasMatch() || !out.contains("verification_uri") || !approveDevice(m.captured(1)))
            return false;
        return login.waitForFinished(60000) && login.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxTenant>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        // No session bus: the keychain is absent and secrets must stay in memory.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-test-bus");
        m_instance = std::make_unique<HeadlessInstance>();
        QVERIFY2(m_instance->start(), m_instance->output().constData());
    }

    void signsInWithTheDeviceFlowAndChecksTheConnection()
    {
        QCOMPARE(m_instance->ctl({QStringLiteral("whoami")}).exitCode, 1); // no tenant yet
        QCOMPARE(m_instance->ctl({QStringLiteral("login"), QStringLiteral("--device")}).exitCode, 1);

        // tenant set, the secret through standard input only.
        QProcess set;
        set.start(QStringLiteral(SANCTUMCTL_BIN),
                  {QStringLiteral("--data-dir"),
                   m_instance->dataDir(),
                   QStringLiteral("tenant"),
                   QStringLiteral("set"),
                   QStringLiteral("--issuer"),
                   m_sandbox->issuer().toString(),
                   QStringLiteral("--client-id"),
                   m_sandbox->clientId(),
                   QStringLiteral("--audience"),
                   m_sandbox->audience(),
                   QStringLiteral("--connection"),
                   QStringLiteral("github"),
                   QStringLiteral("--client-secret-stdin"),
                   QStringLiteral("--json")});
        set.write(m_sandbox->clientSecret().toUtf8() + '\n');
        set.closeWriteChannel();
        QVERIFY(set.waitForFinished(30000));
        QCOMPARE(set.exitCode(), 0);
        const QJsonObject tenant = json(set.readAllStandardOutput());
        QCOMPARE(tenant.value(QStringLiteral("keychain")).toString(), QStringLiteral("memory only"));
        QCOMPARE(tenant.value(QStringLiteral("logged_in")).toBool(), false);

        // login --device prints the code, waits for its approval, and succeeds.
        QVERIFY(signInWithDevice());

        const CtlRun who = m_instance->ctl({QStringLiteral("whoami"), QStringLiteral("--json")});
        QCOMPARE(who.exitCode, 0);
        const QJsonObject identity = json(who.out).value(QStringLiteral("identity")).toObject();
        QVERIFY(!identity.value(QStringLiteral("sub")).toString().isEmpty());
        QVERIFY(!who.out.contains(m_sandbox->clientSecret().toUtf8()));

        const CtlRun status = m_instance->ctl({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(json(status.out).value(QStringLiteral("logged_in")).toBool(), true);
        QVERIFY(
            json(status.out).value(QStringLiteral("tenant")).toString().startsWith(QStringLiteral("http://127.0.0.1")));

        const CtlRun check = m_instance->ctl({QStringLiteral("connections"),
                                              QStringLiteral("check"),
                                              QStringLiteral("github"),
                                              QStringLiteral("--json")});
        QCOMPARE(check.exitCode, 0);
        const QJsonObject github = QJsonDocument::fromJson(check.out).array().first().toObject();
        QCOMPARE(github.value(QStringLiteral("health")).toString(), QStringLiteral("connected"));
        QCOMPARE(github.value(QStringLiteral("scopes")).toArray().size(), 12);
        // The outcome is recorded: list shows the last known health and scopes.
        const CtlRun listed =
            m_instance->ctl({QStringLiteral("connections"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonObject recorded = QJsonDocument::fromJson(listed.out).array().first().toObject();
        QCOMPARE(recorded.value(QStringLiteral("health")).toString(), QStringLiteral("connected"));
        QCOMPARE(recorded.value(QStringLiteral("scopes")).toArray().size(), 12);
        QVERIFY(!recorded.value(QStringLiteral("checked_at")).toString().isEmpty());
        const CtlRun unknown =
            m_instance->ctl({QStringLiteral("connections"), QStringLiteral("check"), QStringLiteral("gitlab")});
        QCOMPARE(unknown.exitCode, 1);

        const CtlRun audit = m_instance->ctl({QStringLiteral("audit"),
                                              QStringLiteral("list"),
                                              QStringLiteral("--json"),
                                              QStringLiteral("--limit"),
                                              QStringLiteral("100")});
        QVERIFY(audit.out.contains("tenant.configured"));
        QVERIFY(audit.out.contains("operator.signed_in"));

        // Revoking at the upstream needs the upstream OAuth app; without it, a clear refusal.
        const CtlRun noApp =
            m_instance->ctl({QStringLiteral("connections"), QStringLiteral("revoke"), QStringLiteral("github")});
        QCOMPARE(noApp.exitCode, 1);
        QVERIFY2(noApp.err.contains("no revocation is configured"), noApp.err.constData());
        QProcess app;
        app.start(QStringLiteral(SANCTUMCTL_BIN),
                  {QStringLiteral("--data-dir"),
                   m_instance->dataDir(),
                   QStringLiteral("connections"),
                   QStringLiteral("revocation"),
                   QStringLiteral("github"),
                   QStringLiteral("--api"),
                   m_sandbox->upstream().toString(),
                   QStringLiteral("--client-id"),
                   m_sandbox->upstreamClientId(),
                   QStringLiteral("--client-secret-stdin")});
        app.write(m_sandbox->upstreamClientSecret().toUtf8() + '\n');
        app.closeWriteChannel();
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitCode(), 0);
        const CtlRun revoked =
            m_instance->ctl({QStringLiteral("connections"), QStringLiteral("revoke"), QStringLiteral("github")});
        QVERIFY2(revoked.exitCode == 0, revoked.err.constData());
        QVERIFY(m_instance
                    ->ctl({QStringLiteral("audit"),
                           QStringLiteral("list"),
                           QStringLiteral("--action"),
                           QStringLiteral("connection.upstream_token_revoked")})
                    .out.contains("connection.upstream_token_revoked"));
        // Token Vault hands out a fresh token afterwards.
        QCOMPARE(m_instance->ctl({QStringLiteral("connections"), QStringLiteral("check"), QStringLiteral("github")})
                     .exitCode,
                 0);

        const CtlRun out1 = m_instance->ctl({QStringLiteral("logout")});
        QCOMPARE(out1.exitCode, 0);
        QCOMPARE(m_instance->ctl({QStringLiteral("whoami")}).exitCode, 1);
        QCOMPARE(m_instance->ctl({QStringLiteral("connections"), QStringLiteral("check")}).exitCode, 1);
    }

    void unconfirmedRevocationIsRetriedUntilConfirmed()
    {
        QVERIFY(signInWithDevice());
        // The tenant fails the next revocation calls: more than one logout's retries.
        QNetworkRequest r(m_sandbox->controlUrl(QStringLiteral("/faults")));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> armed(
            m_nam.post(r,
                       QJsonDocument(QJsonObject{{QStringLiteral("target"), QStringLiteral("tenant")},
                                                 {QStringLiteral("method"), QStringLiteral("POST")},
                                                 {QStringLiteral("path"), QStringLiteral("/oauth/revoke")},
                                                 {QStringLiteral("mode"), QStringLiteral("error")},
                                                 {QStringLiteral("status"), 503},
                                                 {QStringLiteral("count"), 4}})
                           .toJson()));
        QSignalSpy armedDone(armed.get(), &QNetworkReply::finished);
        QVERIFY(armedDone.wait(10000));

        const CtlRun logout = m_instance->ctl({QStringLiteral("logout")});
        QCOMPARE(logout.exitCode, 1); // not confirmed: reported, never silently dropped
        QVERIFY(logout.out.contains("did not confirm"));
        // Signed out here at once: no more upstream tokens.
        QCOMPARE(m_instance->ctl({QStringLiteral("connections"), QStringLiteral("check")}).exitCode, 1);
        const QJsonObject pending =
            json(m_instance->ctl({QStringLiteral("tenant"), QStringLiteral("show"), QStringLiteral("--json")}).out);
        QCOMPARE(pending.value(QStringLiteral("revocation_pending")).toBool(), true);

        // The retry reaches the tenant once it answers again.
        QTRY_VERIFY_WITH_TIMEOUT(m_instance
                                     ->ctl({QStringLiteral("audit"),
                                            QStringLiteral("list"),
                                            QStringLiteral("--action"),
                                            QStringLiteral("operator.revocation_confirmed")})
                                     .out.contains("operator.revocation_confirmed"),
                                 30000);
        const QJsonObject settled =
            json(m_instance->ctl({QStringLiteral("tenant"), QStringLiteral("show"), QStringLiteral("--json")}).out);
        QVERIFY(!settled.contains(QStringLiteral("revocation_pending")));
    }

    void noSecretReachesTheDataDirectory()
    {
        m_instance->stop();
        QDirIterator it(m_instance->dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(m_sandbox->clientSecret().toUtf8()), qPrintable(f.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliAuth)
#include "tst_cli_auth.moc"

// The notifier on a real core, against a real notification server on a
// private session bus (ctest runs this under dbus-run-session): what reaches
// the server, what its actions do to missions, and what happens without one.

#include "services/anomalies/anomalydetector.h"
#include "services/missions/missionregistry.h"
#include "store/auditlog.h"
#include "ui/dbusnotificationsink.h"
#include "ui/notificationlistmodel.h"
#include "ui/notifier.h"
#include "ui/translations.h"
#include "ui/uicontroller.h"
#include "uifixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace sanctum;
using namespace sanctum::test;

namespace {

// The recording server (tests/support/notifyrecorder.cpp) as a child process:
// its JSON lines parsed as they come, its stdin for "operator clicks". Closing
// stdin ends it; it is killed if it does not go.
class Recorder {
public:
    ~Recorder() { stop(); }

    bool start(const QStringList &arguments = {})
    {
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process, [this] {
            m_pending.append(m_process.readAllStandardOutput());
            qsizetype newline;
            while ((newline = m_pending.indexOf('\n')) >= 0) {
                m_lines.append(QJsonDocument::fromJson(m_pending.left(newline)).object());
                m_pending.remove(0, newline + 1);
            }
        });
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(NOTIFYRECORDER_BIN), arguments);
        if (!m_process.waitForStarted(5000))
            return false;
        return QTest::qWaitFor([this] { return !lines(QStringLiteral("ready")).isEmpty(); }, 10000);
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(3000)) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }

    QList<QJsonObject> lines(const QString &event) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &line : m_lines)
            if (line.value(QStringLiteral("event")).toString() == event)
                out.append(line);
        return out;
    }
    QList<QJsonObject> notifies() const { return lines(QStringLiteral("notify")); }
    bool waitForNotifies(int count) const
    {
        return QTest::qWaitFor([&] { return notifies().size() >= count; }, 10000);
    }

    // Sends a command and waits until the server has carried it out.
    bool command(const QString &line)
    {
        const qsizetype before = lines(QStringLiteral("done")).size();
        m_process.write(line.toUtf8() + '\n');
        return QTest::qWaitFor([&] { return lines(QStringLiteral("done")).size() > before; }, 10000);
    }

private:
    QProcess m_process;
    QByteArray m_pending;
    QList<QJsonObject> m_lines;
};

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out.append(v.toString());
    return out;
}

// Counts the notifier's warnings, passing every message on as before.
int g_notifyWarnings = 0;
QtMessageHandler g_previousHandler = nullptr;
void countNotifyWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && context.category && qstrcmp(context.category, "sanctum.ui.notify") == 0)
        ++g_notifyWarnings;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

class TestNotifier : public QObject {
    Q_OBJECT

private:
    // A core on a fresh store, opened; the panel comes with startPanel().
    bool openCore()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        if (!m_fx->open(&why)) {
            qWarning("%s", qPrintable(why));
            return false;
        }
        m_alice = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_bob = m_fx->addAgent(QStringLiteral("bob-bot"));
        return !m_alice.isEmpty() && !m_bob.isEmpty();
    }

    // The controller and the notifier over the core, delivering over D-Bus only
    // (there is no tray here).
    void startPanel()
    {
        m_controller = std::make_unique<UiController>(m_fx->instance().services());
        m_notifier = std::make_unique<Notifier>(m_fx->instance().missions(),
                                                m_fx->instance().agents(),
                                                m_fx->instance().anomalies(),
                                                m_fx->instance().session(),
                                                m_fx->instance().clock(),
                                                *m_controller);
        m_notifier->addSink(new DBusNotificationSink(QStringLiteral("Sanctum")));
    }

    NotificationListModel &list() { return *m_controller->notifications(); }
    MissionState stateOf(const QString &id) { return m_fx->instance().missions().get(id)->state; }

    std::unique_ptr<Recorder> m_recorder;
    std::unique_ptr<UiFixture> m_fx;
    std::unique_ptr<UiController> m_controller;
    std::unique_ptr<Notifier> m_notifier;
    QString m_alice;
    QString m_bob;

private Q_SLOTS:
    void initTestCase()
    {
        // Without a bus of its own this test would talk to the desktop's server.
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run this under dbus-run-session");
        // As the application does: plural forms read as English.
        Translations::install(*QCoreApplication::instance());
    }

    void init()
    {
        m_recorder = std::make_unique<Recorder>();
        QVERIFY(openCore());
    }

    void cleanup()
    {
        m_notifier.reset();
        m_controller.reset();
        m_fx.reset();
        m_recorder.reset(); // stops the server, so the next test can own the name
    }

    // (a) One request, one notification, naming the agent, the scopes and the
    // purpose, with Approve and Deny.
    void requestNotifiesOnceWithActions()
    {
        QVERIFY(m_recorder->start());
        startPanel();
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QVERIFY(!m.id.isEmpty());
        QVERIFY(m_recorder->waitForNotifies(1));
        const QJsonObject n = m_recorder->notifies().first();
        QCOMPARE(n.value(QStringLiteral("app")).toString(), QStringLiteral("Sanctum"));
        QCOMPARE(n.value(QStringLiteral("summary")).toString(), QStringLiteral("Approval needed"));
        const QString body = n.value(QStringLiteral("body")).toString();
        QVERIFY2(body.contains(QStringLiteral("alice-bot")), qPrintable(body));
        QVERIFY2(body.contains(QStringLiteral("repo")), qPrintable(body));
        QVERIFY2(body.contains(QStringLiteral("triage the issues of acme/web")), qPrintable(body));
        QCOMPARE(strings(n.value(QStringLiteral("actions"))),
                 QStringList({QStringLiteral("approve"),
                              QStringLiteral("Approve"),
                              QStringLiteral("deny"),
                              QStringLiteral("Deny")}));
        // A request waits for someone: it does not time out on screen.
        QCOMPARE(n.value(QStringLiteral("timeout")).toInt(), 0);

        // Another request after it: had the first been sent twice, the copy
        // would have come before this one (one connection keeps the order).
        m_fx->request(m_bob, {QStringLiteral("read:org")});
        QVERIFY(m_recorder->waitForNotifies(2));
        QCOMPARE(m_recorder->notifies().size(), 2);
        QVERIFY(
            m_recorder->notifies().at(1).value(QStringLiteral("body")).toString().contains(QStringLiteral("bob-bot")));

        // The in-app list has both, newest first, shown through D-Bus.
        QTRY_COMPARE(list().data(list().index(1), NotificationListModel::DeliveryRole).toString(),
                     QStringLiteral("delivered"));
        QCOMPARE(list().rowCount(), 2);
        QCOMPARE(list().at(1).missionId, m.id);
        QCOMPARE(list().at(1).via, QStringLiteral("dbus"));
        QCOMPARE(list().undeliveredCount(), 0);
    }

    // (b) Deny clicked on the notification denies the mission in the core,
    // and the audit log says who and why.
    void denyFromNotification()
    {
        QVERIFY(m_recorder->start());
        startPanel();
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QVERIFY(m_recorder->waitForNotifies(1));
        const qint64 id = m_recorder->notifies().first().value(QStringLiteral("id")).toInteger();
        QVERIFY(m_recorder->command(QStringLiteral("invoke %1 deny").arg(id)));
        QTRY_COMPARE(stateOf(m.id), MissionState::Denied);

        AuditQuery query;
        query.actionPrefix = QStringLiteral("mission.denied");
        query.subjectId = m.id;
        const Expected<QList<AuditEvent>> denied = m_fx->instance().audit().list(query);
        QVERIFY(denied);
        QCOMPARE(denied->size(), 1);
        QCOMPARE(denied->first().actor, QStringLiteral("operator:gui"));
        QCOMPARE(denied->first().details.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("denied from a notification"));
    }

    // Approve clicked on the notification goes to the controller's approval,
    // which needs Token Vault: signed out, it fails, the mission stays
    // pending, and that failure is itself announced.
    void approveFromNotificationReportsTokenVaultFailure()
    {
        QVERIFY(m_recorder->start());
        startPanel();
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QVERIFY(m_recorder->waitForNotifies(1));
        const qint64 id = m_recorder->notifies().first().value(QStringLiteral("id")).toInteger();
        QVERIFY(m_recorder->command(QStringLiteral("invoke %1 approve").arg(id)));
        QVERIFY(m_recorder->waitForNotifies(2));
        const QJsonObject failed = m_recorder->notifies().at(1);
        QCOMPARE(failed.value(QStringLiteral("summary")).toString(), QStringLiteral("Approval failed"));
        QVERIFY2(failed.value(QStringLiteral("body")).toString().contains(QStringLiteral("not signed in")),
                 qPrintable(failed.value(QStringLiteral("body")).toString()));
        QVERIFY(strings(failed.value(QStringLiteral("actions"))).isEmpty());
        QCOMPARE(stateOf(m.id), MissionState::Pending);
        QCOMPARE(list().at(0).missionId, m.id);
    }

    // (c) A server without actions gets none.
    void noActionsWhereTheServerHasNone()
    {
        QVERIFY(m_recorder->start({QStringLiteral("--no-actions")}));
        startPanel();
        m_fx->request(m_alice, {QStringLiteral("repo")});
        QVERIFY(m_recorder->waitForNotifies(1));
        const QJsonObject n = m_recorder->notifies().first();
        QCOMPARE(n.value(QStringLiteral("summary")).toString(), QStringLiteral("Approval needed"));
        QCOMPARE(strings(n.value(QStringLiteral("actions"))), QStringList());
    }

    // (d) No server on the bus: the notifications stay in the in-app list,
    // marked undelivered, with one warning for the outage, not one each.
    // A server that starts later is found.
    void noServerKeepsThemInTheList()
    {
        g_notifyWarnings = 0;
        g_previousHandler = qInstallMessageHandler(countNotifyWarnings);
        const auto restore = qScopeGuard([] { qInstallMessageHandler(g_previousHandler); });
        startPanel();
        const Mission first = m_fx->request(m_alice, {QStringLiteral("repo")});
        const Mission second = m_fx->request(m_bob, {QStringLiteral("read:org")});
        QTRY_COMPARE(list().undeliveredCount(), 2);
        QCOMPARE(list().rowCount(), 2);
        QCOMPARE(list().at(0).missionId, second.id);
        QCOMPARE(list().at(1).missionId, first.id);
        QCOMPARE(list().at(1).title, QStringLiteral("Approval needed"));
        QCOMPARE(list().data(list().index(1), NotificationListModel::DeliveryRole).toString(),
                 QStringLiteral("undelivered"));
        QCOMPARE(list().data(list().index(1), NotificationListModel::DeliveredRole).toBool(), false);
        QCOMPARE(g_notifyWarnings, 1);

        QVERIFY(m_recorder->start());
        const Mission third = m_fx->request(m_alice, {QStringLiteral("read:org")});
        QVERIFY(m_recorder->waitForNotifies(1));
        QTRY_COMPARE(list().data(list().index(0), NotificationListModel::DeliveryRole).toString(),
                     QStringLiteral("delivered"));
        QCOMPARE(list().at(0).missionId, third.id);
        QCOMPARE(list().undeliveredCount(), 2);
        QCOMPARE(g_notifyWarnings, 1);
    }

    // (e) An agent's first use of a scope is announced once; uses recorded
    // before the notifier started (a restart) are not announced at all.
    void firstUseOfAScopeOnce()
    {
        const QDateTime now = m_fx->clock().now();
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("repo"), now)}));
        QVERIFY(m_recorder->start());
        startPanel();

        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("repo"), now)}));
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("read:org"), now)}));
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("read:org"), now.addSecs(1))}));
        // A refused call is no use of the scope.
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("gist"), now, UsageEvent::Outcome::Denied)}));
        QVERIFY(m_fx->record({UiFixture::usage(m_bob, QStringLiteral("read:org"), now)}));

        QVERIFY(m_recorder->waitForNotifies(2));
        const QList<QJsonObject> n = m_recorder->notifies();
        QCOMPARE(n.size(), 2);
        QCOMPARE(n.at(0).value(QStringLiteral("summary")).toString(), QStringLiteral("Scope used for the first time"));
        const QString aliceBody = n.at(0).value(QStringLiteral("body")).toString();
        QVERIFY2(aliceBody.contains(QStringLiteral("alice-bot")) && aliceBody.contains(QStringLiteral("read:org")),
                 qPrintable(aliceBody));
        QVERIFY2(!aliceBody.contains(QStringLiteral("repo")) && !aliceBody.contains(QStringLiteral("gist")),
                 qPrintable(aliceBody));
        const QString bobBody = n.at(1).value(QStringLiteral("body")).toString();
        QVERIFY2(bobBody.contains(QStringLiteral("bob-bot")) && bobBody.contains(QStringLiteral("read:org")),
                 qPrintable(bobBody));
    }

    // A burst of refused calls is announced once; more of it within the
    // cool-down is not.
    void deniedBurstAnnouncedOnce()
    {
        QVERIFY(m_recorder->start());
        startPanel();
        const QDateTime now = m_fx->clock().now();
        QList<UsageEvent> burst;
        for (int i = 0; i < AnomalyDetector::kBurstDenials; ++i)
            burst << UiFixture::usage(
                m_alice, QStringLiteral("user:email"), now.addSecs(i), UsageEvent::Outcome::Denied);
        QVERIFY(m_fx->record(burst));
        QVERIFY(m_recorder->waitForNotifies(1));
        for (UsageEvent &e : burst)
            e.at = e.at.addSecs(30);
        QVERIFY(m_fx->record(burst));
        QTest::qWait(300);
        const QList<QJsonObject> n = m_recorder->notifies();
        QCOMPARE(n.size(), 1);
        QCOMPARE(n.first().value(QStringLiteral("summary")).toString(), QStringLiteral("Calls refused in a burst"));
        QVERIFY2(n.first().value(QStringLiteral("body")).toString().contains(QStringLiteral("alice-bot had 5 calls")),
                 qPrintable(n.first().value(QStringLiteral("body")).toString()));
    }

    // (f) What an agent writes reaches a markup-rendering server escaped, and
    // cut short.
    void agentTextEscapedAndTruncated()
    {
        QVERIFY(m_recorder->start());
        startPanel();
        const QString purpose =
            QStringLiteral("<b>ship</b> it & run ") + QString(300, QLatin1Char('x')) + QStringLiteral("TAIL");
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")}, 600, purpose);
        QVERIFY(!m.id.isEmpty());
        QVERIFY(m_recorder->waitForNotifies(1));
        const QString body = m_recorder->notifies().first().value(QStringLiteral("body")).toString();
        QVERIFY2(body.contains(QStringLiteral("&lt;b&gt;ship&lt;/b&gt; it &amp; run")), qPrintable(body));
        QVERIFY2(!body.contains(QStringLiteral("<b>")), qPrintable(body));
        QVERIFY2(!body.contains(QStringLiteral("TAIL")), qPrintable(body));
        QVERIFY2(body.contains(QChar(0x2026)), qPrintable(body));
        // The in-app list keeps the plain text; the window shows it as such.
        QVERIFY(list().at(0).body.contains(QStringLiteral("<b>ship</b> it & run")));
    }

    // A mission about to end is announced once, a minute before; its
    // revocation afterwards is announced too, and nothing else in between.
    void expiryWarnedOnceThenRevocation()
    {
        const QDateTime now = m_fx->clock().now();
        const Mission m =
            m_fx->insertMission(m_alice, MissionState::Active, {QStringLiteral("repo")}, now.addSecs(-60), 600);
        QVERIFY(!m.id.isEmpty());
        QString why;
        QVERIFY2(m_fx->reopen(&why), qPrintable(why)); // the registry picks the mission up
        QVERIFY(m_recorder->start());
        startPanel();
        QCOMPARE(m.expiresAt, now.addSecs(600));

        m_fx->clock().advance((600 - Notifier::kExpiryWarningSeconds - 5) * 1000);
        QCOMPARE(m_recorder->notifies().size(), 0); // nothing yet: more than a minute to go
        m_fx->clock().advance(10 * 1000);
        QVERIFY(m_recorder->waitForNotifies(1));
        QCOMPARE(m_recorder->notifies().first().value(QStringLiteral("summary")).toString(),
                 QStringLiteral("Mission about to expire"));
        QVERIFY(m_recorder->notifies()
                    .first()
                    .value(QStringLiteral("body"))
                    .toString()
                    .contains(QStringLiteral("alice-bot")));
        m_fx->clock().advance(10 * 1000);

        QVERIFY(m_controller->revoke(m.id, QStringLiteral("done with it")));
        // The revocation, and — the mission never made a call — that it used nothing.
        QVERIFY(m_recorder->waitForNotifies(3));
        const QList<QJsonObject> n = m_recorder->notifies();
        QCOMPARE(n.size(), 3);
        // The two come in either order.
        const QJsonObject revoked =
            n.at(1).value(QStringLiteral("summary")).toString() == QLatin1String("Mission revoked") ? n.at(1) : n.at(2);
        const QJsonObject idle = revoked == n.at(1) ? n.at(2) : n.at(1);
        QCOMPARE(revoked.value(QStringLiteral("summary")).toString(), QStringLiteral("Mission revoked"));
        QVERIFY2(revoked.value(QStringLiteral("body")).toString().contains(QStringLiteral("done with it")),
                 qPrintable(revoked.value(QStringLiteral("body")).toString()));
        QCOMPARE(idle.value(QStringLiteral("summary")).toString(), QStringLiteral("A mission used nothing"));
    }

    // Deciding a request elsewhere takes its notification off the screen.
    void decidedRequestIsWithdrawn()
    {
        QVERIFY(m_recorder->start());
        startPanel();
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QVERIFY(m_recorder->waitForNotifies(1));
        const qint64 id = m_recorder->notifies().first().value(QStringLiteral("id")).toInteger();
        QVERIFY(m_controller->deny(m.id, QStringLiteral("not now")));
        QTRY_COMPARE(m_recorder->lines(QStringLiteral("close")).size(), 1);
        QCOMPARE(m_recorder->lines(QStringLiteral("close")).first().value(QStringLiteral("id")).toInteger(), id);
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "tst_notifier.moc"

// Anomalies the least-privilege view cares about, from real usage batches
// and mission changes on a real store: an agent's first use of a scope ever
// (once, and not again after a restart), a burst of refused calls (once per
// cool-down), and a mission that ended without using anything. Each is one
// audit entry and one signal.
#include "services/anomalies/anomalydetector.h"
#include "services/missions/missionregistry.h"
#include "store/auditlog.h"
#include "uifixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestAnomalyDetector : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_agent;

    int audited(const QString &action)
    {
        AuditQuery q;
        q.actionPrefix = action;
        q.limit = 1000;
        const Expected<QList<AuditEvent>> events = m_fx->instance().audit().list(q);
        return events ? int(events->size()) : -1;
    }

    UsageEvent denied(const QDateTime &when)
    {
        return UiFixture::usage(m_agent, QStringLiteral("user:email"), when, UsageEvent::Outcome::Denied);
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_agent = m_fx->addAgent(QStringLiteral("triage-bot"));
    }

    void cleanup() { m_fx.reset(); }

    void firstUseOfAScopeIsReportedOnceEver()
    {
        QSignalSpy spy(&m_fx->instance().anomalies(), &AnomalyDetector::detected);
        QVERIFY(m_fx->record({UiFixture::usage(m_agent, QStringLiteral("repo"), at(10)),
                              UiFixture::usage(m_agent, QStringLiteral("repo"), at(10, 1))}));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).value<Anomaly>().scope, QStringLiteral("repo"));
        QCOMPARE(audited(QStringLiteral("anomaly.first_scope_use")), 1);
        // A refusal is not a use.
        QVERIFY(
            m_fx->record({UiFixture::usage(m_agent, QStringLiteral("gist"), at(10, 2), UsageEvent::Outcome::Denied)}));
        QCOMPARE(audited(QStringLiteral("anomaly.first_scope_use")), 1);

        // After a restart the store remembers: repo is not new, gist is.
        QString why;
        QVERIFY2(m_fx->reopen(&why), qPrintable(why));
        QVERIFY(m_fx->record({UiFixture::usage(m_agent, QStringLiteral("repo"), at(11)),
                              UiFixture::usage(m_agent, QStringLiteral("gist"), at(11, 1))}));
        QCOMPARE(audited(QStringLiteral("anomaly.first_scope_use")), 2);
    }

    void aBurstOfRefusalsIsReportedOncePerCoolDown()
    {
        QSignalSpy spy(&m_fx->instance().anomalies(), &AnomalyDetector::detected);
        // Four in a minute is not a burst; spread out, neither.
        QVERIFY(m_fx->record({denied(at(9, 0, 0)),
                              denied(at(9, 0, 10)),
                              denied(at(9, 0, 20)),
                              denied(at(9, 0, 30)),
                              denied(at(9, 5, 0))}));
        QCOMPARE(audited(QStringLiteral("anomaly.denied_burst")), 0);
        QVERIFY(m_fx->record({denied(at(10, 0, 0)),
                              denied(at(10, 0, 5)),
                              denied(at(10, 0, 10)),
                              denied(at(10, 0, 15)),
                              denied(at(10, 0, 20))}));
        QCOMPARE(audited(QStringLiteral("anomaly.denied_burst")), 1);
        QCOMPARE(spy.last().at(0).value<Anomaly>().deniedCount, AnomalyDetector::kBurstDenials);
        // More of the same within the cool-down: still one.
        QVERIFY(m_fx->record({denied(at(10, 1, 0)),
                              denied(at(10, 1, 1)),
                              denied(at(10, 1, 2)),
                              denied(at(10, 1, 3)),
                              denied(at(10, 1, 4))}));
        QCOMPARE(audited(QStringLiteral("anomaly.denied_burst")), 1);
        // After it, a new burst counts again.
        QVERIFY(m_fx->record({denied(at(10, 20, 0)),
                              denied(at(10, 20, 1)),
                              denied(at(10, 20, 2)),
                              denied(at(10, 20, 3)),
                              denied(at(10, 20, 4))}));
        QCOMPARE(audited(QStringLiteral("anomaly.denied_burst")), 2);
    }

    void aMissionThatUsedNothingIsReported()
    {
        const Mission idle = m_fx->insertMission(m_agent, MissionState::Active, {QStringLiteral("repo")}, at(11), 3600);
        const Mission busy = m_fx->insertMission(m_agent, MissionState::Active, {QStringLiteral("gist")}, at(11), 3600);
        UsageEvent call = UiFixture::usage(m_agent, QStringLiteral("gist"), at(11, 5));
        call.missionId = busy.id;
        QVERIFY(m_fx->record({call}));

        QVERIFY(m_fx->instance().missions().revoke(idle.id, QStringLiteral("operator:test"), QStringLiteral("done")));
        QVERIFY(m_fx->instance().missions().revoke(busy.id, QStringLiteral("operator:test"), QStringLiteral("done")));
        QTRY_COMPARE(audited(QStringLiteral("anomaly.idle_mission")), 1);
        AuditQuery q;
        q.actionPrefix = QStringLiteral("anomaly.idle_mission");
        QCOMPARE(m_fx->instance().audit().list(q)->first().subjectId, idle.id);
        // A pending request that was denied never held anything: not idle.
        const Mission asked = m_fx->request(m_agent, {QStringLiteral("repo")});
        QVERIFY(m_fx->instance().missions().deny(asked.id, QStringLiteral("operator:test"), QStringLiteral("no")));
        QTest::qWait(200);
        QCOMPARE(audited(QStringLiteral("anomaly.idle_mission")), 1);
    }
};

QTEST_GUILESS_MAIN(TestAnomalyDetector)
#include "tst_anomalydetector.moc"

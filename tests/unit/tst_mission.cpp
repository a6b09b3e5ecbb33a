#include "domain/clock.h"
#include "domain/mission.h"

#include <QTest>

using namespace sanctum;

Q_DECLARE_METATYPE(sanctum::MissionState)

class TestMission : public QObject {
    Q_OBJECT

    static Mission pending(const QDateTime &now)
    {
        Mission m;
        m.id = QStringLiteral("ms_test");
        m.request = {QStringLiteral("triage the issues of acme/web"),
                     QStringLiteral("github"),
                     ScopeSet{QStringLiteral("repo")},
                     600};
        m.requestedAt = now;
        m.requestExpiresAt = now.addSecs(300);
        return m;
    }

private Q_SLOTS:
    void transitions_data()
    {
        using S = MissionState;
        QTest::addColumn<S>("from");
        QTest::addColumn<S>("to");
        QTest::addColumn<bool>("allowed");
        const QList<S> all{S::Pending, S::Active, S::Completed, S::Expired, S::Revoked, S::Denied};
        const QList<QPair<S, S>> legal{{S::Pending, S::Active},
                                       {S::Pending, S::Denied},
                                       {S::Pending, S::Expired},
                                       {S::Active, S::Completed},
                                       {S::Active, S::Expired},
                                       {S::Active, S::Revoked}};
        for (S from : all)
            for (S to : all)
                QTest::addRow("%s->%s", qPrintable(Mission::stateName(from)), qPrintable(Mission::stateName(to)))
                    << from << to << legal.contains({from, to});
    }

    void transitions()
    {
        QFETCH(MissionState, from);
        QFETCH(MissionState, to);
        QFETCH(bool, allowed);
        QCOMPARE(Mission::canTransition(from, to), allowed);
    }

    void activationStartsTheTtlAtApproval()
    {
        ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        Mission m = pending(clock.now());
        QCOMPARE(m.nextDeadline(), clock.now().addSecs(300)); // pending: the request lapses

        clock.advance(120'000); // decided two minutes later
        QVERIFY(m.transition(MissionState::Active, clock.now(), QStringLiteral("operator:cli")).ok());
        QCOMPARE(m.decidedAt, clock.now());
        QCOMPARE(m.decidedBy, QStringLiteral("operator:cli"));
        QCOMPARE(m.expiresAt, clock.now().addSecs(600)); // TTL counts from approval, not request
        QCOMPARE(m.nextDeadline(), m.expiresAt);
        QVERIFY(!m.isTerminal());
    }

    void terminalStatesNeverComeBack()
    {
        ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        Mission m = pending(clock.now());
        QVERIFY(m.transition(MissionState::Active, clock.now(), QStringLiteral("policy")).ok());
        clock.advance(1000);
        QVERIFY(m.transition(
                     MissionState::Revoked, clock.now(), QStringLiteral("operator:cli"), QStringLiteral("suspicious"))
                    .ok());
        QCOMPARE(m.endedAt, clock.now());
        QCOMPARE(m.reason, QStringLiteral("suspicious"));
        QVERIFY(m.isTerminal());
        QVERIFY(!m.nextDeadline().isValid());

        const Status again = m.transition(MissionState::Active, clock.now(), QStringLiteral("operator:cli"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("invalid_transition"));
        QCOMPARE(m.state, MissionState::Revoked);
        QCOMPARE(m.decidedBy, QStringLiteral("policy")); // the refused call changed nothing
    }

    void stateNamesRoundTrip()
    {
        for (auto s : {MissionState::Pending,
                       MissionState::Active,
                       MissionState::Completed,
                       MissionState::Expired,
                       MissionState::Revoked,
                       MissionState::Denied})
            QCOMPARE(Mission::stateFromName(Mission::stateName(s)), std::optional<MissionState>(s));
        QVERIFY(!Mission::stateFromName(QStringLiteral("paused")).has_value());
    }

    void jsonCarriesStatusAndTimes()
    {
        const QDateTime now(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        const QJsonObject o = pending(now).toJson();
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(o.value(QStringLiteral("requested_at")).toString(), QStringLiteral("2026-11-28T12:00:00.000Z"));
        QVERIFY(o.value(QStringLiteral("expires_at")).isNull());
        QCOMPARE(o.value(QStringLiteral("scopes")).toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMission)
#include "tst_mission.moc"

#include "domain/clock.h"
#include "domain/securerandom.h"
#include "services/agents/agentregistry.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;

class TestAgentRegistry : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<AgentRegistry> m_agents;

private Q_SLOTS:
    void init()
    {
        m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        m_db = std::make_unique<Database>(
            m_tmp.filePath(QStringLiteral("%1.db").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        QVERIFY(m_db->open().ok());
        m_audit = std::make_unique<AuditLog>(*m_db, *m_clock);
        QVERIFY(m_audit->load().ok());
        m_agents = std::make_unique<AgentRegistry>(*m_db, *m_audit, *m_clock);
    }

    void cleanup()
    {
        m_agents.reset();
        m_audit.reset();
        m_db.reset();
    }

    void keyIsStrongAndOnlyItsHashIsKept()
    {
        const Expected<NewAgent> created = m_agents->add(QStringLiteral("triage-bot"), QStringLiteral("operator:cli"));
        QVERIFY(created.ok());
        const QString key = created->key;
        // sa_ + base64url of 32 bytes, unpadded: 43 characters.
        QVERIFY(QRegularExpression(QStringLiteral("^sa_[A-Za-z0-9_-]{43}$")).match(key).hasMatch());
        QCOMPARE(created->agent.keyHash, Digest::sha256Hex(key.toUtf8()));
        QCOMPARE(created->agent.keyPrefix, key.left(AgentRegistry::kKeyPrefixLength));

        const Expected<std::optional<Agent>> authed = m_agents->authenticate(key);
        QVERIFY(authed.ok() && authed->has_value());
        QCOMPARE(authed->value().id, created->agent.id);

        QString wrong = key;
        wrong[10] = wrong[10] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QVERIFY(!m_agents->authenticate(wrong)->has_value());
        QVERIFY(!m_agents->authenticate(created->agent.keyHash)->has_value()); // the hash is no key

        // Nothing in the database files holds the key itself.
        const QString body = key.mid(3);
        m_agents.reset();
        m_audit.reset();
        const QString path = m_db->path();
        m_db.reset();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QFile f(path + suffix);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains(body.toLatin1()), qPrintable(path + suffix));
        }
    }

    void keysAreUnique()
    {
        QSet<QString> keys;
        for (int i = 0; i < 50; ++i) {
            const Expected<NewAgent> a = m_agents->add(QStringLiteral("bot-%1").arg(i), QStringLiteral("operator:cli"));
            QVERIFY(a.ok());
            keys.insert(a->key);
        }
        QCOMPARE(keys.size(), 50);
    }

    void addAndRemoveAreAudited()
    {
        const Expected<NewAgent> a = m_agents->add(QStringLiteral("release-bot"), QStringLiteral("operator:cli"));
        QVERIFY(a.ok());
        m_clock->advance(5000);
        QVERIFY(
            m_agents->remove(QStringLiteral("release-bot"), QStringLiteral("operator:cli"), QStringLiteral("retired"))
                .ok());
        const auto events = m_audit->list({});
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->at(0).action, QStringLiteral("agent.added"));
        QCOMPARE(events->at(1).action, QStringLiteral("agent.removed"));
        QCOMPARE(events->at(1).subjectId, a->agent.id);
        QCOMPARE(events->at(1).details.value(QStringLiteral("reason")).toString(), QStringLiteral("retired"));
        QCOMPARE(events->at(1).at, m_clock->now());
        for (const AuditEvent &e : *events)
            QVERIFY(!QString::fromUtf8(e.detailsJson).contains(a->key)); // the audit never sees the key

        // A removed agent's key stops working at once; its name may be reused.
        QVERIFY(!m_agents->authenticate(a->key)->has_value());
        QVERIFY(m_agents->add(QStringLiteral("release-bot"), QStringLiteral("operator:cli")).ok());
        QCOMPARE(m_agents->list(true)->size(), 2);
        QCOMPARE(m_agents->list(false)->size(), 1);
    }

    void refusesBadAndDuplicateNames()
    {
        QCOMPARE(m_agents->add(QStringLiteral("-rm"), QStringLiteral("operator:cli")).error().code,
                 QStringLiteral("invalid_name"));
        QCOMPARE(m_agents->add(QStringLiteral("a b"), QStringLiteral("operator:cli")).error().code,
                 QStringLiteral("invalid_name"));
        QVERIFY(m_agents->add(QStringLiteral("bot"), QStringLiteral("operator:cli")).ok());
        const Expected<NewAgent> dup = m_agents->add(QStringLiteral("bot"), QStringLiteral("operator:cli"));
        QCOMPARE(dup.error().code, QStringLiteral("conflict"));
        QCOMPARE(m_audit->headSeq(), qint64(1)); // refused adds leave no audit entry
        QCOMPARE(m_agents->remove(QStringLiteral("ghost"), QStringLiteral("operator:cli"), {}).error().code,
                 QStringLiteral("not_found"));
    }
};

QTEST_GUILESS_MAIN(TestAgentRegistry)
#include "tst_agentregistry.moc"

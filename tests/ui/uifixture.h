#pragma once

#include "domain/clock.h"
#include "domain/mission.h"
#include "domain/usageevent.h"
#include "root/instance.h"
#include "ui/usagesnapshotloader.h"

#include <QAbstractItemModel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace sanctum::test {

// A whole core on a real store in a temporary data directory, for the
// models to sit on. Time is a ManualClock starting at 2026-11-28 12:00 UTC.
// The tenant is configured for this run only (no secret, no network) with a
// "github" connection, so MissionRegistry::request() works and missions stay
// pending; active ones are written with MissionStore, as an approval would
// have left them, because approving needs the upstream token.
class UiFixture {
public:
    static QDateTime start() { return QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC); }

    UiFixture();
    ~UiFixture();

    // Prepares the data directory, opens the instance, configures the tenant.
    bool open(QString *why);
    // Closes and opens the instance again: the registry loads what the store holds.
    bool reopen(QString *why);

    Instance &instance() { return *m_instance; }
    ManualClock &clock() { return m_clock; }
    // The usage aggregates' reader the agent list and heatmap share, as the
    // controller makes it (one per instance).
    UsageSnapshotLoader &usageLoader() { return *m_loader; }
    // Waits until a model that loads from the usage loader has its snapshot.
    template<class Model>
    static bool loaded(const Model &model, int timeoutMs = 20000)
    {
        return QTest::qWaitFor([&] { return !model.isLoading(); }, timeoutMs);
    }

    // A new agent's id.
    QString addAgent(const QString &name);
    // Through the registry, as the broker would: pending, announced.
    Mission request(const QString &agentId, const QStringList &scopes, qint64 ttl = 600,
                    const QString &purpose = QStringLiteral("triage the issues of acme/web"));
    // Straight into the store, announced to nobody, with the history the
    // registry would have written: decided a minute after the request;
    // completed or revoked a minute after that; expired at its expiry, or,
    // when it was never active, when the request lapsed (5 minutes).
    Mission insertMission(const QString &agentId, MissionState state, const QStringList &scopes,
                          const QDateTime &requestedAt, qint64 ttl = 600, const QStringList &stepUp = {},
                          bool wasActive = true);
    // Records and waits until the batch is committed (and announced).
    bool record(const QList<UsageEvent> &events);
    static UsageEvent usage(const QString &agentId, const QString &scope, const QDateTime &at,
                            UsageEvent::Outcome outcome = UsageEvent::Outcome::Allowed);

private:
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Instance> m_instance;
    std::unique_ptr<UsageSnapshotLoader> m_loader;
};

// An instant on the fixture's day (2026-11-28, UTC), for building histories.
inline QDateTime at(int hour, int minute = 0, int second = 0)
{
    return QDateTime(UiFixture::start().date(), QTime(hour, minute, second), Qt::UTC);
}

// Every change signal a model can emit, recorded, so a test can say exactly
// which ones a step caused and that none of the coarse ones came.
class ModelSignals {
public:
    explicit ModelSignals(QAbstractItemModel *model);

    void clear();
    // No reset, no layout change, no row or column moved, inserted or removed.
    bool structureUntouched() const;
    // Nothing at all.
    bool silent() const;

    QSignalSpy dataChanged;
    QSignalSpy rowsInserted;
    QSignalSpy rowsRemoved;
    QSignalSpy columnsInserted;
    QSignalSpy columnsRemoved;
    QSignalSpy modelReset;
    QSignalSpy layoutChanged;
    QSignalSpy rowsMoved;
    QSignalSpy columnsMoved;
};

// The rows that dataChanged signals named, each range expanded; and the
// roles they named (one list per signal).
QList<int> changedRows(const QSignalSpy &dataChanged);
QList<QList<int>> changedRoles(const QSignalSpy &dataChanged);
// The single cells of dataChanged signals that named exactly one cell, as (row, column).
QList<std::pair<int, int>> changedCells(const QSignalSpy &dataChanged);

} // namespace sanctum::test

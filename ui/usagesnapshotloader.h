#pragma once

#include "domain/error.h"
#include "store/storeworker.h"
#include "store/usagestats.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>

#include <optional>

namespace sanctum {
class UsageRecorder;
}

namespace sanctum {

// The granted-versus-used aggregates of one window, read in one read
// transaction together with the newest event id they include, so a model
// can tell which live events came after it.
struct UsageSnapshot {
    UsageWindow window;
    QList<ScopeUsage> usage;
    QHash<QString, ScopeSet> granted;
    qint64 upToEventId = 0;
    // Events committed while it was read that it does not include, in order:
    // a model applies them on top, as it applies live ones.
    QList<UsageEvent> later;
    std::optional<Error> error;
};

// Runs the usage aggregates — a GROUP BY over up to millions of events, a
// few hundred milliseconds — on a thread of its own with its own read
// connection, so the window never waits for them. The agent list and the
// heatmap share one loader: a window asked for by both is read once.
class UsageSnapshotLoader : public QObject {
    Q_OBJECT
public:
    UsageSnapshotLoader(const QString &databasePath, UsageRecorder &recorder, QObject *parent = nullptr);
    ~UsageSnapshotLoader() override;

    // `loaded` answers on this object's thread. A window already being
    // read is not read again: its one answer, with the events committed
    // since, serves every asker.
    void request(const UsageWindow &window);
    bool isLoading(const UsageWindow &window) const { return m_inFlight.contains(window); }

Q_SIGNALS:
    void loaded(const sanctum::UsageSnapshot &snapshot);

private:
    void onRead(UsageSnapshot snapshot);

    StoreWorker m_reader;
    QList<UsageWindow> m_inFlight;
    QList<UsageEvent> m_committedMeanwhile; // while any read is under way
};

} // namespace sanctum

Q_DECLARE_METATYPE(sanctum::UsageSnapshot)

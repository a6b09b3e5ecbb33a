#include "ui/leastprivilegecontroller.h"

#include "domain/actor.h"
#include "ui/reasontext.h"

#include "domain/clock.h"
#include "domain/error.h"
#include "domain/scopeset.h"
#include "domain/timeformat.h"
#include "services/leastprivilege/connectiontightener.h"
#include "services/leastprivilege/exposureanalyzer.h"
#include "services/leastprivilege/leastprivilegeanalyzer.h"
#include "store/database.h"
#include "store/usagerecorder.h"
#include "ui/uilogging.h"

#include <QJsonArray>
#include <QPointer>

namespace sanctum {

namespace {
QString describeFailure(const Error &failure)
{
    if (failure.code == QLatin1String("store"))
        return LeastPrivilegeController::tr("The usage history could not be read: %1").arg(failure.message);
    return LeastPrivilegeController::tr("The analysis did not run: %1").arg(failure.message);
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

// ScopeCallCount::toJson entries as QML reads them: the time as a date.
QVariantList counts(const QJsonValue &v, const QString &lastKey)
{
    QVariantList out;
    for (const QJsonValue &e : v.toArray()) {
        const QJsonObject o = e.toObject();
        out << QVariantMap{{QStringLiteral("scope"), o.value(QStringLiteral("scope")).toString()},
                           {QStringLiteral("count"), o.value(QStringLiteral("count")).toDouble()},
                           {QStringLiteral("last"), TimeFormat::fromString(o.value(lastKey).toString())}};
    }
    return out;
}

int clampDays(int days)
{
    return qBound(1, days, LeastPrivilegeController::kMaxDays);
}

// The analysis the page shows when the agent used several connections: the
// one it holds most on, where tightening gains most.
QJsonObject mainAnalysis(const QJsonArray &analyses)
{
    QJsonObject best;
    for (const QJsonValue &v : analyses) {
        const QJsonObject a = v.toObject();
        if (best.isEmpty() || a.value(QStringLiteral("granted")).toArray().size() >
                                  best.value(QStringLiteral("granted")).toArray().size())
            best = a;
    }
    return best;
}
} // namespace

LeastPrivilegeController::LeastPrivilegeController(AnalysisWorker &analysis, UsageRecorder &usage,
                                                   ConnectionTightener &tightener, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_worker(analysis)
    , m_usage(usage)
    , m_tightener(tightener)
    , m_clock(clock)
{
}

// An answer on its way finds no controller and is dropped (runAfterUsage).
LeastPrivilegeController::~LeastPrivilegeController() = default;

void LeastPrivilegeController::runAfterUsage(AnalysisWorker::Job job, AnalysisWorker::Done done)
{
    // Calls made a moment ago are still in the recorder's batch: an analysis
    // that missed them would recommend taking away what was just used.
    QPointer<LeastPrivilegeController> self(this);
    m_usage.whenCommitted([self, job = std::move(job), done = std::move(done)](Status) {
        if (self)
            self->m_worker.run(job, [self, done](Expected<QJsonObject> result) {
                if (self)
                    done(result);
            });
    });
}

void LeastPrivilegeController::analyze(const QString &agentId, int days)
{
    const quint64 seq = ++m_analysisSeq;
    m_agentId = agentId;
    m_days = clampDays(days);
    m_analysis = {};
    m_replay = {};
    m_loading = !agentId.isEmpty();
    ++m_replaySeq;
    m_replaying = false;
    Q_EMIT analysisChanged();
    Q_EMIT replayChanged();
    if (agentId.isEmpty())
        return;
    const UsageWindow window = LeastPrivilegeAnalyzer::lastDays(m_clock.now(), m_days);
    runAfterUsage(
        [window, agentId](Database &db, ScopeMapCatalog &maps) -> Expected<QJsonObject> {
            const auto analyses = LeastPrivilegeAnalyzer(db, maps).analyze(window, agentId);
            if (!analyses)
                return analyses.error();
            QJsonArray list;
            for (const PrivilegeAnalysis &a : *analyses)
                list.append(a.toJson());
            return QJsonObject{{QStringLiteral("analyses"), list}};
        },
        [this, seq](const Expected<QJsonObject> &result) {
            if (seq != m_analysisSeq)
                return;
            m_loading = false;
            if (!result)
                setError(describeFailure(result.error()));
            else
                m_analysis = mainAnalysis(result->value(QStringLiteral("analyses")).toArray());
            Q_EMIT analysisChanged();
        });
}

void LeastPrivilegeController::replay(const QString &agentId, const QString &scopesText)
{
    ScopeSet scopes;
    QString bad;
    if (!ScopeSet::parse(scopesText, &scopes, &bad)) {
        setError(tr("Those are not scopes (%1). Separate scopes with spaces or commas.").arg(bad.left(200)));
        return;
    }
    if (agentId.isEmpty())
        return;
    const quint64 seq = ++m_replaySeq;
    m_replaying = true;
    m_replay = {};
    Q_EMIT replayChanged();
    // The calls the analysis was about: its window, its connection.
    const QString connection = agentId == m_agentId ? this->connection() : QString();
    const ReplayRequest request{agentId, connection, scopes};
    const UsageWindow window = LeastPrivilegeAnalyzer::lastDays(m_clock.now(), m_days);
    runAfterUsage(
        [window, request](Database &db, ScopeMapCatalog &maps) -> Expected<QJsonObject> {
            const auto result = LeastPrivilegeAnalyzer(db, maps).replay(request, window);
            if (!result)
                return result.error();
            return result->toJson();
        },
        [this, seq](const Expected<QJsonObject> &result) {
            if (seq != m_replaySeq)
                return;
            m_replaying = false;
            if (!result)
                setError(describeFailure(result.error()));
            else
                m_replay = *result;
            Q_EMIT replayChanged();
        });
}

void LeastPrivilegeController::tighten(const QString &connection, const QString &scopesText, const QString &reason)
{
    if (m_tightening)
        return;
    ScopeSet scopes;
    QString bad;
    if (!ScopeSet::parse(scopesText, &scopes, &bad)) {
        setError(tr("Those are not scopes (%1). Separate scopes with spaces or commas.").arg(bad.left(200)));
        return;
    }
    if (scopes.isEmpty()) {
        setError(tr("Name at least one scope to keep: a connection with none would be of no use to any agent."));
        return;
    }
    if (const QString problem = ReasonText::problem(OperatorAction::TightenConnection, reason); !problem.isEmpty()) {
        setError(problem);
        return;
    }
    const QString why = reason.trimmed();
    if (m_tightener.isRunning(connection)) {
        setError(tr("%1 is already being tightened; wait for that to finish.").arg(connection));
        return;
    }
    setError({});
    m_tightening = true;
    m_tightenOk = false;
    m_tightenResult.clear();
    Q_EMIT tightenChanged();
    QPointer<LeastPrivilegeController> self(this);
    m_tightener.tighten(connection, scopes, Actor::operatorGui(), why, [self, connection](Expected<TightenResult> r) {
        if (!self)
            return;
        self->m_tightening = false;
        self->m_tightenOk = bool(r);
        if (!r) {
            qCInfo(lcUi).noquote() << "tightening" << connection << "failed:" << r.error().message;
            self->m_tightenResult = tr("%1 was not tightened; it keeps the scopes it had. The step that failed was %2")
                                        .arg(connection, r.error().message);
            Q_EMIT self->tightenChanged();
            return;
        }
        QStringList parts{tr("%1 now holds %2").arg(r->connection, r->after.toString())};
        parts << tr("%n scope(s) removed", nullptr, int(r->removed.size()));
        parts << (r->previousTokenRefused ? tr("previous token refused")
                                          : tr("the upstream still accepts the previous token"));
        if (!r->endedMissions.isEmpty())
            parts << tr("%n mission(s) ended", nullptr, int(r->endedMissions.size()));
        self->m_tightenResult = parts.join(QStringLiteral("; "));
        Q_EMIT self->tightenChanged();
        Q_EMIT self->notice(self->m_tightenResult);
    });
}

void LeastPrivilegeController::exposure(int days)
{
    const quint64 seq = ++m_exposureSeq;
    m_exposureDays = clampDays(days);
    m_exposureLoading = true;
    Q_EMIT exposureChanged();
    const UsageWindow window = LeastPrivilegeAnalyzer::lastDays(m_clock.now(), m_exposureDays);
    runAfterUsage(
        [window](Database &db, ScopeMapCatalog &) -> Expected<QJsonObject> {
            const auto report = ExposureAnalyzer(db).report(window);
            if (!report)
                return report.error();
            return report->toJson();
        },
        [this, seq](const Expected<QJsonObject> &result) {
            if (seq != m_exposureSeq)
                return;
            m_exposureLoading = false;
            if (!result)
                setError(describeFailure(result.error()));
            else
                m_exposure = *result;
            Q_EMIT exposureChanged();
        });
}

QString LeastPrivilegeController::connection() const
{
    return m_analysis.value(QStringLiteral("connection")).toString();
}

QStringList LeastPrivilegeController::granted() const
{
    return strings(m_analysis.value(QStringLiteral("granted")));
}

QVariantList LeastPrivilegeController::used() const
{
    return counts(m_analysis.value(QStringLiteral("used")), QStringLiteral("last_used"));
}

QStringList LeastPrivilegeController::neverUsed() const
{
    return strings(m_analysis.value(QStringLiteral("never_used")));
}

QVariantList LeastPrivilegeController::denied() const
{
    return counts(m_analysis.value(QStringLiteral("denied")), QStringLiteral("last_denied"));
}

QStringList LeastPrivilegeController::recommended() const
{
    return strings(m_analysis.value(QStringLiteral("recommended")));
}

QStringList LeastPrivilegeController::removable() const
{
    return strings(m_analysis.value(QStringLiteral("removable")));
}

bool LeastPrivilegeController::isRecommendationExact() const
{
    return m_analysis.value(QStringLiteral("recommendation_exact")).toBool(true);
}

double LeastPrivilegeController::allowedCalls() const
{
    return m_analysis.value(QStringLiteral("allowed_calls")).toDouble();
}

bool LeastPrivilegeController::isSafe() const
{
    return m_replay.value(QStringLiteral("safe")).toBool();
}

QVariantList LeastPrivilegeController::casualties() const
{
    QVariantList out;
    for (const QJsonValue &v : m_replay.value(QStringLiteral("refused")).toArray()) {
        const QJsonObject o = v.toObject();
        // Each requirement is "any one of these"; all of them are missing.
        QStringList needs;
        for (const QJsonValue &anyOf : o.value(QStringLiteral("needed_any_of")).toArray()) {
            const QStringList scopes = strings(anyOf);
            needs << (scopes.size() == 1 ? scopes.first() : tr("one of %1").arg(scopes.join(QStringLiteral(", "))));
        }
        out << QVariantMap{
            {QStringLiteral("method"), o.value(QStringLiteral("method")).toString()},
            {QStringLiteral("path"), o.value(QStringLiteral("path_template")).toString()},
            {QStringLiteral("count"), o.value(QStringLiteral("count")).toDouble()},
            {QStringLiteral("last"), TimeFormat::fromString(o.value(QStringLiteral("last_at")).toString())},
            {QStringLiteral("needed"), needs.join(QStringLiteral("; "))}};
    }
    return out;
}

double LeastPrivilegeController::callsReplayed() const
{
    return m_replay.value(QStringLiteral("calls_replayed")).toDouble();
}

QString LeastPrivilegeController::replayedScopes() const
{
    return strings(m_replay.value(QStringLiteral("scopes"))).join(QLatin1Char(' '));
}

double LeastPrivilegeController::standingHeld() const
{
    return m_exposure[QStringLiteral("standing")][QStringLiteral("held_scope_hours")].toDouble();
}

double LeastPrivilegeController::standingUnused() const
{
    return m_exposure[QStringLiteral("standing")][QStringLiteral("unused_scope_hours")].toDouble();
}

double LeastPrivilegeController::missionsHeld() const
{
    return m_exposure[QStringLiteral("missions")][QStringLiteral("held_scope_hours")].toDouble();
}

double LeastPrivilegeController::missionsUnused() const
{
    return m_exposure[QStringLiteral("missions")][QStringLiteral("unused_scope_hours")].toDouble();
}

double LeastPrivilegeController::reductionPercent() const
{
    return m_exposure.value(QStringLiteral("reduction_percent")).toDouble();
}

void LeastPrivilegeController::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    if (!error.isEmpty())
        qCInfo(lcUi).noquote() << "least privilege:" << error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum

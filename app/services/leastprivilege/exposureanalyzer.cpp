#include "services/leastprivilege/exposureanalyzer.h"

#include "domain/timeformat.h"
#include "store/connectionstore.h"
#include "store/leastprivilegestats.h"

#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QSet>

#include <cmath>

namespace sanctum {

namespace {
constexpr qint64 kHourMs = 3600 * 1000;

qint64 hourIndex(const QDateTime &t)
{
    return UsageStats::hourOf(t).toMSecsSinceEpoch() / kHourMs;
}

// "agent \x1f connection \x1f scope": one key per held scope of an agent.
QString keyOf(const QString &agent, const QString &connection, const QString &scope)
{
    return agent + QChar(0x1f) + connection + QChar(0x1f) + scope;
}

double rounded(double percent)
{
    return std::round(percent * 100.0) / 100.0;
}
} // namespace

QJsonObject ExposureFigures::toJson() const
{
    return {{QStringLiteral("held_scope_hours"), held},
            {QStringLiteral("used_scope_hours"), used},
            {QStringLiteral("unused_scope_hours"), unused()}};
}

double ExposureReport::reduction(const ExposureFigures &standing, const ExposureFigures &missions)
{
    if (standing.unused() <= 0)
        return 0.0;
    return 100.0 * double(standing.unused() - missions.unused()) / double(standing.unused());
}

double AgentExposure::reductionPercent() const
{
    return ExposureReport::reduction(standing, missions);
}

double ExposureReport::reductionPercent() const
{
    return reduction(standing, missions);
}

QJsonObject AgentExposure::toJson() const
{
    return {{QStringLiteral("agent_id"), agentId},
            {QStringLiteral("standing"), standing.toJson()},
            {QStringLiteral("missions"), missions.toJson()},
            {QStringLiteral("reduction_percent"), rounded(reductionPercent())}};
}

QJsonObject ExposureReport::toJson() const
{
    QJsonArray list;
    for (const AgentExposure &a : agents)
        list.append(a.toJson());
    return {{QStringLiteral("from"), TimeFormat::toJson(window.from)},
            {QStringLiteral("to"), TimeFormat::toJson(window.to)},
            {QStringLiteral("window_hours"), windowHours},
            {QStringLiteral("standing"), standing.toJson()},
            {QStringLiteral("missions"), missions.toJson()},
            {QStringLiteral("reduction_percent"), rounded(reductionPercent())},
            {QStringLiteral("agents"), list}};
}

Expected<ExposureReport> ExposureAnalyzer::report(const UsageWindow &window) const
{
    if (!window.from.isValid() || !window.to.isValid() || window.to <= window.from)
        return Error{QStringLiteral("invalid_argument"), QStringLiteral("an exposure report needs a bounded window")};
    ExposureReport report;
    report.window = window;
    // The UTC hours the window touches, [first, last].
    const qint64 first = hourIndex(window.from);
    const qint64 last = hourIndex(window.to.addMSecs(-1));
    report.windowHours = last - first + 1;

    LeastPrivilegeStats stats(m_db);
    const auto spans = stats.missionSpans(window);
    if (!spans)
        return spans.error();
    const auto usedHours = stats.usedScopeHours(window);
    if (!usedHours)
        return usedHours.error();
    const auto connections = ConnectionStore(m_db).list();
    if (!connections)
        return connections.error();

    // The standing grant of each connection.
    QHash<QString, ScopeSet> full;
    for (const Connection &c : *connections)
        if (!c.heldScopes.isEmpty())
            full.insert(c.name, c.heldScopes);
    QHash<QString, ScopeSet> grantedOn;
    QMap<QString, QSet<QString>> agentConnections; // ordered by agent id
    QHash<QString, QSet<qint64>> missionHours;     // keyOf(agent, connection, scope) → hour indexes held
    for (const MissionSpan &m : *spans) {
        grantedOn[m.connection] = grantedOn.value(m.connection).united(m.scopes).united(m.stepUpScopes);
        agentConnections[m.agentId].insert(m.connection);
        const qint64 from = hourIndex(qMax(m.from, window.from));
        const qint64 to = hourIndex(qMin(m.to, window.to).addMSecs(-1));
        for (const QString &scope : m.scopes) {
            QSet<qint64> &hours = missionHours[keyOf(m.agentId, m.connection, scope)];
            for (qint64 h = from; h <= to; ++h)
                hours.insert(h);
        }
    }
    for (auto it = grantedOn.cbegin(); it != grantedOn.cend(); ++it)
        if (!full.contains(it.key()))
            full.insert(it.key(), it.value());

    QHash<QString, AgentExposure> byAgent;
    for (auto it = agentConnections.cbegin(); it != agentConnections.cend(); ++it) {
        AgentExposure &a = byAgent[it.key()];
        a.agentId = it.key();
        for (const QString &connection : it.value())
            a.standing.held += full.value(connection).size() * report.windowHours;
    }
    for (auto it = missionHours.cbegin(); it != missionHours.cend(); ++it)
        byAgent[it.key().section(QChar(0x1f), 0, 0)].missions.held += it.value().size();
    for (const ScopeHour &u : *usedHours) {
        // An agent that held no mission in the window had no grant to compare.
        const auto a = byAgent.find(u.agentId);
        if (a == byAgent.end())
            continue;
        if (agentConnections.value(u.agentId).contains(u.connection) && full.value(u.connection).contains(u.scope))
            ++a->standing.used;
        if (missionHours.value(keyOf(u.agentId, u.connection, u.scope)).contains(hourIndex(u.hour)))
            ++a->missions.used;
    }
    for (auto it = agentConnections.cbegin(); it != agentConnections.cend(); ++it) {
        const AgentExposure &a = byAgent.value(it.key());
        report.agents.append(a);
        report.standing.held += a.standing.held;
        report.standing.used += a.standing.used;
        report.missions.held += a.missions.held;
        report.missions.used += a.missions.used;
    }
    return report;
}

} // namespace sanctum

#include "uifixture.h"

#include "store/database.h"

#include "auth/oidcclient.h"
#include "domain/securerandom.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "services/session/tenantsession.h"
#include "store/datadir.h"
#include "store/missionstore.h"
#include "store/usagerecorder.h"

#include <QTest>

#include <algorithm>

namespace sanctum::test {

UiFixture::UiFixture()
    : m_clock(start())
{
}

UiFixture::~UiFixture()
{
    m_loader.reset();
    m_instance.reset();
}

bool UiFixture::open(QString *why)
{
    if (!m_dir.isValid() || !DataDir::prepare(m_dir.path())) {
        *why = QStringLiteral("no temporary data directory");
        return false;
    }
    return reopen(why);
}

bool UiFixture::reopen(QString *why)
{
    m_loader.reset();
    m_instance.reset();
    m_instance = std::make_unique<Instance>(m_dir.path(), m_clock);
    if (Status s = m_instance->open(); !s) {
        *why = s.error().message;
        return false;
    }
    m_loader = std::make_unique<UsageSnapshotLoader>(m_instance->database().path(), m_instance->usage());
    TenantConfig config;
    config.issuer = QUrl(QStringLiteral("https://tenant.invalid/"));
    config.clientId = QStringLiteral("sanctum-ui-tests");
    config.connections = {QStringLiteral("github")};
    bool configured = false;
    m_instance->session().configure(config, false, QStringLiteral("operator:test"), [&](Status s) {
        configured = s.ok();
        if (!s)
            *why = s.error().message;
    });
    return configured;
}

QString UiFixture::addAgent(const QString &name)
{
    const Expected<NewAgent> a = m_instance->agents().add(name, QStringLiteral("operator:test"));
    return a ? a->agent.id : QString();
}

Mission UiFixture::request(const QString &agentId, const QStringList &scopes, qint64 ttl, const QString &purpose)
{
    const Expected<Agent> agent = m_instance->agents().get(agentId);
    if (!agent)
        return {};
    MissionRequest r;
    r.purpose = purpose;
    r.connection = QStringLiteral("github");
    for (const QString &s : scopes)
        r.scopes.insert(s);
    r.ttlSeconds = ttl;
    Mission result;
    // No policy approves automatically, so the answer comes at once.
    m_instance->missions().request(*agent, r, [&](Expected<Mission> m) {
        if (m)
            result = *m;
        else
            qWarning("request failed: %s", qPrintable(m.error().message));
    });
    return result;
}

Mission UiFixture::insertMission(const QString &agentId, MissionState state, const QStringList &scopes,
                                 const QDateTime &requestedAt, qint64 ttl, const QStringList &stepUp, bool wasActive)
{
    Mission m;
    m.id = SecureRandom::identifier(QStringLiteral("ms_"));
    m.agentId = agentId;
    m.request.purpose = QStringLiteral("inserted for a test");
    m.request.connection = QStringLiteral("github");
    m.request.ttlSeconds = ttl;
    for (const QString &s : scopes)
        m.request.scopes.insert(s);
    for (const QString &s : stepUp)
        m.stepUpScopes.insert(s);
    m.requestedAt = requestedAt;
    m.requestExpiresAt = requestedAt.addSecs(300);
    // Walk the life cycle the registry would have, one minute per step.
    const QDateTime decided = requestedAt.addSecs(60);
    if (state != MissionState::Pending) {
        const bool activates = state == MissionState::Active || state == MissionState::Completed ||
                               state == MissionState::Revoked || (state == MissionState::Expired && wasActive);
        if (activates) {
            (void)m.transition(MissionState::Active, decided, QStringLiteral("operator:test"));
            m.tokenHash = SecureRandom::identifier(QStringLiteral("th_"));
            if (state != MissionState::Active)
                (void)m.transition(state,
                                   state == MissionState::Expired ? m.expiresAt : decided.addSecs(60),
                                   QStringLiteral("operator:test"));
        } else {
            (void)m.transition(
                state, state == MissionState::Expired ? m.requestExpiresAt : decided, QStringLiteral("operator:test"));
        }
    }
    if (Status s = MissionStore(m_instance->database()).insert(m); !s) {
        qWarning("insert failed: %s", qPrintable(s.error().message));
        return {};
    }
    return m;
}

bool UiFixture::record(const QList<UsageEvent> &events)
{
    UsageRecorder &recorder = m_instance->usage();
    for (const UsageEvent &e : events)
        recorder.record(e);
    bool done = false;
    bool ok = false;
    recorder.whenCommitted([&](Status s) {
        done = true;
        ok = s.ok();
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

UsageEvent UiFixture::usage(const QString &agentId, const QString &scope, const QDateTime &at,
                            UsageEvent::Outcome outcome)
{
    UsageEvent e;
    e.at = at;
    e.agentId = agentId;
    e.missionId = QStringLiteral("ms_0000000000000000");
    e.connection = QStringLiteral("github");
    e.scope = scope;
    e.method = QStringLiteral("GET");
    e.pathTemplate = QStringLiteral("/repos/{owner}/{repo}/issues");
    e.status = outcome == UsageEvent::Outcome::Allowed ? 200 : 403;
    e.outcome = outcome;
    return e;
}

ModelSignals::ModelSignals(QAbstractItemModel *model)
    : dataChanged(model, &QAbstractItemModel::dataChanged)
    , rowsInserted(model, &QAbstractItemModel::rowsInserted)
    , rowsRemoved(model, &QAbstractItemModel::rowsRemoved)
    , columnsInserted(model, &QAbstractItemModel::columnsInserted)
    , columnsRemoved(model, &QAbstractItemModel::columnsRemoved)
    , modelReset(model, &QAbstractItemModel::modelReset)
    , layoutChanged(model, &QAbstractItemModel::layoutChanged)
    , rowsMoved(model, &QAbstractItemModel::rowsMoved)
    , columnsMoved(model, &QAbstractItemModel::columnsMoved)
{
}

void ModelSignals::clear()
{
    for (QSignalSpy *spy : {&dataChanged,
                            &rowsInserted,
                            &rowsRemoved,
                            &columnsInserted,
                            &columnsRemoved,
                            &modelReset,
                            &layoutChanged,
                            &rowsMoved,
                            &columnsMoved})
        spy->clear();
}

bool ModelSignals::structureUntouched() const
{
    return rowsInserted.isEmpty() && rowsRemoved.isEmpty() && columnsInserted.isEmpty() && columnsRemoved.isEmpty() &&
           modelReset.isEmpty() && layoutChanged.isEmpty() && rowsMoved.isEmpty() && columnsMoved.isEmpty();
}

bool ModelSignals::silent() const
{
    return structureUntouched() && dataChanged.isEmpty();
}

QList<int> changedRows(const QSignalSpy &dataChanged)
{
    QList<int> rows;
    for (const QList<QVariant> &args : dataChanged) {
        const QModelIndex topLeft = args.at(0).value<QModelIndex>();
        const QModelIndex bottomRight = args.at(1).value<QModelIndex>();
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r)
            rows.append(r);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<QList<int>> changedRoles(const QSignalSpy &dataChanged)
{
    QList<QList<int>> roles;
    for (const QList<QVariant> &args : dataChanged)
        roles.append(args.at(2).value<QList<int>>());
    return roles;
}

QList<std::pair<int, int>> changedCells(const QSignalSpy &dataChanged)
{
    QList<std::pair<int, int>> cells;
    for (const QList<QVariant> &args : dataChanged) {
        const QModelIndex topLeft = args.at(0).value<QModelIndex>();
        const QModelIndex bottomRight = args.at(1).value<QModelIndex>();
        if (topLeft == bottomRight)
            cells.append({topLeft.row(), topLeft.column()});
    }
    std::sort(cells.begin(), cells.end());
    return cells;
}

} // namespace sanctum::test

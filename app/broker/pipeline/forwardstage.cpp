#include "broker/pipeline/forwardstage.h"

#include "providers/provider.h"

#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/callanswers.h"
#include "broker/pipeline/upstreamaccesscache.h"
#include "domain/logging.h"
#include "services/missions/missionregistry.h"
#include "upstream/upstreamforwarder.h"

namespace sanctum {

namespace {
// Headers of the upstream's answer that never reach the agent: framing and
// hop-by-hop ones (the broker frames its own answer), cookies, and the
// upstream token's full scope list, which is the connection's business.
bool staysUpstream(const QByteArray &lowerName)
{
    static const QList<QByteArray> dropped = {"connection",
                                              "keep-alive",
                                              "transfer-encoding",
                                              "te",
                                              "trailer",
                                              "upgrade",
                                              "proxy-authenticate",
                                              "proxy-connection",
                                              "content-length",
                                              "content-encoding",
                                              "set-cookie",
                                              "date",
                                              "server"};
    return dropped.contains(lowerName);
}
} // namespace

ForwardStage::ForwardStage(MissionRegistry &missions, UpstreamAccessCache &access, UpstreamForwarder &forwarder,
                           QObject *parent)
    : QObject(parent)
    , m_missions(missions)
    , m_access(access)
    , m_forwarder(forwarder)
{
    connect(&m_forwarder, &UpstreamForwarder::head, this, &ForwardStage::onHead);
    connect(&m_forwarder, &UpstreamForwarder::data, this, &ForwardStage::onData);
    connect(&m_forwarder, &UpstreamForwarder::finished, this, &ForwardStage::onFinished);
}

ForwardStage::~ForwardStage()
{
    for (auto it = m_calls.begin(); it != m_calls.end(); ++it) {
        disconnect(it->callerGone);
        m_forwarder.cancel(it.key());
    }
}

StageResult ForwardStage::run(CallContext &call, const CallHandle &handle)
{
    if (!handle.lifetime())
        return StageResult::suspend(); // the agent is gone; nothing to do for it
    const quint64 id = m_nextId++;
    const MissionGrant &grant = *call.grant;
    // The upstream's word on what its token holds is about the connection's
    // whole grant: the agent is told its mission's scopes instead.
    const Provider *provider = Provider::find(grant.connection);
    InFlight f;
    f.handle = handle;
    f.missionScopes = grant.scopes.toList().join(QStringLiteral(", ")).toLatin1();
    f.missionId = grant.missionId.toLatin1();
    f.heldHeader = provider ? provider->heldScopesHeader() : QByteArray();
    f.acceptedHeader = provider ? provider->acceptedScopesHeader() : QByteArray();
    f.callerGone = connect(handle.lifetime(), &QObject::destroyed, this, [this, id] {
        if (m_calls.remove(id))
            m_forwarder.cancel(id);
    });
    m_calls.insert(id, f);
    m_access.get(grant.connection, [this, id](const Expected<UpstreamAccess> &access) {
        const auto it = m_calls.constFind(id);
        if (it == m_calls.constEnd())
            return;
        const CallHandle handle = it->handle;
        if (!access) {
            take(id);
            const Error &e = access.error();
            return handle.respond(HttpServerResponse::error(e.httpStatus ? e.httpStatus : 502,
                                                            QStringLiteral("upstream_unavailable"),
                                                            QStringLiteral("no upstream token: %1").arg(e.message)),
                                  CallOutcome::Failed);
        }
        const CallContext &call = handle.context();
        if (Expected<MissionGrant> live = m_missions.authorize(call.credential); !live) {
            take(id);
            return handle.respond(CallAnswers::unauthorized(live.error().code, live.error().message));
        }
        ForwardRequest fr;
        fr.connection = call.grant->connection;
        fr.method = call.method;
        fr.target = call.upstream->forwardTarget();
        fr.headers = call.headers;
        fr.body = call.body;
        m_forwarder.start(id, fr, access->apiBase);
    });
    return StageResult::suspend();
}

ForwardStage::InFlight ForwardStage::take(quint64 id)
{
    InFlight f = m_calls.take(id);
    disconnect(f.callerGone);
    return f;
}

void ForwardStage::onHead(quint64 id, const ForwardHead &head)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    it->headSeen = true;
    QList<std::pair<QByteArray, QByteArray>> headers;
    for (const auto &[name, value] : head.headers) {
        if (staysUpstream(name) || (!it->heldHeader.isEmpty() && name == it->heldHeader))
            continue;
        if (!it->acceptedHeader.isEmpty() && name == it->acceptedHeader)
            it->handle.context().acceptedScopes = QString::fromLatin1(value);
        headers.append({name, value});
    }
    if (!it->heldHeader.isEmpty())
        headers.append({it->heldHeader, it->missionScopes});
    headers.append({QByteArrayLiteral("x-sanctum-mission"), it->missionId});
    it->handle.beginStream(head.status, headers, CallOutcome::Allowed);
}

void ForwardStage::onData(quint64 id, const QByteArray &chunk)
{
    if (const auto it = m_calls.constFind(id); it != m_calls.constEnd())
        it->handle.write(chunk);
}

void ForwardStage::onFinished(quint64 id, const Error &error)
{
    if (!m_calls.contains(id))
        return;
    const InFlight f = take(id);
    if (error.code.isEmpty())
        return f.handle.finish();
    if (f.headSeen) {
        // Part of the body is out; a clean end would pass a truncated
        // answer off as complete.
        qCInfo(lcBroker) << "upstream failed mid-answer:" << error.message;
        return f.handle.abort();
    }
    const int status = error.httpStatus ? error.httpStatus : 502;
    f.handle.respond(HttpServerResponse::error(status, error.code, error.message), CallOutcome::Failed);
}

} // namespace sanctum

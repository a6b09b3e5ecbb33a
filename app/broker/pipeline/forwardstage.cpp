#include "broker/pipeline/forwardstage.h"

#include "providers/provider.h"

#include "auth/authservice.h"
#include "broker/pipeline/callhandle.h"
#include "domain/logging.h"

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

ForwardStage::ForwardStage(AuthService &auth)
    : m_auth(auth)
{
}

StageResult ForwardStage::run(CallContext &call, const CallHandle &handle)
{
    if (!handle.lifetime())
        return StageResult::suspend(); // the agent is gone; nothing to do for it
    const MissionGrant &grant = *call.grant;
    ForwardRequest fr;
    fr.connection = grant.connection;
    fr.method = call.method;
    fr.target = call.upstream->forwardTarget();
    fr.headers = call.headers;
    fr.body = call.body;
    const QByteArray missionScopes = grant.scopes.toList().join(QStringLiteral(", ")).toLatin1();
    const QByteArray missionId = grant.missionId.toLatin1();
    // The upstream's word on what its token holds is about the connection's
    // whole grant: the agent is told its mission's scopes instead.
    const Provider *provider = Provider::find(grant.connection);
    const QByteArray heldHeader = provider ? provider->heldScopesHeader() : QByteArray();
    const QByteArray acceptedHeader = provider ? provider->acceptedScopesHeader() : QByteArray();
    auto headSeen = std::make_shared<bool>(false);
    m_auth.forward(fr,
                   handle.lifetime(),
                   {[handle, missionScopes, missionId, headSeen, heldHeader, acceptedHeader](const ForwardHead &head) {
                        *headSeen = true;
                        QList<std::pair<QByteArray, QByteArray>> headers;
                        for (const auto &[name, value] : head.headers) {
                            if (staysUpstream(name) || (!heldHeader.isEmpty() && name == heldHeader))
                                continue;
                            if (!acceptedHeader.isEmpty() && name == acceptedHeader)
                                handle.context().acceptedScopes = QString::fromLatin1(value);
                            headers.append({name, value});
                        }
                        if (!heldHeader.isEmpty())
                            headers.append({heldHeader, missionScopes});
                        headers.append({QByteArrayLiteral("x-sanctum-mission"), missionId});
                        handle.beginStream(head.status, headers, CallOutcome::Allowed);
                    },
                    [handle](const QByteArray &chunk) { handle.write(chunk); },
                    [handle, headSeen](const Error &error) {
                        if (error.code.isEmpty())
                            return handle.finish();
                        if (*headSeen) {
                            // Part of the body is out; a clean end would pass a truncated
                            // answer off as complete.
                            qCInfo(lcBroker) << "upstream failed mid-answer:" << error.message;
                            return handle.abort();
                        }
                        const int status = error.httpStatus ? error.httpStatus : 502;
                        handle.respond(HttpServerResponse::error(status, error.code, error.message),
                                       CallOutcome::Failed);
                    }});
    return StageResult::suspend();
}

} // namespace sanctum

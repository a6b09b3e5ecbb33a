#include "broker/pipeline/proxytargetstage.h"

namespace sanctum {

StageResult ProxyTargetStage::run(CallContext &call, const CallHandle &)
{
    // A bare /v1/proxy/github is "/".
    const QByteArray rest = call.target.mid(kPrefix.size());
    const qsizetype end = [&] {
        for (qsizetype i = 0; i < rest.size(); ++i)
            if (rest.at(i) == '/' || rest.at(i) == '?')
                return i;
        return rest.size();
    }();
    const QByteArray connection = rest.left(end);
    QByteArray upstreamTarget = rest.mid(end);
    if (!upstreamTarget.startsWith('/'))
        upstreamTarget.prepend('/');

    const MissionGrant &grant = *call.grant;
    if (connection != grant.connection.toUtf8())
        return StageResult::respond(HttpServerResponse::error(
            403,
            QStringLiteral("wrong_connection"),
            QStringLiteral("this mission is for the %1 connection; call /v1/proxy/%1/…").arg(grant.connection)));
    Expected<ProxyPath> path = ProxyPath::parse(upstreamTarget);
    if (!path)
        return StageResult::respond(HttpServerResponse::error(400, path.error().code, path.error().message));
    call.upstream = std::move(path).value();
    return StageResult::next();
}

} // namespace sanctum

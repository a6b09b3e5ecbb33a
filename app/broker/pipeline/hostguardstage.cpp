#include "broker/pipeline/hostguardstage.h"

namespace sanctum {

HostGuardStage::HostGuardStage(bool loopbackOnly)
    : m_loopbackOnly(loopbackOnly)
{
}

bool HostGuardStage::isLocalHost(const QByteArray &host)
{
    QByteArray name = host.toLower();
    // Drop the port: after the closing bracket of an IPv6 literal, or the last colon.
    if (name.startsWith('[')) {
        const qsizetype close = name.indexOf(']');
        name = close < 0 ? QByteArray() : name.left(close + 1);
    } else if (const qsizetype colon = name.lastIndexOf(':'); colon >= 0) {
        name = name.left(colon);
    }
    return name == "127.0.0.1" || name == "localhost" || name == "[::1]";
}

StageResult HostGuardStage::run(CallContext &call, const CallHandle &)
{
    if (m_loopbackOnly && !isLocalHost(call.header("host")))
        return StageResult::respond(HttpServerResponse::error(
            403,
            QStringLiteral("host_not_allowed"),
            QStringLiteral("the broker answers only requests addressed to 127.0.0.1, localhost or [::1]")));
    return StageResult::next();
}

} // namespace sanctum

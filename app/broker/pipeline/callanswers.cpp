#include "broker/pipeline/callanswers.h"

namespace sanctum {

HttpServerResponse CallAnswers::unauthorized(const QString &code, const QString &message)
{
    HttpServerResponse r = HttpServerResponse::error(401, code, message);
    r.setHeader("WWW-Authenticate", QByteArrayLiteral("Bearer realm=\"sanctum\""));
    return r;
}

HttpServerResponse CallAnswers::notFound()
{
    return HttpServerResponse::error(404,
                                     QStringLiteral("not_found"),
                                     QStringLiteral("no such resource; see the broker's API in "
                                                    "resources/api/broker-openapi.json"));
}

HttpServerResponse CallAnswers::methodNotAllowed(const QByteArray &allow)
{
    HttpServerResponse r =
        HttpServerResponse::error(405,
                                  QStringLiteral("method_not_allowed"),
                                  QStringLiteral("this resource answers %1 only").arg(QString::fromLatin1(allow)));
    r.setHeader("Allow", allow);
    return r;
}

} // namespace sanctum

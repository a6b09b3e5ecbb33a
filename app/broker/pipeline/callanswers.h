#pragma once

#include "broker/http/httpserverresponse.h"

#include <QString>

namespace sanctum {

// Answers more than one stage gives, worded once.
class CallAnswers {
public:
    // 401 with the WWW-Authenticate challenge.
    static HttpServerResponse unauthorized(const QString &code, const QString &message);
    static HttpServerResponse notFound();
    // 405 with the Allow header, e.g. "GET, POST".
    static HttpServerResponse methodNotAllowed(const QByteArray &allow);
};

} // namespace sanctum

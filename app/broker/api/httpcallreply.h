#pragma once

#include "broker/http/httpresponder.h"
#include "broker/pipeline/callreply.h"

namespace sanctum {

// A call's answer going back on the HTTP connection it came on; the call
// lives as long as the connection.
class HttpCallReply final : public CallReply {
public:
    explicit HttpCallReply(HttpResponder responder);

    void send(const HttpServerResponse &answer) override;
    void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) override;
    void write(const QByteArray &chunk) override;
    void finish() override;
    void abort() override;
    QObject *lifetime() const override;

private:
    HttpResponder m_responder;
};

} // namespace sanctum

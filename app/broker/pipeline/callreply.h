#pragma once

#include <QByteArray>
#include <QList>

#include <utility>

class QObject;

namespace sanctum {

struct HttpServerResponse;

// Where the answer to one call goes: the HTTP connection it came on, or
// whatever else feeds calls into a CallPipeline. Either one complete answer
// (send) or a streamed one (beginStream, write…, then finish or abort).
class CallReply {
public:
    virtual ~CallReply() = default;

    virtual void send(const HttpServerResponse &answer) = 0;
    virtual void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) = 0;
    virtual void write(const QByteArray &chunk) = 0;
    virtual void finish() = 0;
    // Ends a streamed answer as broken, so a truncated body is never taken
    // for a complete one.
    virtual void abort() = 0;
    // An object that lives as long as the caller wants the answer, destroyed
    // when it goes away: the context for the timers, signal connections and
    // upstream calls made for the call, so they end with it. Null once gone;
    // the call is cancelled then.
    virtual QObject *lifetime() const = 0;
};

} // namespace sanctum

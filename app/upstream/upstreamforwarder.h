#pragma once

#include "domain/error.h"
#include "domain/tokenset.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace sanctum {

class UpstreamConnectionPool;

// One agent call on its way upstream, as the broker has already checked it.
struct ForwardRequest {
    QString connection;
    QByteArray method;
    QByteArray target; // normalised path and query, percent-encoded
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// The upstream's status line and headers, before any of the body.
struct ForwardHead {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
};

// What happened to one forwarded call since it was last reported, in order:
// the head (once), body bytes, the end. The worker gathers these per event
// loop turn and hands them over in one cross-thread event, rather than one
// per piece: a small answer usually arrives as head, body and end at once.
struct ForwardProgress {
    quint64 id = 0;
    std::optional<ForwardHead> head;
    QByteArray data;
    bool finished = false;
    Error error; // with `finished`; code empty: complete
};

// Makes the broker's upstream calls on the auth worker's thread, with the
// connection's upstream token, which so never leaves that thread. Streams
// the answer back piece by piece. Redirects are handed to the agent rather
// than followed: a followed redirect would reach a path the scope check
// never saw.
class UpstreamForwarder : public QObject {
    Q_OBJECT

public:
    static constexpr int kTimeoutMs = 60'000;

    using TokenSource = std::function<void(const QString &connection, std::function<void(Expected<UpstreamToken>)>)>;

    UpstreamForwarder(TokenSource tokens, std::function<void(const QString &connection)> dropToken,
                      QObject *parent = nullptr);

    void start(quint64 id, const ForwardRequest &request, const QUrl &apiBase);
    void cancel(quint64 id);
    // Only these request headers of the agent's reach the upstream.
    static bool passesUpstream(const QByteArray &lowerName);
    // The connections it keeps to the upstreams (tests tune and inspect it).
    UpstreamConnectionPool *pool() const { return m_pool; }

Q_SIGNALS:
    void head(quint64 id, const sanctum::ForwardHead &head);
    void data(quint64 id, const QByteArray &chunk);
    // error.code empty: the whole body was delivered.
    void finished(quint64 id, const sanctum::Error &error);

private:
    struct Call {
        ForwardRequest request;
        QByteArray base; // the API address, encoded, without a trailing slash
        QByteArray basePath;
        QString scheme;
        QString host;
        quint16 port = 0;
        QByteArray hostHeader;
        quint64 exchange = 0;
        bool headSent = false;
        bool retried = false;
    };
    void send(quint64 id, const UpstreamToken &token);
    void onHead(quint64 id, int status, const QList<std::pair<QByteArray, QByteArray>> &headers);
    void onFinished(quint64 id, const Error &error);
    void fail(quint64 id, const Error &error);

    UpstreamConnectionPool *m_pool;
    TokenSource m_tokens;
    std::function<void(const QString &)> m_dropToken;
    QHash<quint64, Call> m_calls;
};

} // namespace sanctum

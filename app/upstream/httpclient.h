#pragma once

#include "domain/error.h"
#include "upstream/retrypolicy.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace sanctum {

class Clock;

// A call Sanctum makes to a tenant or an upstream (the broker's incoming
// requests are HttpRequest).
struct ClientRequest {
    QByteArray method = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool expectJson = true;
    // Off for requests that must not be repeated blindly (e.g. a refresh
    // with rotation, which a replay would revoke).
    bool retry = true;

    static ClientRequest form(const QUrl &url, const QList<std::pair<QString, QString>> &fields);
    static ClientRequest json(const QByteArray &method, const QUrl &url, const QJsonObject &body);
};

// What came back from it.
struct ClientResponse {
    int status = 0;
    QByteArray body;
    QJsonObject json;                      // the body, when it was expected to be a JSON object
    QHash<QByteArray, QByteArray> headers; // names in lower case
    int attempts = 1;
};

// The one way Sanctum makes HTTP calls to a tenant or an upstream. It owns
// its QNetworkAccessManager, configured once, and must live (and be called)
// on one thread. Every reply goes through one path that checks the transport,
// the status and the JSON shape and yields either a response or a typed Error:
//   timeout, network, tls, too_large, insecure_url   — transport and policy
//   rate_limited, server_error                        — 429 / 5xx after retries
//   bad_response                                      — not the JSON promised
//   <OAuth error code> (invalid_grant, slow_down, …)  — a 4xx with an OAuth error body
//   http_error                                        — any other 4xx
class HttpClient : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultTimeoutMs = 15'000;
    static constexpr qint64 kMaxResponseBytes = 2 * 1024 * 1024;

    explicit HttpClient(const Clock &clock, QObject *parent = nullptr);

    void setTimeout(int msecs) { m_timeoutMs = msecs; }
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    QNetworkAccessManager *network() const { return m_network; }

    using Callback = std::function<void(Expected<ClientResponse>)>;
    // `done` is called exactly once, on this object's thread.
    void send(const ClientRequest &request, Callback done);

private:
    void attempt(const ClientRequest &request, Callback done, int number);
    // Schedules the next attempt when the policy allows one; takes `done` then.
    bool retryLater(const ClientRequest &request, Callback &done, int number, RetryPolicy::Outcome outcome, int status,
                    const QByteArray &retryAfter, const QString &why);
    void handle(QNetworkReply *reply, const ClientRequest &request, Callback done, int number, bool tooLarge);

    const Clock &m_clock;
    QNetworkAccessManager *m_network;
    RetryPolicy m_retry;
    int m_timeoutMs = kDefaultTimeoutMs;
};

} // namespace sanctum

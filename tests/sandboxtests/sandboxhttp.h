#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

namespace sanctum::test {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// What one HTTP exchange produced.
struct HttpResponse {
    bool finished = false; // false: no answer before the deadline
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 elapsedMs = 0;

    bool hasHeader(const QByteArray &name) const;
    QByteArray header(const QByteArray &name) const; // case-insensitive
    bool isJson() const;
    QJsonObject json() const;
    QJsonArray jsonArray() const;
    // For failure messages: status, error and body.
    QByteArray describe() const;
};

// A QNetworkAccessManager that never follows redirects by itself, with a
// deadline on every exchange. Waiting uses QSignalSpy, so the event loop
// keeps running (the sandbox is another process; nothing here sleeps).
class SandboxHttp {
public:
    explicit SandboxHttp(int timeoutMs = 15000);

    HttpResponse get(const QUrl &url, const Headers &headers = {});
    HttpResponse postForm(const QUrl &url, const QUrlQuery &form, const Headers &headers = {});
    HttpResponse postJson(const QUrl &url, const QJsonObject &body, const Headers &headers = {});
    HttpResponse sendJson(const QByteArray &verb, const QUrl &url, const QJsonObject &body,
                          const Headers &headers = {});
    HttpResponse send(const QByteArray &verb, QNetworkRequest request, const QByteArray &body = {});

    // Forgets the cookies (the tenant's session) of earlier exchanges.
    void resetCookies();
    QNetworkAccessManager &manager() { return m_manager; }

private:
    QNetworkAccessManager m_manager;
    int m_timeoutMs;
};

Headers bearer(const QString &token);
Headers basicAuth(const QString &user, const QString &password);

} // namespace sanctum::test

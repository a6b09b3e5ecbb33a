#include "sandboxhttp.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkCookieJar>
#include <QSignalSpy>

namespace sanctum::test {

bool HttpResponse::hasHeader(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

bool HttpResponse::isJson() const
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError;
}

QJsonObject HttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpResponse::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

QByteArray HttpResponse::describe() const
{
    return "status " + QByteArray::number(status) + (finished ? "" : " (no answer in time)") + ", network error " +
           QByteArray::number(int(error)) + ", body " + body.left(600);
}

SandboxHttp::SandboxHttp(int timeoutMs)
    : m_timeoutMs(timeoutMs)
{
}

HttpResponse SandboxHttp::get(const QUrl &url, const Headers &headers)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    return send("GET", request);
}

HttpResponse SandboxHttp::postForm(const QUrl &url, const QUrlQuery &form, const Headers &headers)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    return send("POST", request, form.toString(QUrl::FullyEncoded).toUtf8());
}

HttpResponse SandboxHttp::postJson(const QUrl &url, const QJsonObject &body, const Headers &headers)
{
    return sendJson("POST", url, body, headers);
}

HttpResponse SandboxHttp::sendJson(const QByteArray &verb, const QUrl &url, const QJsonObject &body,
                                   const Headers &headers)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    return send(verb, request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse SandboxHttp::send(const QByteArray &verb, QNetworkRequest request, const QByteArray &body)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished()) {
        finished.wait(m_timeoutMs + 1000);
    }

    HttpResponse response;
    response.finished = reply->isFinished();
    if (!response.finished) {
        reply->abort();
    }
    response.elapsedMs = clock.elapsed();
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.error = reply->error();
    response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return response;
}

void SandboxHttp::resetCookies()
{
    m_manager.setCookieJar(new QNetworkCookieJar(&m_manager));
}

Headers bearer(const QString &token)
{
    return {{QByteArrayLiteral("Authorization"), "Bearer " + token.toUtf8()}};
}

Headers basicAuth(const QString &user, const QString &password)
{
    return {{QByteArrayLiteral("Authorization"), "Basic " + (user + u':' + password).toUtf8().toBase64()}};
}

} // namespace sanctum::test

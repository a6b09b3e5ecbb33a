#pragma once

#include "domain/error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>

#include <functional>
#include <memory>

namespace sanctum {

// One request for UpstreamConnectionPool: where to, and the bytes to write
// (request line, headers and body, built by the caller).
struct UpstreamRequest {
    QString scheme; // "http" or "https"
    QString host;
    quint16 port = 0;
    QByteArray bytes;
    bool head = false; // a HEAD request: the answer has no body
    // Safe to send twice (RFC 9110 §9.2.2). Only such a request is sent
    // again when a kept-alive connection turns out closed: a POST the server
    // did read before closing would otherwise happen twice.
    bool idempotent = true;
};

// Keep-alive HTTP/1.1 connections to the upstream APIs, on buffered sockets,
// owned by (and used only on) one thread. QNetworkAccessManager reads an
// unproxied answer's head one byte per system call; this reads whatever the
// kernel has.
//
// Per origin (scheme, host, port): at most kMaxBusy requests in flight, the
// rest queued; idle connections kept for kIdleMs. A request written to a
// reused idle connection that the server closed meanwhile (no byte of an
// answer arrived) is sent again once, on a fresh connection.
//
// Plain http only to loopback; https verifies the peer against the system's
// CA store and the host name, TLS 1.2 or later. Through the system's proxy
// for non-loopback https when it is an HTTP (CONNECT) or SOCKS5 proxy.
//
// Errors (Error::code): timeout, tls, network, bad_response, insecure_url,
// proxy_unsupported.
class UpstreamConnectionPool : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxBusy = 8;
    static constexpr int kIdleMs = 30'000;

    struct Callbacks {
        std::function<void(int status, const QList<std::pair<QByteArray, QByteArray>> &headers)> head;
        std::function<void(const QByteArray &chunk)> data;
        // Exactly once, unless cancelled; error.code empty: complete.
        std::function<void(const Error &error)> finished;
    };

    explicit UpstreamConnectionPool(QObject *parent = nullptr);
    ~UpstreamConnectionPool() override;

    void setConnectTimeout(int msecs) { m_connectTimeoutMs = msecs; }
    // No byte moving for this long ends a transfer.
    void setTransferTimeout(int msecs) { m_transferTimeoutMs = msecs; }
    // For tests only: trust these certificates besides the system's.
    void addCaCertificatesForTesting(const QList<QSslCertificate> &certificates);

    // Callbacks run on this object's thread, never from within send().
    quint64 send(const UpstreamRequest &request, Callbacks callbacks);
    // No callback for it runs after this; its connection is not reused.
    void cancel(quint64 id);

    // Connections opened so far, and those idle now (for tests).
    int connectionsOpened() const { return m_opened; }
    int idleConnections() const;

private:
    struct Connection;
    struct Exchange;
    struct Origin;

    void dispatch(const QString &originKey);
    void assign(Exchange *exchange, Connection *connection);
    Connection *openConnection(Origin &origin, Error *error);
    void onConnected(Connection *connection);
    void onReadable(Connection *connection);
    void onClosed(Connection *connection, const Error &error);
    void complete(Connection *connection);
    void finishExchange(Exchange *exchange, const Error &error);
    void releaseConnection(Connection *connection, bool reusable);
    void destroyConnection(Connection *connection);
    // Forgets an idle connection the server wrote to or closed.
    void dropIdle(Connection *connection);
    void armTransferTimer(Connection *connection);

    QHash<QString, std::shared_ptr<Origin>> m_origins;
    QHash<quint64, Exchange *> m_exchanges;
    quint64 m_nextId = 1;
    int m_opened = 0;
    int m_connectTimeoutMs = 15'000;
    int m_transferTimeoutMs = 60'000;
    QList<QSslCertificate> m_extraCas;
};

} // namespace sanctum

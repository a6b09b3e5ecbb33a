#pragma once

#include "domain/error.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

namespace sanctum {

// Custody of long-lived secrets (the refresh token, the client secret) in
// the OS keychain through QtKeychain, asynchronously.
//
// Honest about failure: every job's error is checked; "entry not found"
// means "not stored"; when the keychain service is not up yet the operation
// is retried once. If there is no keychain service at all, the store says so
// (fellBackToMemory) and keeps secrets in this process's memory for this run
// only. It never falls back to a file: QtKeychain's insecure fallback stays off.
class SecretStore : public QObject {
    Q_OBJECT
public:
    enum class Backend { Keychain, MemoryOnly };
    using ReadResult = Expected<std::optional<QByteArray>>;

    explicit SecretStore(const QString &service, QObject *parent = nullptr);
    ~SecretStore() override;

    Backend backend() const { return m_backend; }
    QString service() const { return m_service; }
    void setRetryDelay(int msecs) { m_retryDelayMs = msecs; }

    // `done` runs on this object's thread once the operation has finished.
    void read(const QString &key, std::function<void(ReadResult)> done);
    void write(const QString &key, const QByteArray &secret, std::function<void(Status)> done);
    void remove(const QString &key, std::function<void(Status)> done);

Q_SIGNALS:
    // The keychain is unusable: from now on secrets live in memory only and
    // are gone when Sanctum quits. `reason` is for the operator.
    void fellBackToMemory(const QString &reason);

private:
    enum class Op { Read, Write, Remove };
    struct Request {
        Op op;
        QString key;
        QByteArray secret;
        std::function<void(ReadResult)> readDone;
        std::function<void(Status)> done;
        int attempt = 0;
    };

    void start(Request request);
    void finish(Request &request, int error, const QString &errorString, const QByteArray &data);
    void runInMemory(Request &request);
    void fallBack(const QString &reason);

    QString m_service;
    Backend m_backend = Backend::Keychain;
    int m_retryDelayMs = 1000;
    QHash<QString, QByteArray> m_memory;
};

} // namespace sanctum

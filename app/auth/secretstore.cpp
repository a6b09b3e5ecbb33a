#include "auth/secretstore.h"

#include "domain/logging.h"
#include "domain/securerandom.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

namespace sanctum {

namespace {
// Errors that mean "no usable keychain service" rather than "this entry".
bool isBackendFailure(int error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::OtherError ||
           error == QKeychain::NotImplemented;
}
} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

SecretStore::~SecretStore()
{
    for (QByteArray &secret : m_memory)
        secureZero(secret);
}

void SecretStore::read(const QString &key, std::function<void(ReadResult)> done)
{
    start({Op::Read, key, {}, std::move(done), {}});
}

void SecretStore::write(const QString &key, const QByteArray &secret, std::function<void(Status)> done)
{
    start({Op::Write, key, secret, {}, std::move(done)});
}

void SecretStore::remove(const QString &key, std::function<void(Status)> done)
{
    start({Op::Remove, key, {}, {}, std::move(done)});
}

void SecretStore::start(Request request)
{
    if (m_backend == Backend::MemoryOnly) {
        runInMemory(request);
        return;
    }
    QKeychain::Job *job = nullptr;
    switch (request.op) {
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Op::Write: {
        auto *w = new QKeychain::WritePasswordJob(m_service, this);
        w->setBinaryData(request.secret);
        job = w;
        break;
    }
    case Op::Remove:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    job->setKey(request.key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a clear-text file
    connect(job, &QKeychain::Job::finished, this, [this, request = std::move(request)](QKeychain::Job *j) mutable {
        QByteArray data;
        if (auto *r = qobject_cast<QKeychain::ReadPasswordJob *>(j); r && j->error() == QKeychain::NoError)
            data = r->binaryData();
        finish(request, j->error(), j->errorString(), data);
        secureZero(data);
    });
    job->start();
}

void SecretStore::finish(Request &request, int error, const QString &errorString, const QByteArray &data)
{
    if (isBackendFailure(error)) {
        if (request.attempt == 0) {
            // The service may still be starting (a keyring daemon activated on demand).
            qCInfo(lcAuth) << "keychain not ready, retrying once:" << errorString;
            ++request.attempt;
            QTimer::singleShot(
                m_retryDelayMs, this, [this, request = std::move(request)]() mutable { start(std::move(request)); });
            return;
        }
        fallBack(errorString);
        runInMemory(request);
        return;
    }

    switch (request.op) {
    case Op::Read:
        if (error == QKeychain::NoError)
            request.readDone(std::optional<QByteArray>(data));
        else if (error == QKeychain::EntryNotFound)
            request.readDone(std::optional<QByteArray>());
        else
            request.readDone(Error{QStringLiteral("keychain"),
                                   QStringLiteral("reading from the keychain failed: %1").arg(errorString)});
        break;
    case Op::Write:
        secureZero(request.secret);
        if (error == QKeychain::NoError)
            request.done(Done{});
        else
            request.done(Error{QStringLiteral("keychain"),
                               QStringLiteral("writing to the keychain failed: %1").arg(errorString)});
        break;
    case Op::Remove:
        // Removing what is not there leaves the wanted state: nothing stored.
        if (error == QKeychain::NoError || error == QKeychain::EntryNotFound)
            request.done(Done{});
        else
            request.done(Error{QStringLiteral("keychain"),
                               QStringLiteral("removing from the keychain failed: %1").arg(errorString)});
        break;
    }
}

void SecretStore::runInMemory(Request &request)
{
    switch (request.op) {
    case Op::Read: {
        const auto it = m_memory.constFind(request.key);
        request.readDone(it == m_memory.constEnd() ? std::optional<QByteArray>() : std::optional<QByteArray>(*it));
        break;
    }
    case Op::Write:
        if (auto it = m_memory.find(request.key); it != m_memory.end())
            secureZero(*it);
        m_memory.insert(request.key, request.secret);
        secureZero(request.secret);
        request.done(Done{});
        break;
    case Op::Remove:
        if (auto it = m_memory.find(request.key); it != m_memory.end()) {
            secureZero(*it);
            m_memory.erase(it);
        }
        request.done(Done{});
        break;
    }
}

void SecretStore::fallBack(const QString &reason)
{
    if (m_backend == Backend::MemoryOnly)
        return;
    m_backend = Backend::MemoryOnly;
    qCWarning(lcAuth) << "no usable keychain service (" << reason
                      << "): secrets are kept in memory for this run only and never written to disk";
    Q_EMIT fellBackToMemory(reason);
}

} // namespace sanctum

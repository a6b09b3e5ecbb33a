#pragma once

#include "broker/api/broker.h"
#include "broker/api/brokeroptions.h"
#include "domain/clock.h"
#include "domain/mission.h"
#include "root/instance.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QTemporaryDir>

#include <memory>

namespace sanctum::test {

// A whole Sanctum core in the test process: a real store in a temporary data
// directory, the auth worker signed in to the sandbox tenant as alice (whose
// GitHub account holds 12 scopes), and the broker on a free loopback port.
// Time is a ManualClock, so expiry is stepped, not slept.
class BrokerFixture {
public:
    explicit BrokerFixture(SandboxTenant &sandbox, BrokerOptions options = testOptions());
    ~BrokerFixture();

    // Opens the instance, signs in and starts the broker; false with a reason.
    bool start(QString *why);

    static BrokerOptions testOptions();

    Instance &instance() { return *m_instance; }
    ManualClock &clock() { return m_clock; }
    Broker &broker() { return *m_broker; }
    SandboxHttp &http() { return m_http; }
    QUrl url(const QString &path) const;

    // A new agent; returns its key.
    QString addAgent(const QString &name, QString *id = nullptr);

    // Agent-side calls.
    HttpResponse call(const QByteArray &verb, const QString &path, const QString &bearer, const QByteArray &body = {},
                      const Headers &extra = {});
    HttpResponse requestMission(const QString &key, const QJsonObject &request);
    // Asks, approves as the operator, and returns {id, token}; empty on failure.
    std::pair<QString, QString> activeMission(const QString &key, const QStringList &scopes, int ttl = 600,
                                              QString *why = nullptr);
    // Waits for the operator command's answer.
    Expected<Mission> approve(const QString &id);
    // Waits until every usage event so far is in the store.
    void flushUsage();

    // Sandbox faults that prove a call never reached the upstream: one armed
    // on `path` (a trailing '*' matches a prefix) is consumed by any call
    // that gets there.
    bool armUpstreamFault(const QString &path, const QString &method = QStringLiteral("*"));
    int pendingFaults(); // -1 when the sandbox cannot say
    void clearFaults();

    // The sandbox a broker test suite shares, with the environment its
    // sign-in needs (the sandbox's own browser stand-in; no keychain).
    static std::unique_ptr<SandboxTenant> startSandbox(QString *why);

private:
    SandboxTenant &m_sandbox;
    BrokerOptions m_options;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Instance> m_instance;
    std::unique_ptr<Broker> m_broker;
    SandboxHttp m_http;
};

} // namespace sanctum::test

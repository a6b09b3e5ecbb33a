#include "brokerfixture.h"

#include "services/instancestatus.h"

#include "auth/authservice.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "services/session/tenantsession.h"
#include "store/datadir.h"
#include "store/usagerecorder.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace sanctum::test {

BrokerFixture::BrokerFixture(SandboxTenant &sandbox, BrokerOptions options)
    : m_sandbox(sandbox)
    , m_options(options)
    , m_clock(QDateTime::currentDateTimeUtc())
{
}

BrokerFixture::~BrokerFixture()
{
    m_broker.reset();
    m_instance.reset();
}

BrokerOptions BrokerFixture::testOptions()
{
    BrokerOptions o;
    o.port = 0;
    return o;
}

bool BrokerFixture::start(QString *why)
{
    if (!m_dir.isValid() || !DataDir::prepare(m_dir.path())) {
        *why = QStringLiteral("no temporary data directory");
        return false;
    }
    m_instance = std::make_unique<Instance>(m_dir.path(), m_clock);
    if (Status s = m_instance->open(); !s) {
        *why = s.error().message;
        return false;
    }
    // The sandbox stands in for the tenant for this run only, exactly as
    // `sanctum --sandbox` configures it.
    TenantConfig config;
    config.issuer = m_sandbox.issuer();
    config.clientId = m_sandbox.clientId();
    config.clientSecret = m_sandbox.clientSecret().toUtf8();
    config.audience = m_sandbox.audience();
    config.connections = m_sandbox.connections();
    for (const QString &c : std::as_const(config.connections))
        config.apiBases.insert(c, m_sandbox.upstream());
    TenantSession &session = m_instance->session();
    bool configured = false;
    session.configure(config, false, QStringLiteral("operator:test"), [&](Status s) {
        configured = true;
        if (!s)
            *why = s.error().message;
    });
    (void)QTest::qWaitFor([&] { return configured; }, 10000);
    if (!configured || !why->isEmpty())
        return false;
    QSignalSpy failed(&session, &TenantSession::signInFailed);
    session.loginWithBrowser(QStringLiteral("alice"), QStringLiteral("operator:test"));
    (void)QTest::qWaitFor([&] { return session.state() == TenantSession::State::SignedIn || !failed.isEmpty(); },
                          30000);
    if (session.state() != TenantSession::State::SignedIn && failed.isEmpty()) {
        *why = QStringLiteral("sign-in did not finish");
        return false;
    }
    if (!failed.isEmpty()) {
        *why = QStringLiteral("sign-in failed: ") + failed.first().first().value<Error>().message;
        return false;
    }
    Instance &i = *m_instance;
    m_broker = std::make_unique<Broker>(
        BrokerServices{i.clock(), i.agents(), i.missions(), i.scopeMaps(), i.stepUp(), i.session().auth(), i.usage()},
        m_options);
    QObject::connect(m_broker.get(), &Broker::urlChanged, m_instance.get(), [this](const QUrl &url) {
        m_instance->status().setBrokerUrl(url);
    });
    if (Status s = m_broker->start(); !s) {
        *why = s.error().message;
        return false;
    }
    return true;
}

QUrl BrokerFixture::url(const QString &path) const
{
    return QUrl(m_broker->url().toString() + path);
}

QString BrokerFixture::addAgent(const QString &name, QString *id)
{
    const Expected<NewAgent> a = m_instance->agents().add(name, QStringLiteral("operator:test"));
    if (!a)
        return {};
    if (id)
        *id = a->agent.id;
    return a->key;
}

HttpResponse BrokerFixture::call(const QByteArray &verb, const QString &path, const QString &bearerToken,
                                 const QByteArray &body, const Headers &extra)
{
    QNetworkRequest r(url(path));
    if (!bearerToken.isEmpty())
        r.setRawHeader("Authorization", "Bearer " + bearerToken.toLatin1());
    if (!body.isEmpty())
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : extra)
        r.setRawHeader(name, value);
    return m_http.send(verb, r, body);
}

HttpResponse BrokerFixture::requestMission(const QString &key, const QJsonObject &request)
{
    return call("POST", QStringLiteral("/v1/missions"), key, QJsonDocument(request).toJson(QJsonDocument::Compact));
}

Expected<Mission> BrokerFixture::approve(const QString &id)
{
    std::optional<Expected<Mission>> result;
    m_instance->missions().approve(id, QStringLiteral("operator:test"), [&](Expected<Mission> m) { result = m; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 20000);
    if (!result)
        return Error{QStringLiteral("test_timeout"), QStringLiteral("no answer to the approval")};
    return *result;
}

std::pair<QString, QString> BrokerFixture::activeMission(const QString &key, const QStringList &scopes, int ttl,
                                                         QString *why)
{
    QString ignored;
    QString &reason = why ? *why : ignored;
    const HttpResponse asked =
        requestMission(key,
                       {{QStringLiteral("purpose"), QStringLiteral("triage the issues of acme/web")},
                        {QStringLiteral("connection"), QStringLiteral("github")},
                        {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                        {QStringLiteral("ttl_seconds"), ttl}});
    if (asked.status != 201) {
        reason = QString::fromUtf8(asked.describe());
        return {};
    }
    const QString id = asked.json().value(QStringLiteral("id")).toString();
    const Expected<Mission> approved = approve(id);
    if (!approved) {
        reason = approved.error().message;
        return {};
    }
    const HttpResponse status = call("GET", QStringLiteral("/v1/missions/") + id, key);
    const QString token = status.json().value(QStringLiteral("mission_token")).toString();
    if (token.isEmpty())
        reason = QString::fromUtf8(status.describe());
    return {id, token};
}

void BrokerFixture::flushUsage()
{
    bool done = false;
    m_instance->usage().whenCommitted([&](Status) { done = true; });
    (void)QTest::qWaitFor([&] { return done; }, 10000);
}

bool BrokerFixture::armUpstreamFault(const QString &path, const QString &method)
{
    const HttpResponse r = m_http.postJson(m_sandbox.controlUrl(QStringLiteral("/faults")),
                                           {{QStringLiteral("target"), QStringLiteral("upstream")},
                                            {QStringLiteral("method"), method},
                                            {QStringLiteral("path"), path},
                                            {QStringLiteral("mode"), QStringLiteral("error")},
                                            {QStringLiteral("status"), 418},
                                            {QStringLiteral("count"), 1}});
    return r.status == 201;
}

int BrokerFixture::pendingFaults()
{
    const HttpResponse r = m_http.get(m_sandbox.controlUrl(QStringLiteral("/faults")));
    if (r.status != 200)
        return -1;
    return int(r.json().value(QStringLiteral("faults")).toArray().size());
}

void BrokerFixture::clearFaults()
{
    m_http.send("DELETE", QNetworkRequest(m_sandbox.controlUrl(QStringLiteral("/faults"))));
}

std::unique_ptr<SandboxTenant> BrokerFixture::startSandbox(QString *why)
{
    qputenv("SANCTUM_BROWSER", SANDBOXBROWSER_BIN);
    // No keychain: nothing of a test may reach the user's.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-test-bus");
    auto sandbox = std::make_unique<SandboxTenant>();
    if (!sandbox->start()) {
        *why = sandbox->errorString();
        return nullptr;
    }
    return sandbox;
}

} // namespace sanctum::test

// The broker's contract under hostile or careless input: wrong or stolen
// credentials, other agents' missions, malformed requests, dead and mangled
// mission tokens, paths built to climb out of the upstream API, oversized and
// slow requests, floods and vanishing clients. Everything runs in process
// against the sandbox tenant; time is the fixture's ManualClock. Where a
// refusal must happen "before the upstream", an upstream fault is armed in
// the sandbox that any call reaching the upstream would consume, and the
// test checks it is still there afterwards.
#include "brokerfixture.h"
#include "domain/policy.h"
#include "domain/securerandom.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "store/auditlog.h"
#include "store/usagestore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace sanctum;
using namespace sanctum::test;

namespace {

// A response as a client reads it off the wire.
struct RawReply {
    bool complete = false; // a whole response arrived
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString code() const { return json().value(QStringLiteral("error")).toString(); }
    QByteArray describe() const
    {
        return (complete ? QByteArray() : QByteArray("(incomplete) ")) + "status " + QByteArray::number(status) +
               ", body " + body.left(400);
    }
};

// One response from the front of `data`, framed by Content-Length, chunks,
// or the end of the connection; false until all of it has arrived. Written
// from the RFC, not from the server's code, as any client would read it.
bool parseReply(const QByteArray &data, bool closed, RawReply *out, bool head = false)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    RawReply r;
    const QList<QByteArray> lines = data.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1."))
        return false;
    r.status = statusLine.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
    }
    const QByteArray rest = data.mid(end + 4);
    if (head) {
        // The answer to HEAD has no body, whatever Content-Length says.
    } else if (r.headers.contains("content-length")) {
        const qsizetype n = r.headers.value("content-length").toLongLong();
        if (rest.size() < n)
            return false;
        r.body = rest.left(n);
    } else if (r.headers.value("transfer-encoding").toLower() == "chunked") {
        qsizetype pos = 0;
        for (;;) {
            const qsizetype eol = rest.indexOf("\r\n", pos);
            if (eol < 0)
                return false;
            const qsizetype n = rest.mid(pos, eol - pos).toLongLong(nullptr, 16);
            pos = eol + 2;
            if (rest.size() < pos + n + 2)
                return false;
            if (n == 0)
                break;
            r.body += rest.mid(pos, n);
            pos += n + 2;
        }
    } else {
        if (!closed)
            return false;
        r.body = rest;
    }
    r.complete = true;
    *out = r;
    return true;
}

// A plain TCP client that writes exactly the bytes it is given: unlike
// QNetworkAccessManager it normalises nothing. The broker runs on this
// thread, so waiting spins the event loop (qWaitFor), never a blocking
// waitFor* call, which would deadlock.
class RawClient {
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_data += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] { m_closed = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    ~RawClient()
    {
        m_socket.disconnect();
        m_socket.abort();
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    // Until the bytes are with the kernel, i.e. on their way to the broker.
    bool waitWritten()
    {
        return QTest::qWaitFor([this] { return m_socket.bytesToWrite() == 0; }, 5000);
    }
    RawReply reply(int timeoutMs = 5000, bool head = false)
    {
        RawReply r;
        // Settled when a whole response is in, or the connection ended (then
        // whatever arrived is read as the answer); else r.complete stays false.
        if (!QTest::qWaitFor([&] { return parseReply(m_data, m_closed, &r, head) || m_closed; }, timeoutMs))
            return r;
        if (!r.complete)
            parseReply(m_data, m_closed, &r, head);
        return r;
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
    }
    bool isClosed() const { return m_closed; }
    const QByteArray &received() const { return m_data; }
    QTcpSocket &socket() { return m_socket; }

private:
    QByteArray m_data;
    bool m_closed = false;
    QTcpSocket m_socket;
};

// A complete HTTP/1.1 request; the connection closes after the answer.
QByteArray rawRequest(const QByteArray &method, const QByteArray &target, const QByteArray &headers = {},
                      const QByteArray &body = {})
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers;
    if (!body.isEmpty())
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

QByteArray bearerLine(const QString &token)
{
    return "Authorization: Bearer " + token.toLatin1() + "\r\n";
}

QJsonObject validRequest()
{
    return {{QStringLiteral("purpose"), QStringLiteral("triage the issues of acme/web")},
            {QStringLiteral("connection"), QStringLiteral("github")},
            {QStringLiteral("scopes"), QJsonArray{QStringLiteral("repo")}},
            {QStringLiteral("ttl_seconds"), 600}};
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray withField(const QString &key, const QJsonValue &value)
{
    QJsonObject o = validRequest();
    o.insert(key, value);
    return compact(o);
}

QByteArray withoutField(const QString &key)
{
    QJsonObject o = validRequest();
    o.remove(key);
    return compact(o);
}

const QString kRepo = QStringLiteral("/v1/proxy/github/repos/acme/web");

} // namespace

class TestBrokerHostile : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<BrokerFixture> m_f;
    QString m_key; // agent A
    QString m_agentId;

    // Most tests run the default test broker; these need tighter limits.
    static BrokerOptions optionsFor(const QByteArray &test)
    {
        BrokerOptions o = BrokerFixture::testOptions();
        if (test == "slowClientsAreCutOff") {
            o.limits.requestTimeoutMs = 500;
        } else if (test == "floodingAgentIsRateLimitedAlone") {
            o.callsPerSecond = 5;
            o.burst = 5;
        } else if (test == "vanishingLongPollClientsLeaveNoTrouble") {
            o.limits.maxConnections = 8; // leaked connections would soon lock everyone out
        }
        return o;
    }

    quint16 port() const { return quint16(m_f->broker().url().port()); }

    RawReply rawCall(const QByteArray &bytes, int timeoutMs = 5000)
    {
        RawClient c(port());
        if (!c.waitConnected())
            return {};
        c.send(bytes);
        return c.reply(timeoutMs);
    }

    QList<Mission> allMissions()
    {
        const Expected<QList<Mission>> all = m_f->instance().missions().list({});
        return all ? *all : QList<Mission>();
    }

    QString pendingMission(const QString &key)
    {
        const HttpResponse r = m_f->requestMission(key, validRequest());
        return r.status == 201 ? r.json().value(QStringLiteral("id")).toString() : QString();
    }

    QList<UsageEvent> usageOf(const QString &missionId)
    {
        m_f->flushUsage();
        UsageFilter filter;
        filter.missionId = missionId;
        filter.limit = 1000;
        const Expected<QList<UsageEvent>> events = UsageStore(m_f->instance().database()).list(filter);
        return events ? *events : QList<UsageEvent>();
    }

    // The broker still serves an honest agent normally.
    bool stillServing(QString *why)
    {
        const HttpResponse health = m_f->call("GET", QStringLiteral("/v1/health"), {});
        const HttpResponse list = m_f->call("GET", QStringLiteral("/v1/missions"), m_key);
        if (health.status == 200 && list.status == 200)
            return true;
        *why = QString::fromUtf8("health: " + health.describe() + "; missions: " + list.describe());
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_sandbox = BrokerFixture::startSandbox(&why);
        QVERIFY2(m_sandbox, qPrintable(why));
    }

    void init()
    {
        m_f = std::make_unique<BrokerFixture>(*m_sandbox, optionsFor(QTest::currentTestFunction()));
        QString why;
        QVERIFY2(m_f->start(&why), qPrintable(why));
        m_key = m_f->addAgent(QStringLiteral("triage-bot"), &m_agentId);
        QVERIFY(m_key.startsWith(QStringLiteral("sa_")));
    }

    void cleanup()
    {
        if (m_f)
            m_f->clearFaults();
        m_f.reset();
    }

    // ---- agent keys ----------------------------------------------------

    void healthNeedsNoKeyAndIgnoresBadOnes()
    {
        const QList<QByteArray> credentials = {
            {}, "Basic " + QByteArray("x:y").toBase64(), "Bearer sa_forged", "Bearer sm_forged"};
        for (const QByteArray &c : credentials) {
            const HttpResponse r = m_f->call(
                "GET", QStringLiteral("/v1/health"), {}, {}, c.isEmpty() ? Headers() : Headers{{"Authorization", c}});
            QVERIFY2(r.status == 200,
                     qPrintable(QString::fromLatin1(c) + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        }
    }

    void missionEndpointsRefuseAnythingButTheAgentKey()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QString goneId;
        const QString goneKey = m_f->addAgent(QStringLiteral("retired-bot"), &goneId);
        QVERIFY(goneKey.startsWith(QStringLiteral("sa_")));
        QVERIFY(
            m_f->instance().agents().remove(goneId, QStringLiteral("operator:test"), QStringLiteral("retired")).ok());

        const QByteArray key = m_key.toLatin1();
        const QList<std::pair<const char *, QByteArray>> credentials = {
            {"no Authorization header", {}},
            {"Basic scheme carrying the real key", "Basic " + QByteArray("triage-bot:" + key).toBase64()},
            {"another scheme with the real key", "Token " + key},
            {"the real key without a scheme", key},
            {"Bearer without a key", "Bearer"},
            {"Bearer with only spaces", "Bearer    "},
            {"forged sa_ key", "Bearer sa_" + QByteArray(43, 'A')},
            {"real key with trailing garbage", "Bearer " + key + "x"},
            {"real key cut short", "Bearer " + key.chopped(1)},
            {"real key without its prefix", "Bearer " + key.mid(3)},
            {"overlong sa_ key", "Bearer sa_" + QByteArray(4000, 'a')},
            {"a removed agent's key", "Bearer " + goneKey.toLatin1()},
            {"a mission token", "Bearer " + token.toLatin1()},
        };
        struct Endpoint {
            QByteArray verb;
            QString path;
            QByteArray body;
        };
        const QList<Endpoint> endpoints = {
            {"POST", QStringLiteral("/v1/missions"), compact(validRequest())},
            {"GET", QStringLiteral("/v1/missions"), {}},
            {"GET", QStringLiteral("/v1/missions/") + id, {}},
            {"GET", QStringLiteral("/v1/missions/%1?wait=10").arg(id), {}},
            {"DELETE", QStringLiteral("/v1/missions/") + id, {}},
        };
        for (const Endpoint &e : endpoints) {
            for (const auto &[label, value] : credentials) {
                const QString what = QStringLiteral("%1 %2 with %3")
                                         .arg(QString::fromLatin1(e.verb), e.path, QString::fromLatin1(label));
                const HttpResponse r = m_f->call(
                    e.verb, e.path, {}, e.body, value.isEmpty() ? Headers() : Headers{{"Authorization", value}});
                QVERIFY2(r.status == 401, qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
                QVERIFY2(r.json().value(QStringLiteral("error")).toString() == QStringLiteral("unauthorized"),
                         qPrintable(what));
                QVERIFY2(!r.json().value(QStringLiteral("message")).toString().isEmpty(), qPrintable(what));
                QVERIFY2(r.header("www-authenticate").startsWith("Bearer"), qPrintable(what));
                QVERIFY2(r.elapsedMs < 3000, qPrintable(what + QStringLiteral(": held instead of refused")));
            }
        }
        // Nothing was asked for, finished or handed out on the strength of them.
        QCOMPARE(allMissions().size(), 1);
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Active);
        QCOMPARE(m_f->call("GET", kRepo, token).status, 200);
        // The right key, in any letter case of the scheme, still opens them.
        const HttpResponse own =
            m_f->call("GET", QStringLiteral("/v1/missions/") + id, {}, {}, {{"Authorization", "bearer " + key}});
        QCOMPARE(own.status, 200);
        QCOMPARE(own.json().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    }

    // ---- isolation between agents -------------------------------------

    void anotherAgentsMissionIsIndistinguishableFromNone()
    {
        QString why;
        const auto [activeId, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const QString pendingId = pendingMission(m_key);
        QVERIFY(!pendingId.isEmpty());
        QString otherId;
        const QString other = m_f->addAgent(QStringLiteral("release-bot"), &otherId);
        const QString nobody = QStringLiteral("ms_0000000000000000"); // well formed, never issued

        for (const QString &id : {activeId, pendingId}) {
            for (const QByteArray &verb : {QByteArray("GET"), QByteArray("DELETE")}) {
                const HttpResponse theirs = m_f->call(verb, QStringLiteral("/v1/missions/") + id, other);
                const HttpResponse none = m_f->call(verb, QStringLiteral("/v1/missions/") + nobody, other);
                const QString what = QString::fromLatin1(verb) + QLatin1Char(' ') + id;
                QVERIFY2(theirs.status == 404,
                         qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(theirs.describe())));
                QCOMPARE(none.status, 404);
                QCOMPARE(theirs.json().keys(), none.json().keys());
                QCOMPARE(theirs.json().value(QStringLiteral("error")), none.json().value(QStringLiteral("error")));
                // The same words, but for the id each one asked about.
                QCOMPARE(
                    theirs.json().value(QStringLiteral("message")).toString().replace(id, QStringLiteral("<id>")),
                    none.json().value(QStringLiteral("message")).toString().replace(nobody, QStringLiteral("<id>")));
            }
        }
        // A long poll on someone else's pending mission is refused at once, not held.
        const HttpResponse poll = m_f->call("GET", QStringLiteral("/v1/missions/%1?wait=20").arg(pendingId), other);
        QCOMPARE(poll.status, 404);
        QVERIFY(poll.elapsedMs < 3000);
        // The other agent's list shows none of them.
        const HttpResponse list = m_f->call("GET", QStringLiteral("/v1/missions"), other);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json().value(QStringLiteral("missions")).toArray().size(), 0);

        // A's missions are untouched, and nothing was recorded in B's name.
        QCOMPARE(m_f->instance().missions().get(activeId)->state, MissionState::Active);
        QCOMPARE(m_f->instance().missions().get(pendingId)->state, MissionState::Pending);
        QCOMPARE(m_f->call("GET", kRepo, token).status, 200);
        AuditQuery q;
        q.limit = 1000;
        const Expected<QList<AuditEvent>> audit = m_f->instance().audit().list(q);
        QVERIFY(audit.ok());
        for (const AuditEvent &e : *audit)
            QVERIFY2(e.actor != QStringLiteral("agent:") + otherId, qPrintable(e.action));
        // The owner can finish it: the refusals were about ownership alone.
        QCOMPARE(m_f->call("DELETE", QStringLiteral("/v1/missions/") + activeId, m_key).status, 200);
    }

    void malformedMissionIdsAreNotFound()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const QByteArray real = id.toLatin1();
        // Sent over a raw socket: an HTTP library would resolve the dot segments itself.
        const QList<QByteArray> ids = {
            "ms_xyz",
            "ms_",
            "ms",
            "MS_" + real.mid(3),
            real.toUpper(),
            real + "0",
            real.chopped(1),
            real + "%00",
            real.chopped(3) + "%00",
            real.chopped(3) + "%2f",
            real + ";DROP%20TABLE%20missions",
            "ms_%27%20OR%20%271%27=%271",
            "..",
            ".",
            "%2e%2e",
            "..%2f..%2fhealth",
            "ms_" + QByteArray(4000, 'a'),
            "ms_" + QByteArray(4000, '0'),
            // Contain a '/': a server that resolved them would land on the real mission.
            "../",
            "../health",
            real + "/",
            real + "/..",
            "x/../" + real,
            "ms_xyz/%2e%2e/" + real,
        };
        for (const QByteArray &bad : ids) {
            for (const QByteArray &verb : {QByteArray("GET"), QByteArray("DELETE")}) {
                const RawReply r = rawCall(rawRequest(verb, "/v1/missions/" + bad, bearerLine(m_key)));
                const QString what = QString::fromLatin1(verb + " /v1/missions/" + bad.left(80));
                QVERIFY2(r.complete && r.status == 404,
                         qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
                QVERIFY2(r.code() == QStringLiteral("not_found"), qPrintable(what));
            }
        }
        // An id longer than any request line the broker reads is refused as such.
        const RawReply huge = rawCall(rawRequest("GET", "/v1/missions/ms_" + QByteArray(9000, 'a'), bearerLine(m_key)));
        QCOMPARE(huge.status, 414);
        // The real mission was neither finished nor disturbed by any of them.
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Active);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key).status, 200);
        QCOMPARE(allMissions().size(), 1);
        QVERIFY2(stillServing(&why), qPrintable(why));
    }

    void badLongPollWaitsAreRefusedAtOnce()
    {
        const QString id = pendingMission(m_key);
        QVERIFY(!id.isEmpty());
        for (const QString &wait : {QStringLiteral("abc"),
                                    QStringLiteral("-1"),
                                    QStringLiteral("61"),
                                    QStringLiteral("1.5"),
                                    QStringLiteral("99999999999"),
                                    QStringLiteral("")}) {
            const HttpResponse r = m_f->call("GET", QStringLiteral("/v1/missions/%1?wait=%2").arg(id, wait), m_key);
            QVERIFY2(r.status == 400, qPrintable(wait + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_request"));
            QVERIFY(r.elapsedMs < 3000);
        }
        const HttpResponse now = m_f->call("GET", QStringLiteral("/v1/missions/%1?wait=0").arg(id), m_key);
        QCOMPARE(now.status, 200);
        QCOMPARE(now.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
    }

    // ---- mission requests ----------------------------------------------

    void malformedMissionRequestsAreRefusedAndNothingStored()
    {
        struct Case {
            const char *label;
            QByteArray body;
            QByteArray contentType; // empty: application/json
            int status;
            QString code;
        };
        const QString invalidJson = QStringLiteral("invalid_json");
        const QString invalidRequest = QStringLiteral("invalid_request");
        QJsonArray tooManyScopes;
        for (int i = 0; i <= MissionRequest::kMaxScopes; ++i)
            tooManyScopes.append(QStringLiteral("scope%1").arg(i));
        const QList<Case> cases = {
            {"not JSON", "purpose=triage&connection=github", {}, 400, invalidJson},
            {"truncated JSON", compact(validRequest()).chopped(1), {}, 400, invalidJson},
            {"JSON array", "[" + compact(validRequest()) + "]", {}, 400, invalidJson},
            {"JSON string", "\"triage the issues of acme/web\"", {}, 400, invalidJson},
            {"JSON null", "null", {}, 400, invalidJson},
            {"nested 200000 deep", QByteArray(200000, '[') + QByteArray(200000, ']'), {}, 400, invalidJson},
            {"unknown field",
             withField(QStringLiteral("agent_id"), QStringLiteral("someone-else")),
             {},
             400,
             invalidRequest},
            // The request parser wants the field before the policy looks at its length.
            {"purpose missing", withoutField(QStringLiteral("purpose")), {}, 400, invalidRequest},
            {"purpose not a string", withField(QStringLiteral("purpose"), 12345678), {}, 400, invalidRequest},
            {"purpose empty",
             withField(QStringLiteral("purpose"), QString()),
             {},
             400,
             QStringLiteral("purpose_required")},
            {"purpose too short",
             withField(QStringLiteral("purpose"), QStringLiteral("fix it")),
             {},
             400,
             QStringLiteral("purpose_required")},
            {"purpose only blanks",
             withField(QStringLiteral("purpose"), QString(40, QLatin1Char(' '))),
             {},
             400,
             QStringLiteral("purpose_required")},
            {"purpose too long",
             withField(QStringLiteral("purpose"), QString(MissionRequest::kMaxPurposeLength + 1, QLatin1Char('x'))),
             {},
             400,
             invalidRequest},
            {"scopes not a list", withField(QStringLiteral("scopes"), QStringLiteral("repo")), {}, 400, invalidRequest},
            {"scopes an object",
             withField(QStringLiteral("scopes"), QJsonObject{{QStringLiteral("repo"), true}}),
             {},
             400,
             invalidRequest},
            {"scope not a string", withField(QStringLiteral("scopes"), QJsonArray{42}), {}, 400, invalidRequest},
            {"scope with a space",
             withField(QStringLiteral("scopes"), QJsonArray{QStringLiteral("repo admin:org")}),
             {},
             400,
             invalidRequest},
            {"scope with a comma",
             withField(QStringLiteral("scopes"), QJsonArray{QStringLiteral("repo,admin:org")}),
             {},
             400,
             invalidRequest},
            {"scope with a quote",
             withField(QStringLiteral("scopes"), QJsonArray{QStringLiteral("re\"po")}),
             {},
             400,
             invalidRequest},
            {"scope empty", withField(QStringLiteral("scopes"), QJsonArray{QString()}), {}, 400, invalidRequest},
            {"too many scopes", withField(QStringLiteral("scopes"), tooManyScopes), {}, 400, invalidRequest},
            {"no scopes", withField(QStringLiteral("scopes"), QJsonArray()), {}, 400, invalidRequest},
            {"unknown github scope",
             withField(QStringLiteral("scopes"), QJsonArray{QStringLiteral("repo"), QStringLiteral("launch:missiles")}),
             {},
             400,
             QStringLiteral("invalid_scope")},
            {"unknown connection",
             withField(QStringLiteral("connection"), QStringLiteral("gitlab")),
             {},
             400,
             QStringLiteral("unknown_connection")},
            {"connection missing", withoutField(QStringLiteral("connection")), {}, 400, invalidRequest},
            {"connection not a string",
             withField(QStringLiteral("connection"), QJsonArray{QStringLiteral("github")}),
             {},
             400,
             invalidRequest},
            {"ttl missing", withoutField(QStringLiteral("ttl_seconds")), {}, 400, invalidRequest},
            {"ttl 0", withField(QStringLiteral("ttl_seconds"), 0), {}, 400, invalidRequest},
            {"ttl negative", withField(QStringLiteral("ttl_seconds"), -600), {}, 400, invalidRequest},
            {"ttl fractional", withField(QStringLiteral("ttl_seconds"), 600.5), {}, 400, invalidRequest},
            {"ttl a string", withField(QStringLiteral("ttl_seconds"), QStringLiteral("600")), {}, 400, invalidRequest},
            {"ttl null", withField(QStringLiteral("ttl_seconds"), QJsonValue()), {}, 400, invalidRequest},
            {"ttl astronomical", withField(QStringLiteral("ttl_seconds"), 1e300), {}, 400, invalidRequest},
            {"ttl one over the policy cap",
             withField(QStringLiteral("ttl_seconds"), int(Policy::kDefaultMaxTtl) + 1),
             {},
             403,
             QStringLiteral("ttl_too_long")},
            {"plain text", compact(validRequest()), "text/plain", 415, QStringLiteral("unsupported_media_type")},
            {"a form",
             compact(validRequest()),
             "application/x-www-form-urlencoded",
             415,
             QStringLiteral("unsupported_media_type")},
        };
        for (const Case &c : cases) {
            const HttpResponse r =
                m_f->call("POST",
                          QStringLiteral("/v1/missions"),
                          m_key,
                          c.body,
                          c.contentType.isEmpty() ? Headers() : Headers{{"Content-Type", c.contentType}});
            const QString what = QString::fromLatin1(c.label);
            QVERIFY2(r.status == c.status, qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QVERIFY2(r.json().value(QStringLiteral("error")).toString() == c.code,
                     qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QVERIFY2(r.json().value(QStringLiteral("message")).isString(), qPrintable(what));
            QVERIFY2(allMissions().isEmpty(), qPrintable(what + QStringLiteral(" stored a mission")));
        }
        QCOMPARE(m_f->instance().missions().pendingCount(), 0);

        // The base request is sound (each case above broke exactly one thing),
        // exactly at the cap is allowed, and charset parameters are fine.
        QJsonObject atCap = validRequest();
        atCap.insert(QStringLiteral("ttl_seconds"), int(Policy::kDefaultMaxTtl));
        const HttpResponse ok = m_f->call("POST",
                                          QStringLiteral("/v1/missions"),
                                          m_key,
                                          compact(atCap),
                                          {{"Content-Type", "application/json; charset=utf-8"}});
        QVERIFY2(ok.status == 201, ok.describe().constData());
        QCOMPARE(allMissions().size(), 1);
    }

    void jsonMediaTypeIsMatchedWithoutRegardToCase()
    {
        // RFC 9110 §8.3.1: media type and subtype names are case-insensitive,
        // so an agent whose HTTP library writes "Application/JSON" is as right
        // as one that writes "application/json".
        const HttpResponse r = m_f->call("POST",
                                         QStringLiteral("/v1/missions"),
                                         m_key,
                                         compact(validRequest()),
                                         {{"Content-Type", "Application/JSON; charset=UTF-8"}});
        QVERIFY2(r.status == 201, r.describe().constData());
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
    }

    void purposeCannotCarryControlCharacters()
    {
        // The purpose is the one thing the operator reads before approving,
        // in `sanctumctl missions list/show`, the UI and notifications. An
        // agent must not be able to put terminal escapes, line breaks that
        // forge extra table rows, NULs or bidi overrides in front of the
        // operator: the broker refuses such a purpose (400) or stores it
        // without them.
        const QList<std::pair<const char *, QString>> purposes = {
            {"an OSC title escape", QStringLiteral("triage the issues \x1b]0;approved by security\x07 of acme/web")},
            {"a clear-screen escape", QStringLiteral("\x1b[2J\x1b[Htriage the issues of acme/web")},
            {"a forged second row",
             QStringLiteral("triage the issues of acme/web\nms_0123456789abcdef  active  "
                            "release-bot  read the README")},
            {"a carriage return", QStringLiteral("delete every repository of acme\rtriage the issues of acme/web")},
            {"a NUL", QStringLiteral("triage the issues of acme/web") + QChar(0) + QStringLiteral("and delete them")},
            {"a bidi override", QStringLiteral("triage the issues of ") + QChar(0x202e) + QStringLiteral("bew/emca")},
        };
        auto unsafe = [](const QString &text) {
            return std::any_of(text.begin(), text.end(), [](QChar c) {
                const char16_t u = c.unicode();
                return u < 0x20 || (u >= 0x7f && u < 0xa0) || (u >= 0x202a && u <= 0x202e) ||
                       (u >= 0x2066 && u <= 0x2069);
            });
        };
        for (const auto &[label, purpose] : purposes) {
            QJsonObject request = validRequest();
            request.insert(QStringLiteral("purpose"), purpose);
            const HttpResponse r = m_f->requestMission(m_key, request);
            const QString what = QString::fromLatin1(label);
            if (r.status == 400) {
                QVERIFY2(!r.json().value(QStringLiteral("error")).toString().isEmpty(), qPrintable(what));
                continue;
            }
            QVERIFY2(r.status == 201, qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            const Expected<Mission> stored =
                m_f->instance().missions().get(r.json().value(QStringLiteral("id")).toString());
            QVERIFY(stored.ok());
            QVERIFY2(!unsafe(stored->request.purpose),
                     qPrintable(what + QStringLiteral(" was stored verbatim: ") +
                                QString::fromLatin1(stored->request.purpose.toUtf8().toPercentEncoding(" /"))));
        }
    }

    void pendingRequestsAreCappedPerAgent()
    {
        for (int i = 0; i < MissionRegistry::kMaxPendingPerAgent; ++i)
            QVERIFY2(!pendingMission(m_key).isEmpty(), qPrintable(QString::number(i)));
        const HttpResponse more = m_f->requestMission(m_key, validRequest());
        QCOMPARE(more.status, 429);
        QCOMPARE(more.json().value(QStringLiteral("error")).toString(), QStringLiteral("too_many_pending"));
        QCOMPARE(allMissions().size(), MissionRegistry::kMaxPendingPerAgent);
        // The cap is this agent's alone.
        const QString other = m_f->addAgent(QStringLiteral("release-bot"));
        QVERIFY(!pendingMission(other).isEmpty());
        // Withdrawing one makes room for one.
        MissionFilter mine;
        mine.agentId = m_agentId;
        const Expected<QList<Mission>> own = m_f->instance().missions().list(mine);
        QVERIFY(own.ok() && !own->isEmpty());
        const QString first = own->constFirst().id;
        QCOMPARE(m_f->call("DELETE", QStringLiteral("/v1/missions/") + first, m_key).status, 200);
        QVERIFY(!pendingMission(m_key).isEmpty());
        QCOMPARE(m_f->requestMission(m_key, validRequest()).status, 429);
    }

    // ---- mission tokens ------------------------------------------------

    void forgedAndMangledTokensAreRefused()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QCOMPARE(m_f->call("GET", kRepo, token).status, 200);
        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/repos/*")));

        const QByteArray t = token.toLatin1();
        // Exactly the shape of a real one, from the same generator.
        const QByteArray random = SecureRandom::token(QStringLiteral("sm_")).toLatin1();
        const QList<std::pair<const char *, QByteArray>> cases = {
            {"no Authorization header", {}},
            {"a forged sm_ token", "Bearer sm_" + QByteArray(43, 'A')},
            {"a random sm_ token", "Bearer " + random},
            {"the token with trailing garbage", "Bearer " + t + "x"},
            {"the token with a trailing word", "Bearer " + t + " please"},
            {"the token twice", "Bearer " + t + t},
            {"the token cut short", "Bearer " + t.chopped(1)},
            {"the token without its prefix", "Bearer " + t.mid(3)},
            {"the token under another prefix", "Bearer sa_" + t.mid(3)},
            {"an overlong sm_ token", "Bearer sm_" + QByteArray(5000, 'A')},
            {"the agent key", "Bearer " + m_key.toLatin1()},
            {"the token in the Basic scheme", "Basic " + t},
            {"the token without a scheme", t},
        };
        for (const auto &[label, value] : cases) {
            const HttpResponse r =
                m_f->call("GET", kRepo, {}, {}, value.isEmpty() ? Headers() : Headers{{"Authorization", value}});
            const QString what = QString::fromLatin1(label);
            QVERIFY2(r.status == 401, qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            const QString code = r.json().value(QStringLiteral("error")).toString();
            QVERIFY2(code == QStringLiteral("invalid_token") || code == QStringLiteral("unauthorized"),
                     qPrintable(what + QStringLiteral(": ") + code));
            QVERIFY2(r.header("www-authenticate").startsWith("Bearer"), qPrintable(what));
        }
        QCOMPARE(m_f->pendingFaults(), 1); // none of them reached the upstream
        // The real token still works, and does reach the upstream (which
        // answers with the armed fault): the fault would have caught a leak.
        QCOMPARE(m_f->call("GET", kRepo, token).status, 418);
        QCOMPARE(m_f->pendingFaults(), 0);
    }

    void tokensOfEndedMissionsAreRefused()
    {
        QString why;
        const auto completed = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        const auto revoked = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QString goneId;
        const QString goneKey = m_f->addAgent(QStringLiteral("retired-bot"), &goneId);
        const auto orphaned = m_f->activeMission(goneKey, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!completed.second.isEmpty() && !revoked.second.isEmpty() && !orphaned.second.isEmpty(),
                 qPrintable(why));
        for (const auto &m : {completed, revoked, orphaned})
            QCOMPARE(m_f->call("GET", kRepo, m.second).status, 200);

        QCOMPARE(m_f->call("DELETE", QStringLiteral("/v1/missions/") + completed.first, m_key).status, 200);
        QVERIFY(m_f->instance()
                    .missions()
                    .revoke(revoked.first, QStringLiteral("operator:test"), QStringLiteral("enough"))
                    .ok());
        QVERIFY(
            m_f->instance().agents().remove(goneId, QStringLiteral("operator:test"), QStringLiteral("retired")).ok());

        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/repos/*")));
        const QList<std::pair<const char *, std::pair<QString, QString>>> ended = {
            {"completed", completed}, {"revoked", revoked}, {"its agent removed", orphaned}};
        for (const auto &[label, m] : ended) {
            const QList<std::pair<QByteArray, QByteArray>> calls = {
                {"GET", "/issues"}, {"HEAD", "/issues"}, {"POST", "/issues"}, {"PATCH", "/issues/1"}};
            for (const auto &[verb, sub] : calls) {
                const bool write = verb == "POST" || verb == "PATCH";
                RawClient c(port());
                QVERIFY(c.waitConnected());
                c.send(rawRequest(verb,
                                  kRepo.toLatin1() + sub,
                                  bearerLine(m.second) + (write ? "Content-Type: application/json\r\n" : ""),
                                  write ? QByteArray("{\"title\":\"x\"}") : QByteArray()));
                const RawReply r = c.reply(5000, verb == "HEAD");
                QVERIFY2(r.status == 401,
                         qPrintable(QString::fromLatin1(label) + QLatin1Char(' ') + QString::fromLatin1(verb) +
                                    QStringLiteral(": ") + QString::fromUtf8(r.describe())));
                if (verb != "HEAD")
                    QCOMPARE(r.code(), QStringLiteral("invalid_token"));
                QVERIFY(r.header("www-authenticate").startsWith("Bearer"));
            }
        }
        QCOMPARE(m_f->pendingFaults(), 1);
        QCOMPARE(m_f->instance().missions().activeCount(), 0);
        // And no status answer hands a token out again.
        for (const QString &id : {completed.first, revoked.first}) {
            const HttpResponse s = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
            QCOMPARE(s.status, 200);
            QVERIFY(!s.json().contains(QStringLiteral("mission_token")));
        }
    }

    void missionDeniedDuringItsApprovalNeverGetsAToken()
    {
        // The operator approves, and then the operator (or the agent) takes
        // it back while the upstream token is still on its way. The tenant's
        // token endpoint is slowed down so that "still on its way" holds
        // however long the agent's DELETE takes to arrive.
        const QString denied = pendingMission(m_key);
        const QString withdrawn = pendingMission(m_key);
        QVERIFY(!denied.isEmpty() && !withdrawn.isEmpty());
        const HttpResponse slowed = m_f->http().postJson(m_sandbox->controlUrl(QStringLiteral("/faults")),
                                                         {{QStringLiteral("target"), QStringLiteral("tenant")},
                                                          {QStringLiteral("method"), QStringLiteral("POST")},
                                                          {QStringLiteral("path"), QStringLiteral("/oauth/token")},
                                                          {QStringLiteral("mode"), QStringLiteral("slow")},
                                                          {QStringLiteral("delay_ms"), 1500},
                                                          {QStringLiteral("count"), 2}});
        QCOMPARE(slowed.status, 201);
        std::optional<Expected<Mission>> first;
        std::optional<Expected<Mission>> second;
        m_f->instance().missions().approve(
            denied, QStringLiteral("operator:test"), [&](Expected<Mission> m) { first = m; });
        m_f->instance().missions().approve(
            withdrawn, QStringLiteral("operator:test"), [&](Expected<Mission> m) { second = m; });
        QVERIFY(!first && !second); // the upstream token is fetched asynchronously
        QVERIFY(m_f->instance()
                    .missions()
                    .deny(denied, QStringLiteral("operator:test"), QStringLiteral("changed my mind"))
                    .ok());
        QCOMPARE(m_f->call("DELETE", QStringLiteral("/v1/missions/") + withdrawn, m_key).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(first && second, 20000);
        QVERIFY(!first->ok());
        QCOMPARE(first->error().code, QStringLiteral("conflict"));
        QVERIFY(!second->ok());
        QCOMPARE(second->error().code, QStringLiteral("conflict"));

        QCOMPARE(m_f->instance().missions().activeCount(), 0);
        for (const QString &id : {denied, withdrawn}) {
            QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Denied);
            QVERIFY(m_f->instance().missions().undeliveredToken(id).isEmpty());
            const HttpResponse s = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
            QCOMPARE(s.json().value(QStringLiteral("status")).toString(), QStringLiteral("denied"));
            QVERIFY(!s.json().contains(QStringLiteral("mission_token")));
        }
        // A later approval cannot revive them either.
        QCOMPARE(m_f->approve(denied).error().code, QStringLiteral("conflict"));
        QCOMPARE(m_f->instance().missions().activeCount(), 0);
    }

    void tokenDiesExactlyAtItsTtl()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 120, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const QDateTime approvedAt = m_f->clock().now();
        QCOMPARE(m_f->instance().missions().get(id)->expiresAt.msecsTo(approvedAt.addSecs(120)) / 1000, 0);
        m_f->clock().advance(119'999);
        QCOMPARE(m_f->call("GET", kRepo, token).status, 200); // 1 ms before
        m_f->clock().advance(1);
        const HttpResponse dead = m_f->call("GET", kRepo, token); // at exactly the TTL
        QCOMPARE(dead.status, 401);
        QCOMPARE(dead.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_token"));
        QVERIFY(dead.header("www-authenticate").startsWith("Bearer"));
        const Expected<Mission> m = m_f->instance().missions().get(id);
        QCOMPARE(m->state, MissionState::Expired);
        // Dead for good: turning the clock back does not revive it.
        m_f->clock().setNow(approvedAt);
        QCOMPARE(m_f->call("GET", kRepo, token).status, 401);
        const HttpResponse s = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
        QCOMPARE(s.json().value(QStringLiteral("status")).toString(), QStringLiteral("expired"));
        QVERIFY(!s.json().contains(QStringLiteral("mission_token")));
    }

    void tokenOnlyWorksForItsConnection()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/repos/*")));
        for (const QString &path : {QStringLiteral("/v1/proxy/other/repos/acme/web"),
                                    QStringLiteral("/v1/proxy/GitHub/repos/acme/web"),
                                    QStringLiteral("/v1/proxy/githubx/repos/acme/web"),
                                    QStringLiteral("/v1/proxy/git%68ub/repos/acme/web"),
                                    QStringLiteral("/v1/proxy/github%2frepos/acme/web"),
                                    QStringLiteral("/v1/proxy/github.evil/repos/acme/web")}) {
            const RawReply r = rawCall(rawRequest("GET", path.toLatin1(), bearerLine(token)));
            QVERIFY2(r.status == 403, qPrintable(path + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QCOMPARE(r.code(), QStringLiteral("wrong_connection"));
        }
        QCOMPARE(m_f->pendingFaults(), 1);
        const QList<UsageEvent> usage = usageOf(id);
        QCOMPARE(usage.size(), 6);
        for (const UsageEvent &e : usage) {
            QCOMPARE(e.outcome, UsageEvent::Outcome::Denied);
            QCOMPARE(e.status, 403);
        }
    }

    // ---- paths -----------------------------------------------------------

    void pathAttacksNeverReachTheUpstream()
    {
        QString why;
        // `repo` covers every /repos/acme/* path: a normalised path would be allowed.
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/repos/*")));
        QCOMPARE(m_f->pendingFaults(), 1);

        struct Attack {
            const char *label;
            QByteArray target;
            int status;
            const char *code;
        };
        const QByteArray p = "/v1/proxy/github";
        const QList<Attack> attacks = {
            {"plain ..", p + "/repos/acme/web/issues/../../web", 400, "invalid_path"},
            {"plain .. into a private repository", p + "/repos/acme/web/../api", 400, "invalid_path"},
            {"trailing ..", p + "/repos/acme/web/issues/..", 400, "invalid_path"},
            {"leading ..", p + "/../repos/acme/web", 400, "invalid_path"},
            {"dot segment", p + "/repos/./acme/web", 400, "invalid_path"},
            {"%2e%2e", p + "/repos/acme/web/issues/%2e%2e", 400, "invalid_path"},
            {"%2E%2e", p + "/repos/acme/%2E%2e/acme/web", 400, "invalid_path"},
            {"%2E%2E", p + "/repos/acme/web/%2E%2E/api", 400, "invalid_path"},
            {".%2e", p + "/repos/acme/web/.%2e/api", 400, "invalid_path"},
            {"%2e.", p + "/repos/acme/web/%2e./api", 400, "invalid_path"},
            {"%2e", p + "/repos/acme/%2e/web", 400, "invalid_path"},
            {"double-encoded dots", p + "/repos/acme/web/%252e%252e/api", 400, "invalid_path"},
            {"%2f", p + "/repos/acme%2fweb", 400, "invalid_path"},
            {"%2F climbing", p + "/repos/acme/web%2F..%2F..%2Facme%2Fapi", 400, "invalid_path"},
            {"%5c", p + "/repos/acme/web%5c..%5capi", 400, "invalid_path"},
            {"%5C", p + "/repos/acme/web%5C..%5Capi", 400, "invalid_path"},
            // A raw backslash is not even a valid request-target byte: the
            // HTTP parser refuses it before the proxy sees the request.
            {"raw backslash", p + "/repos/acme/web\\..\\api", 400, "bad_request"},
            {"//host", p + "//evil.example/repos/acme/web", 400, "invalid_path"},
            {"absolute URL", p + "/http://evil.example/repos/acme/web", 400, "invalid_path"},
            {"scheme with encoded slashes", p + "/https:%2f%2fevil.example%2frepos%2facme%2fweb", 400, "invalid_path"},
            {"userinfo-looking colon", p + "/repos/acme:secret@evil.example/web", 400, "invalid_path"},
            {"empty segment", p + "/repos//acme/web", 400, "invalid_path"},
            {"CR LF header injection", p + "/repos/acme/web%0d%0aX-Injected:%20yes", 400, "invalid_path"},
            {"LF alone", p + "/repos/acme/web%0aHost:%20evil.example", 400, "invalid_path"},
            {"CR alone", p + "/repos/acme/web%0d", 400, "invalid_path"},
            {"tab", p + "/repos/acme/web%09", 400, "invalid_path"},
            {"NUL", p + "/repos/acme/web%00.json", 400, "invalid_path"},
            {"NUL segment", p + "/repos/acme/%00/web", 400, "invalid_path"},
            {"DEL", p + "/repos/acme/web%7f", 400, "invalid_path"},
            {"overlong UTF-8 dots", p + "/repos/acme/web/%c0%ae%c0%ae/api", 400, "invalid_path"},
            {"invalid UTF-8", p + "/repos/acme/web%ff", 400, "invalid_path"},
            {"broken percent escape", p + "/repos/acme/web%2", 400, "bad_request"},
            {"non-hex percent escape", p + "/repos/acme/web%zz", 400, "bad_request"},
            {"longer than any request line",
             p + "/repos/acme/web/contents/" + QByteArray(9000, 'a'),
             414,
             "uri_too_long"},
        };
        int invalidPaths = 0;
        for (const Attack &a : attacks) {
            const RawReply r = rawCall(rawRequest("GET", a.target, bearerLine(token)));
            const QString what = QString::fromLatin1(a.label);
            QVERIFY2(r.complete && r.status == a.status,
                     qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QVERIFY2(r.code() == QLatin1String(a.code),
                     qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QVERIFY2(m_f->pendingFaults() == 1, qPrintable(what + QStringLiteral(" reached the upstream")));
            invalidPaths += qstrcmp(a.code, "invalid_path") == 0;
        }
        // Every refusal the proxy made is on the record as a denied attempt.
        const QList<UsageEvent> usage = usageOf(id);
        QCOMPARE(usage.size(), invalidPaths);
        for (const UsageEvent &e : usage) {
            QCOMPARE(e.outcome, UsageEvent::Outcome::Denied);
            QCOMPARE(e.status, 400);
        }
        // Control: the honest path does reach the upstream and meets the fault.
        const RawReply honest = rawCall(rawRequest("GET", kRepo.toLatin1(), bearerLine(token)));
        QVERIFY2(honest.status == 418, honest.describe().constData());
        QCOMPARE(m_f->pendingFaults(), 0);
        QVERIFY2(stillServing(&why), qPrintable(why));
    }

    void unknownEndpointsAreRefusedAndRecorded()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/admin/*")));
        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/repos/*")));
        const QList<std::pair<QByteArray, QString>> calls = {
            {"GET", QStringLiteral("/v1/proxy/github/admin/secrets")},
            {"DELETE", QStringLiteral("/v1/proxy/github/admin/users/alice")},
            {"PROPFIND", QStringLiteral("/v1/proxy/github/repos/acme/web")},
            {"GET", QStringLiteral("/v1/proxy/github/repos/acme/web/actions/secrets")},
        };
        for (const auto &[verb, path] : calls) {
            const HttpResponse r = m_f->call(verb, path, token);
            const QString what = QString::fromLatin1(verb) + QLatin1Char(' ') + path;
            QVERIFY2(r.status == 403, qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("unknown_endpoint"));
        }
        // A known endpoint outside the mission's scopes is a denied attempt too.
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/user/emails"), token).status, 403);
        QCOMPARE(m_f->pendingFaults(), 2);

        const QList<UsageEvent> usage = usageOf(id);
        QCOMPARE(usage.size(), calls.size() + 1);
        int noRule = 0;
        for (const UsageEvent &e : usage) {
            QCOMPARE(e.outcome, UsageEvent::Outcome::Denied);
            QCOMPARE(e.status, 403);
            QCOMPARE(e.agentId, m_agentId);
            QCOMPARE(e.connection, QStringLiteral("github"));
            if (e.pathTemplate == QStringLiteral("(no rule)"))
                ++noRule;
            else
                QCOMPARE(e.scope, QStringLiteral("user:email"));
        }
        QCOMPARE(noRule, int(calls.size()));
        QStringList methods;
        for (const UsageEvent &e : usage)
            methods << e.method;
        QVERIFY(methods.contains(QStringLiteral("PROPFIND")));
        QVERIFY(methods.contains(QStringLiteral("DELETE")));
    }

    // ---- limits of the HTTP server -----------------------------------------

    void oversizedBodiesAreRefused()
    {
        const qsizetype limit = BrokerFixture::testOptions().limits.maxBodyBytes;
        const QByteArray head =
            "POST /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + bearerLine(m_key);
        // Announced too large: refused on the headers, before any body is read.
        {
            RawClient c(port());
            QVERIFY(c.waitConnected());
            c.send(head + "Content-Length: " + QByteArray::number(limit + 1) + "\r\n\r\n");
            const RawReply r = c.reply();
            QVERIFY2(r.status == 413, r.describe().constData());
            QCOMPARE(r.code(), QStringLiteral("payload_too_large"));
            QVERIFY(c.waitClosed());
        }
        // A length that does not fit any integer.
        {
            const RawReply r = rawCall(head + "Content-Length: 99999999999999999999999999\r\n\r\n");
            QVERIFY2(r.status == 413, r.describe().constData());
        }
        // Announced and sent: the broker answers and drops the rest.
        {
            QByteArray body = compact(validRequest());
            body = body.chopped(1) + ",\"padding\":\"" + QByteArray(limit, 'x') + "\"}";
            const RawReply r =
                rawCall(head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body, 10000);
            QVERIFY2(r.status == 413, r.describe().constData());
        }
        QVERIFY(allMissions().isEmpty());
        QString why;
        QVERIFY2(stillServing(&why), qPrintable(why));
        QCOMPARE(m_f->requestMission(m_key, validRequest()).status, 201);
    }

    void oversizedHeadersAreRefused()
    {
        const HttpLimits limits = BrokerFixture::testOptions().limits;
        const QByteArray auth = bearerLine(m_key);
        const QList<std::pair<const char *, QByteArray>> cases = {
            {"one huge header", "X-Padding: " + QByteArray(limits.maxHeaderBytes + 1, 'a') + "\r\n"},
            {"many medium headers",
             QByteArray("X-Padding: " + QByteArray(1000, 'b') + "\r\n")
                 .repeated(int(limits.maxHeaderBytes / 1000) + 2)},
            {"too many headers", QByteArray("X-A: 1\r\n").repeated(limits.maxHeaderCount + 1)},
            {"a huge Authorization", "Authorization: Bearer sa_" + QByteArray(limits.maxHeaderBytes, 'k') + "\r\n"},
        };
        QString why;
        for (const auto &[label, headers] : cases) {
            RawClient c(port());
            QVERIFY(c.waitConnected());
            c.send(rawRequest("GET", "/v1/missions", auth + headers));
            const RawReply r = c.reply();
            QVERIFY2(r.status == 431,
                     qPrintable(QString::fromLatin1(label) + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QCOMPARE(r.code(), QStringLiteral("headers_too_large"));
            QVERIFY(c.waitClosed());
            QVERIFY2(stillServing(&why), qPrintable(QString::fromLatin1(label) + QStringLiteral(": ") + why));
        }
        // Just under the limits is fine.
        const RawReply fine =
            rawCall(rawRequest("GET", "/v1/missions", auth + "X-Padding: " + QByteArray(8000, 'c') + "\r\n"));
        QVERIFY2(fine.status == 200, fine.describe().constData());
    }

    void garbageRequestsAreRefused()
    {
        QRandomGenerator seeded(20240611);
        QByteArray noise(4096, Qt::Uninitialized);
        for (char &c : noise)
            c = char(seeded.bounded(256));
        const QByteArray auth = bearerLine(m_key);
        struct Case {
            const char *label;
            QByteArray bytes;
            int status; // 0: any 4xx
        };
        const QList<Case> cases = {
            {"not HTTP", "HELLO BROKER\r\n\r\n", 400},
            {"a TLS ClientHello", QByteArray::fromHex("16030100a5010000a10303") + noise.left(64), 400},
            {"random bytes", noise, 0},
            {"an absolute URL (proxy use)", "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n", 400},
            {"CONNECT", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n", 400},
            {"HTTP/0.9", "GET /v1/health\r\n\r\n", 400},
            {"an unknown HTTP version", "GET /v1/health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 505},
            {"bare LF line ends", "GET /v1/health HTTP/1.1\nHost: 127.0.0.1\n\n", 400},
            {"two spaces", "GET  /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400},
            {"a space in the target", "GET /v1/he alth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400},
            {"no Host", "GET /v1/health HTTP/1.1\r\n\r\n", 400},
            {"two Hosts", "GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
            {"folded header", "GET /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\r\n  " + auth + "\r\n", 400},
            {"space before colon", "GET /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization : x\r\n\r\n", 400},
            {"endless empty lines", QByteArray("\r\n").repeated(50), 400},
            {"chunked body (smuggling)",
             "POST /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
                 "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n0\r\n\r\n",
             501},
            {"conflicting lengths (smuggling)",
             "POST /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
                 "Content-Length: 2\r\nContent-Length: 40\r\nContent-Type: application/json\r\n\r\n{}",
             400},
            {"negative length", "POST /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n", 400},
            {"NUL in a header",
             "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a" + QByteArray(1, '\0') + "b\r\n\r\n",
             400},
        };
        QString why;
        for (const Case &c : cases) {
            RawClient client(port());
            QVERIFY(client.waitConnected());
            client.send(c.bytes);
            const RawReply r = client.reply();
            const QString what = QString::fromLatin1(c.label);
            QVERIFY2(r.complete, qPrintable(what + QStringLiteral(": no answer")));
            if (c.status)
                QVERIFY2(r.status == c.status,
                         qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            else
                QVERIFY2(r.status >= 400 && r.status < 500,
                         qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QVERIFY2(!r.code().isEmpty(), qPrintable(what));
            QVERIFY2(client.waitClosed(), qPrintable(what + QStringLiteral(": the connection stayed open")));
            QVERIFY2(stillServing(&why), qPrintable(what + QStringLiteral(": ") + why));
        }
        QVERIFY(allMissions().isEmpty());
    }

    void slowClientsAreCutOff()
    {
        // init() gave this broker a request timeout of 500 ms.
        const int timeoutMs = 500;
        const QByteArray body = compact(validRequest());
        const QList<std::pair<const char *, QByteArray>> cases = {
            {"slow headers", "GET /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearerLine(m_key) + "\r\n"},
            {"slow body",
             "POST /v1/missions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + bearerLine(m_key) +
                 "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body},
        };
        for (const auto &[label, request] : cases) {
            const QString what = QString::fromLatin1(label);
            RawClient slow(port());
            QVERIFY(slow.waitConnected());
            // Everything at once but the last few bytes, which drip in one every 200 ms.
            const qsizetype dripFrom = request.size() - 30;
            qsizetype sent = dripFrom;
            QTimer drip;
            drip.setInterval(200);
            QObject::connect(&drip, &QTimer::timeout, &drip, [&] {
                if (sent < request.size() && !slow.isClosed())
                    slow.send(request.mid(sent++, 1));
            });
            QElapsedTimer sinceFirstByte;
            slow.send(request.left(dripFrom));
            sinceFirstByte.start();
            drip.start();
            // Meanwhile an honest agent is served at once.
            const HttpResponse honest = m_f->call("GET", QStringLiteral("/v1/health"), {});
            QCOMPARE(honest.status, 200);
            QVERIFY2(honest.elapsedMs < 500, qPrintable(QString::number(honest.elapsedMs)));

            const RawReply r = slow.reply(5000);
            const qint64 cutOffAfter = sinceFirstByte.elapsed();
            drip.stop();
            QVERIFY2(r.status == 408, qPrintable(what + QStringLiteral(": ") + QString::fromUtf8(r.describe())));
            QCOMPARE(r.code(), QStringLiteral("request_timeout"));
            QVERIFY2(cutOffAfter >= timeoutMs - 50 && cutOffAfter < timeoutMs + 700,
                     qPrintable(what + QStringLiteral(": cut off after %1 ms").arg(cutOffAfter)));
            QVERIFY(sent < request.size()); // it never got to finish
            QVERIFY(slow.waitClosed());
            QString why;
            QVERIFY2(stillServing(&why), qPrintable(why));
        }
        QVERIFY(allMissions().isEmpty()); // the slow POST was never handled
    }

    // ---- rate limiting -------------------------------------------------------

    void floodingAgentIsRateLimitedAlone()
    {
        // init() gave this broker 5 calls per second with a burst of 5.
        QString otherId;
        const QString other = m_f->addAgent(QStringLiteral("release-bot"), &otherId);
        QString why;
        const auto a = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        const auto b = m_f->activeMission(other, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!a.second.isEmpty() && !b.second.isEmpty(), qPrintable(why));
        m_f->clock().advance(1000); // both buckets full again

        auto fire = [&](const QString &path, const QString &bearer) {
            QNetworkRequest r(m_f->url(path));
            r.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
            return std::unique_ptr<QNetworkReply>(m_f->http().manager().get(r));
        };
        std::vector<std::unique_ptr<QNetworkReply>> flood;
        std::vector<std::unique_ptr<QNetworkReply>> calm;
        for (int i = 0; i < 20; ++i)
            flood.push_back(fire(QStringLiteral("/v1/missions"), m_key));
        calm.push_back(fire(QStringLiteral("/v1/missions"), other));
        calm.push_back(fire(QStringLiteral("/v1/missions/") + b.first, other));
        calm.push_back(fire(kRepo, b.second));
        auto allDone = [](const std::vector<std::unique_ptr<QNetworkReply>> &replies) {
            return std::all_of(replies.begin(), replies.end(), [](const auto &r) { return r->isFinished(); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(allDone(flood) && allDone(calm), 20000);

        int admitted = 0;
        int limited = 0;
        for (const auto &r : flood) {
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200) {
                ++admitted;
                continue;
            }
            QCOMPARE(status, 429);
            ++limited;
            QCOMPARE(r->rawHeader("Retry-After"), QByteArray("1"));
            QCOMPARE(QJsonDocument::fromJson(r->readAll()).object().value(QStringLiteral("error")).toString(),
                     QStringLiteral("rate_limited"));
        }
        QCOMPARE(admitted, 5);
        QCOMPARE(limited, 15);
        for (const auto &r : calm)
            QVERIFY2(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200,
                     qPrintable(r->url().path() + QStringLiteral(": ") + QString::fromUtf8(r->readAll())));

        // The limit is the agent's, whatever it calls with: its mission token too.
        const HttpResponse proxied = m_f->call("GET", kRepo, a.second);
        QCOMPARE(proxied.status, 429);
        QCOMPARE(proxied.header("retry-after"), QByteArray("1"));

        // A second later (on the broker's clock) A has a full burst again, and no more.
        m_f->clock().advance(1000);
        QCOMPARE(m_f->call("GET", kRepo, a.second).status, 200);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(m_f->call("GET", QStringLiteral("/v1/missions"), m_key).status, 200);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/missions"), m_key).status, 429);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/missions"), other).status, 200);
    }

    // ---- concurrency ---------------------------------------------------------

    void longPollDoesNotDelayOtherAgents()
    {
        QString otherId;
        const QString other = m_f->addAgent(QStringLiteral("release-bot"), &otherId);
        const QString otherMission = pendingMission(other);
        QStringList waiting;
        for (int i = 0; i < 3; ++i)
            waiting << pendingMission(m_key);
        QVERIFY(!otherMission.isEmpty() && !waiting.contains(QString()));

        // A holds three long polls at once, on connections of their own.
        std::vector<std::unique_ptr<RawClient>> polls;
        QElapsedTimer sincePolls;
        sincePolls.start();
        for (const QString &id : std::as_const(waiting)) {
            polls.push_back(std::make_unique<RawClient>(port()));
            QVERIFY(polls.back()->waitConnected());
            polls.back()->send(
                rawRequest("GET", QStringLiteral("/v1/missions/%1?wait=30").arg(id).toLatin1(), bearerLine(m_key)));
            QVERIFY(polls.back()->waitWritten());
        }

        // Meanwhile B is served at once, again and again.
        for (int i = 0; i < 5; ++i) {
            const HttpResponse health = m_f->call("GET", QStringLiteral("/v1/health"), {});
            QCOMPARE(health.status, 200);
            QVERIFY2(health.elapsedMs < 500, qPrintable(QString::number(health.elapsedMs)));
            const HttpResponse mine = m_f->call("GET", QStringLiteral("/v1/missions/") + otherMission, other);
            QCOMPARE(mine.status, 200);
            QVERIFY2(mine.elapsedMs < 500, qPrintable(QString::number(mine.elapsedMs)));
        }
        const HttpResponse asked = m_f->requestMission(other, validRequest());
        QCOMPARE(asked.status, 201);
        QVERIFY(asked.elapsedMs < 500);
        // A's polls are still held: nothing answered them early.
        for (const auto &poll : polls)
            QVERIFY2(poll->received().isEmpty(), poll->received().left(200).constData());

        // Each answers the moment its own mission is decided, and only then.
        QVERIFY(m_f->approve(waiting.at(0)).ok());
        const RawReply approved = polls.at(0)->reply();
        QVERIFY2(approved.status == 200, approved.describe().constData());
        QCOMPARE(approved.json().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QVERIFY(approved.json().value(QStringLiteral("mission_token")).toString().startsWith(QStringLiteral("sm_")));
        QVERIFY(polls.at(1)->received().isEmpty());
        QVERIFY(
            m_f->instance().missions().deny(waiting.at(1), QStringLiteral("operator:test"), QStringLiteral("no")).ok());
        const RawReply denied = polls.at(1)->reply();
        QCOMPARE(denied.json().value(QStringLiteral("status")).toString(), QStringLiteral("denied"));
        QVERIFY(polls.at(2)->received().isEmpty());
        QVERIFY(sincePolls.elapsed() < 25'000); // answered by the decisions, not by the wait running out
    }

    void vanishingLongPollClientsLeaveNoTrouble()
    {
        // init() limited this broker to 8 connections: a connection that
        // outlived its client would soon lock every agent out.
        const QString id = pendingMission(m_key);
        QVERIFY(!id.isEmpty());
        const QByteArray poll =
            rawRequest("GET", QStringLiteral("/v1/missions/%1?wait=30").arg(id).toLatin1(), bearerLine(m_key));
        for (int i = 0; i < 12; ++i) {
            RawClient c(port());
            QVERIFY(c.waitConnected());
            c.send(poll);
            QVERIFY(c.waitWritten());
            // A round trip through the broker's event loop: it has the poll in hand now.
            QCOMPARE(m_f->call("GET", QStringLiteral("/v1/health"), {}).status, 200);
            QVERIFY2(c.received().isEmpty(), c.received().left(200).constData()); // held
            c.socket().abort();
        }
        // One more that leaves with a short wait pending, next to an honest
        // poll with the same wait: when the honest one is answered, the
        // abandoned one's timer has come due too.
        {
            const QByteArray shortPoll =
                rawRequest("GET", QStringLiteral("/v1/missions/%1?wait=1").arg(id).toLatin1(), bearerLine(m_key));
            RawClient gone(port());
            QVERIFY(gone.waitConnected());
            gone.send(shortPoll);
            QVERIFY(gone.waitWritten());
            QCOMPARE(m_f->call("GET", QStringLiteral("/v1/health"), {}).status, 200);
            gone.socket().abort();
            RawClient honest(port());
            QVERIFY(honest.waitConnected());
            honest.send(shortPoll);
            const RawReply r = honest.reply(5000);
            QVERIFY2(r.status == 200, r.describe().constData());
            QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        }

        // The mission is approved and used as if nothing had happened, and
        // the token, which no vanished client received, is still handed out.
        QVERIFY(m_f->approve(id).ok());
        const HttpResponse status = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
        QCOMPARE(status.json().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        const QString token = status.json().value(QStringLiteral("mission_token")).toString();
        QVERIFY(token.startsWith(QStringLiteral("sm_")));
        QCOMPARE(m_f->call("GET", kRepo, token).status, 200);

        // And every connection slot came back: seven clients at once (the
        // fixture's own keep-alive connection holds the eighth) are served.
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 7; ++i) {
            clients.push_back(std::make_unique<RawClient>(port()));
            QVERIFY(clients.back()->waitConnected());
            clients.back()->send(rawRequest("GET", "/v1/missions", bearerLine(m_key)));
        }
        for (const auto &c : clients) {
            const RawReply r = c->reply();
            QVERIFY2(r.status == 200, r.describe().constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestBrokerHostile)
#include "tst_broker_hostile.moc"

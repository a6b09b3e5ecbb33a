// The admin socket of a running `sanctum --headless`, spoken to directly with
// a QLocalSocket: one JSON request per line in, one JSON reply per line out.

#include "admin/adminendpoint.h"
#include "admin/adminserver.h"
#include "integrationsupport.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QtTest>

#include <memory>
#include <vector>

#include <sys/stat.h>

using namespace sanctum;
using namespace sanctum::test;

// A status request on `client` works and echoes `id`.
#define QVERIFY_STATUS_WORKS(client, id)                                                                               \
    do {                                                                                                               \
        const QString problem_ = statusProblem(client, id);                                                            \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                            \
    } while (false)

class TestAdminSocket : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HeadlessInstance> m_instance;

    QString socketPath() const { return adminSocketPath(*m_instance); }

    // Why a status request with `id` on `client` did not work; empty when it did.
    static QString statusProblem(LineClient &client, const QJsonValue &id)
    {
        const QJsonObject reply = client.request(statusRequest(id));
        if (reply.value(QStringLiteral("ok")) != QJsonValue(true) || reply.value(QStringLiteral("id")) != id ||
            !reply.value(QStringLiteral("result")).toObject().contains(QStringLiteral("pid")))
            return QStringLiteral("status failed; reply: ") +
                   QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
        return {};
    }

    // Opens AdminServer::kMaxClients connections, each proven with a status
    // request so the server has certainly counted it.
    static bool openAtTheLimit(const QString &path, std::vector<std::unique_ptr<LineClient>> *clients)
    {
        for (int i = 0; i < AdminServer::kMaxClients; ++i) {
            clients->push_back(std::make_unique<LineClient>());
            if (!clients->back()->connectTo(path) ||
                !clients->back()->request(statusRequest(i)).value(QStringLiteral("ok")).toBool())
                return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_instance = std::make_unique<HeadlessInstance>();
        QVERIFY2(m_instance->start(), m_instance->output().constData());
    }

    void cleanupTestCase() { m_instance.reset(); }

    void socketLivesInTheDataDirAndIsOwnerOnly()
    {
        QCOMPARE(socketPath(), m_instance->dataDir() + QStringLiteral("/admin.sock"));
        const QFileInfo info(socketPath());
        QVERIFY(info.exists());
        struct stat st = {};
        QCOMPARE(::lstat(QFile::encodeName(socketPath()).constData(), &st), 0);
        QVERIFY(S_ISSOCK(st.st_mode));

        const QFileDevice::Permissions groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                      QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                      QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(info.permissions() & groupOrOther, QFileDevice::Permissions());
        QVERIFY(info.permissions().testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QCOMPARE(modeBits(socketPath()) & 077, 0);
        // The directory around it is owner-only too.
        QCOMPARE(modeBits(m_instance->dataDir()), 0700);
    }

    void statusReportsTheInstance()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        const QJsonObject reply = client.request(statusRequest(1));
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(true));
        const QJsonObject result = reply.value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("pid")).toInteger(), m_instance->process().processId());
        QCOMPARE(result.value(QStringLiteral("data_dir")).toString(), m_instance->dataDir());
    }

    void malformedJsonIsABadRequestAndTheConnectionCarriesOn()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        QVERIFY(client.send("{\"id\": 3, \"cmd\": \"status\"\n"));
        const QJsonObject reply = client.readReply();
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
        QVERIFY2(reply.value(QStringLiteral("message")).toString().contains(QStringLiteral("JSON")),
                 qPrintable(reply.value(QStringLiteral("message")).toString()));
        // An unparseable line has no id to echo.
        QVERIFY(reply.contains(QStringLiteral("id")));
        QVERIFY(reply.value(QStringLiteral("id")).isNull());

        QCOMPARE(client.socket().state(), QLocalSocket::ConnectedState);
        QVERIFY_STATUS_WORKS(client, 4);
    }

    void invalidRequestsAreBadRequests_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QJsonValue>("id");
        QTest::newRow("array") << QByteArray("[{\"id\": 1, \"cmd\": \"status\"}]") << QJsonValue(QJsonValue::Null);
        QTest::newRow("string") << QByteArray("\"status\"") << QJsonValue(QJsonValue::Null);
        QTest::newRow("number") << QByteArray("42") << QJsonValue(QJsonValue::Null);
        QTest::newRow("no cmd") << QByteArray("{\"id\": 11, \"args\": {}}") << QJsonValue(11);
        QTest::newRow("numeric cmd") << QByteArray("{\"id\": 12, \"cmd\": 7}") << QJsonValue(12);
        QTest::newRow("null cmd") << QByteArray("{\"id\": 13, \"cmd\": null}") << QJsonValue(13);
        QTest::newRow("array args") << QByteArray("{\"id\": \"a\", \"cmd\": \"status\", \"args\": [1]}")
                                    << QJsonValue(QStringLiteral("a"));
        QTest::newRow("string args") << QByteArray("{\"id\": 14, \"cmd\": \"agents.list\", \"args\": \"all\"}")
                                     << QJsonValue(14);
        QTest::newRow("invalid UTF-8") << QByteArray("{\"id\": 16, \"cmd\": \"stat\xff\xfeus\"}")
                                       << QJsonValue(QJsonValue::Null);
        QTest::newRow("deeply nested") << QByteArray(200000, '[') + QByteArray(200000, ']')
                                       << QJsonValue(QJsonValue::Null);
        QTest::newRow("number args") << QByteArray("{\"id\": 15, \"cmd\": \"status\", \"args\": 1}") << QJsonValue(15);
    }

    void invalidRequestsAreBadRequests()
    {
        QFETCH(QByteArray, line);
        QFETCH(QJsonValue, id);
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        QVERIFY(client.send(line + '\n'));
        const QJsonObject reply = client.readReply();
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
        QVERIFY(!reply.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(reply.contains(QStringLiteral("id")));
        QCOMPARE(reply.value(QStringLiteral("id")), id);
        QVERIFY(!reply.contains(QStringLiteral("result")));
        QVERIFY_STATUS_WORKS(client, 99);
    }

    void unknownCommandIsNamed()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        const QJsonObject reply =
            client.request({{QStringLiteral("id"), 21}, {QStringLiteral("cmd"), QStringLiteral("agents.explode")}});
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("unknown_command"));
        QVERIFY2(reply.value(QStringLiteral("message")).toString().contains(QStringLiteral("agents.explode")),
                 qPrintable(reply.value(QStringLiteral("message")).toString()));
        QCOMPARE(reply.value(QStringLiteral("id")), QJsonValue(21));
        QVERIFY_STATUS_WORKS(client, 22);
    }

    void badArgumentsOfAKnownCommandAreReported()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        const QJsonObject reply = client.request({{QStringLiteral("id"), 31},
                                                  {QStringLiteral("cmd"), QStringLiteral("agents.add")},
                                                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), 5}}}});
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_argument"));
        QVERIFY(reply.value(QStringLiteral("message")).toString().contains(QStringLiteral("name")));
        QCOMPARE(reply.value(QStringLiteral("id")), QJsonValue(31));
    }

    void idIsEchoed_data()
    {
        QTest::addColumn<QJsonValue>("id");
        QTest::newRow("integer") << QJsonValue(42);
        QTest::newRow("zero") << QJsonValue(0);
        QTest::newRow("string") << QJsonValue(QStringLiteral("req-\u00e9-1"));
        QTest::newRow("object") << QJsonValue(QJsonObject{{QStringLiteral("n"), QJsonArray{1, 2}}});
        QTest::newRow("null") << QJsonValue(QJsonValue::Null);
        QTest::newRow("bool") << QJsonValue(true);
    }

    void idIsEchoed()
    {
        QFETCH(QJsonValue, id);
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        const QJsonObject ok = client.request(statusRequest(id));
        QCOMPARE(ok.value(QStringLiteral("ok")), QJsonValue(true));
        QVERIFY(ok.contains(QStringLiteral("id")));
        QCOMPARE(ok.value(QStringLiteral("id")), id);
        const QJsonObject failed =
            client.request({{QStringLiteral("id"), id}, {QStringLiteral("cmd"), QStringLiteral("no.such")}});
        QCOMPARE(failed.value(QStringLiteral("ok")), QJsonValue(false));
        QVERIFY(failed.contains(QStringLiteral("id")));
        QCOMPARE(failed.value(QStringLiteral("id")), id);
    }

    void missingIdIsAnsweredWithNull()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        const QJsonObject reply = client.request({{QStringLiteral("cmd"), QStringLiteral("status")}});
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(true));
        QVERIFY(reply.contains(QStringLiteral("id")));
        QVERIFY(reply.value(QStringLiteral("id")).isNull());
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        // Blank lines are skipped, CRLF is accepted, and three requests in one
        // write get three replies in order.
        QVERIFY(client.send("\n\r\n{\"id\":1,\"cmd\":\"status\"}\r\n{\"id\":2,\"cmd\":\"nope\"}\n"
                            "   \n{\"id\":3,\"cmd\":\"agents.list\",\"args\":{}}\n"));
        const QJsonObject first = client.readReply();
        const QJsonObject second = client.readReply();
        const QJsonObject third = client.readReply();
        QCOMPARE(first.value(QStringLiteral("id")), QJsonValue(1));
        QCOMPARE(first.value(QStringLiteral("ok")), QJsonValue(true));
        QCOMPARE(second.value(QStringLiteral("id")), QJsonValue(2));
        QCOMPARE(second.value(QStringLiteral("error")).toString(), QStringLiteral("unknown_command"));
        QCOMPARE(third.value(QStringLiteral("id")), QJsonValue(3));
        QVERIFY(third.value(QStringLiteral("result")).toObject().value(QStringLiteral("agents")).isArray());
        // Nothing more was owed: the next reply is the next request's.
        QVERIFY_STATUS_WORKS(client, 4);
    }

    void aPartialLineDoesNotHoldUpOtherClients()
    {
        LineClient slow;
        QVERIFY(slow.connectTo(socketPath()));
        QVERIFY(slow.send("{\"id\": \"slow\", \"cmd\": \"sta"));
        LineClient fast;
        QVERIFY(fast.connectTo(socketPath()));
        QVERIFY_STATUS_WORKS(fast, QStringLiteral("fast"));
        QVERIFY(slow.send("tus\"}\n"));
        const QJsonObject reply = slow.readReply();
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(true));
        QCOMPARE(reply.value(QStringLiteral("id")), QJsonValue(QStringLiteral("slow")));
    }

    void lineLengthLimit_data()
    {
        // The limit counts the whole line, newline included (as POSIX's
        // LINE_MAX does).
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("exactly the limit") << AdminEndpoint::kMaxLineBytes << true;
        QTest::newRow("one byte over") << AdminEndpoint::kMaxLineBytes + 1 << false;
    }

    // A complete line right at and just past the limit.
    void lineLengthLimit()
    {
        QFETCH(int, length);
        QFETCH(bool, accepted);
        QByteArray line = "{\"id\":5,\"cmd\":\"status\"}";
        line += QByteArray(length - 1 - line.size(), ' ');
        line += '\n';
        QCOMPARE(line.size(), length);
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        QVERIFY(client.send(line));
        const QJsonObject reply = client.readReply();
        if (accepted) {
            QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(true));
            QCOMPARE(reply.value(QStringLiteral("id")), QJsonValue(5));
            QVERIFY_STATUS_WORKS(client, 6);
        } else {
            QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("too_large"));
            QVERIFY(client.waitForDisconnected());
        }
    }

    void oversizedLineClosesTheConnectionButNotTheServer()
    {
        LineClient client;
        QVERIFY(client.connectTo(socketPath()));
        QVERIFY_STATUS_WORKS(client, 1);
        // More than 1 MiB and no newline in sight.
        QVERIFY(client.send(QByteArray(AdminEndpoint::kMaxLineBytes + 4096, 'x')));
        const QJsonObject reply = client.readReply();
        QCOMPARE(reply.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("too_large"));
        QVERIFY(
            reply.value(QStringLiteral("message")).toString().contains(QString::number(AdminEndpoint::kMaxLineBytes)));
        QVERIFY2(client.waitForDisconnected(), "the server kept the connection open");

        QVERIFY(m_instance->isRunning());
        LineClient next;
        QVERIFY(next.connectTo(socketPath()));
        QVERIFY_STATUS_WORKS(next, 2);
    }

    void aClientVanishingMidRequestIsHarmless()
    {
        {
            LineClient client;
            QVERIFY(client.connectTo(socketPath()));
            QVERIFY(client.send("{\"id\": 1, \"cmd\": \"status\"}\n{\"id\": 2, \"cm"));
            client.socket().abort();
        }
        LineClient next;
        QVERIFY(next.connectTo(socketPath()));
        QVERIFY_STATUS_WORKS(next, 3);
        QVERIFY(m_instance->isRunning());
    }

    void manySimultaneousClients()
    {
        // Comfortably below the server's limit, which the next test covers.
        const int count = AdminServer::kMaxClients - 8;
        std::vector<std::unique_ptr<LineClient>> clients;
        for (int i = 0; i < count; ++i) {
            clients.push_back(std::make_unique<LineClient>());
            QVERIFY2(clients.back()->connectTo(socketPath()), qPrintable(QString::number(i)));
        }
        // Every request goes out before any reply is read.
        for (int i = 0; i < count; ++i)
            QVERIFY(clients[i]->send(QJsonDocument(statusRequest(i)).toJson(QJsonDocument::Compact) + '\n' +
                                     QJsonDocument(QJsonObject{{QStringLiteral("id"), 1000 + i},
                                                               {QStringLiteral("cmd"), QStringLiteral("audit.list")}})
                                         .toJson(QJsonDocument::Compact) +
                                     '\n'));
        for (int i = count - 1; i >= 0; --i) {
            const QJsonObject status = clients[i]->readReply();
            QCOMPARE(status.value(QStringLiteral("id")), QJsonValue(i));
            QCOMPARE(status.value(QStringLiteral("ok")), QJsonValue(true));
            const QJsonObject audit = clients[i]->readReply();
            QCOMPARE(audit.value(QStringLiteral("id")), QJsonValue(1000 + i));
            QCOMPARE(audit.value(QStringLiteral("ok")), QJsonValue(true));
        }
    }

    // kMaxClients connections are served; one more is turned away with a
    // reply saying why, and room opens up again once a client leaves.
    void clientsBeyondTheLimitAreRefused()
    {
        HeadlessInstance instance;
        QVERIFY2(instance.start(), instance.output().constData());
        const QString path = adminSocketPath(instance);
        std::vector<std::unique_ptr<LineClient>> clients;
        QVERIFY(openAtTheLimit(path, &clients));

        // Like sanctumctl, the extra client writes its request at once; the
        // refusal must still reach it.
        LineClient extra;
        QVERIFY(extra.connectTo(path));
        extra.send(QJsonDocument(statusRequest(100)).toJson(QJsonDocument::Compact) + '\n');
        const QJsonObject refusal = extra.readReply();
        QVERIFY2(extra.waitForDisconnected(), "the client over the limit was not disconnected");
        QVERIFY2(refusal.value(QStringLiteral("error")).toString() == QStringLiteral("busy"),
                 "the client over the limit was disconnected without the \"busy\" reply");
        QCOMPARE(refusal.value(QStringLiteral("ok")), QJsonValue(false));
        QVERIFY(refusal.value(QStringLiteral("message")).toString().contains(QStringLiteral("too many")));

        // The server notices a departure asynchronously: retry until the deadline.
        clients.front()->socket().disconnectFromServer();
        QVERIFY(clients.front()->waitForDisconnected());
        QDeadlineTimer deadline(10000);
        bool served = false;
        while (!served && !deadline.hasExpired()) {
            LineClient again;
            QVERIFY(again.connectTo(path));
            served = again.request(statusRequest(7)).value(QStringLiteral("ok")).toBool();
        }
        QVERIFY(served);
        for (size_t i = 1; i < clients.size(); ++i)
            QVERIFY_STATUS_WORKS(*clients[i], int(i));
    }
};

QTEST_GUILESS_MAIN(TestAdminSocket)
#include "tst_adminsocket.moc"

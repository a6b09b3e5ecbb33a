// The pipeline the broker runs every agent call through: stages in order, a
// refusal ends the call there and is still counted by the usage stage before
// it, a held call goes on or is answered when its stage says so, and a call
// whose caller went away is never answered.
#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/callhandle.h"
#include "broker/pipeline/callpipeline.h"
#include "broker/pipeline/callreply.h"
#include "broker/pipeline/callstage.h"
#include "broker/pipeline/usagestage.h"
#include "domain/clock.h"
#include "store/database.h"
#include "store/usagerecorder.h"
#include "store/usagestore.h"

#include <QPointer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace sanctum;

namespace {

// What reached the caller, in order: "send 403", "head 200", "data …", "finish", "abort".
struct Delivered {
    QStringList log;
    std::unique_ptr<QObject> caller = std::make_unique<QObject>(); // the caller's lifetime
};

class RecordingReply final : public CallReply {
public:
    explicit RecordingReply(Delivered &delivered)
        : m_delivered(delivered)
        , m_caller(delivered.caller.get())
    {
    }

    void send(const HttpServerResponse &answer) override
    {
        m_delivered.log << QStringLiteral("send %1").arg(answer.status);
    }
    void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &) override
    {
        m_delivered.log << QStringLiteral("head %1").arg(status);
    }
    void write(const QByteArray &chunk) override
    {
        m_delivered.log << QStringLiteral("data ") + QString::fromUtf8(chunk);
    }
    void finish() override { m_delivered.log << QStringLiteral("finish"); }
    void abort() override { m_delivered.log << QStringLiteral("abort"); }
    QObject *lifetime() const override { return m_caller.data(); }

private:
    Delivered &m_delivered;
    QPointer<QObject> m_caller;
};

// A stage that notes when it runs and what it hears, then does what it is told.
class ScriptedStage final : public CallStage {
public:
    using Script = std::function<StageResult(CallContext &, const CallHandle &)>;

    ScriptedStage(QString name, QStringList &trace, Script script = {})
        : m_name(std::move(name))
        , m_trace(trace)
        , m_script(std::move(script))
    {
    }

    StageResult run(CallContext &call, const CallHandle &handle) override
    {
        m_trace << m_name;
        return m_script ? m_script(call, handle) : StageResult::next();
    }
    void answered(const CallContext &, int status, CallOutcome outcome) override
    {
        m_trace << QStringLiteral("%1 heard %2 %3").arg(m_name).arg(status).arg(UsageEvent::outcomeName(outcome));
    }

private:
    QString m_name;
    QStringList &m_trace;
    Script m_script;
};

HttpServerResponse answer(int status)
{
    return HttpServerResponse::error(status, QStringLiteral("test"), QStringLiteral("an answer"));
}

} // namespace

class TestCallPipeline : public QObject {
    Q_OBJECT

    QStringList m_trace;
    Delivered m_delivered;
    CallHandle m_held; // what a holding stage keeps

    CallHandle run(const CallPipeline &pipeline, CallContext call = {})
    {
        return pipeline.run(std::move(call), std::make_unique<RecordingReply>(m_delivered));
    }

    ScriptedStage::Script hold()
    {
        return [this](CallContext &, const CallHandle &handle) {
            m_held = handle;
            return StageResult::suspend();
        };
    }

    static ScriptedStage::Script respondWith(int status, std::optional<CallOutcome> outcome = std::nullopt)
    {
        return [status, outcome](CallContext &, const CallHandle &) {
            return outcome ? StageResult::respond(answer(status), *outcome) : StageResult::respond(answer(status));
        };
    }

private Q_SLOTS:
    void init()
    {
        // A warning here is a call handled wrongly.
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
        m_trace.clear();
        m_delivered = Delivered();
        m_held = CallHandle();
    }

    void stagesRunInOrderAndHearTheAnswerLatestFirst()
    {
        ScriptedStage guard(QStringLiteral("guard"), m_trace);
        ScriptedStage auth(QStringLiteral("auth"), m_trace, [](CallContext &call, const CallHandle &) {
            call.scope = QStringLiteral("repo"); // what a stage finds, for those after it
            return StageResult::next();
        });
        ScriptedStage endpoint(QStringLiteral("endpoint"), m_trace, [this](CallContext &call, const CallHandle &) {
            m_trace << QStringLiteral("endpoint sees ") + call.scope;
            return StageResult::respond(answer(200));
        });
        const CallPipeline pipeline({&guard, &auth, &endpoint});
        run(pipeline);
        QCOMPARE(m_trace,
                 (QStringList{QStringLiteral("guard"),
                              QStringLiteral("auth"),
                              QStringLiteral("endpoint"),
                              QStringLiteral("endpoint sees repo"),
                              QStringLiteral("endpoint heard 200 allowed"),
                              QStringLiteral("auth heard 200 allowed"),
                              QStringLiteral("guard heard 200 allowed")}));
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 200")});
    }

    void aRefusalStopsTheStagesAfterIt()
    {
        ScriptedStage guard(QStringLiteral("guard"), m_trace);
        ScriptedStage scope(QStringLiteral("scope"), m_trace, respondWith(403));
        ScriptedStage forward(QStringLiteral("forward"), m_trace, respondWith(200));
        const CallPipeline pipeline({&guard, &scope, &forward});
        run(pipeline);
        QCOMPARE(m_trace,
                 (QStringList{QStringLiteral("guard"),
                              QStringLiteral("scope"),
                              QStringLiteral("scope heard 403 denied"),
                              QStringLiteral("guard heard 403 denied")}));
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 403")});
    }

    void theUsageStageCountsARefusalMadeAfterIt()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("sanctum.db"));
        QVERIFY(Database(path).open().ok()); // the schema, as the instance makes it
        UsageRecorder recorder(path);
        QVERIFY(recorder.start().ok());
        const QDateTime start(QDate(2026, 3, 2), QTime(9, 30), Qt::UTC);
        ManualClock clock(start);

        ScriptedStage token(QStringLiteral("token"), m_trace, [](CallContext &call, const CallHandle &) {
            MissionGrant grant;
            grant.missionId = QStringLiteral("ms_00000000000000a1");
            grant.agentId = QStringLiteral("ag_00000000000000b2");
            grant.connection = QStringLiteral("github");
            call.grant = grant;
            return StageResult::next();
        });
        UsageStage usage(recorder, clock);
        ScriptedStage scope(QStringLiteral("scope"), m_trace, [&clock](CallContext &call, const CallHandle &) {
            clock.advance(250); // the count keeps when the call came, not when it was refused
            call.scope = QStringLiteral("delete_repo");
            return StageResult::respond(answer(403));
        });
        ScriptedStage forward(QStringLiteral("forward"), m_trace, respondWith(204));
        const CallPipeline pipeline({&token, &usage, &scope, &forward});
        CallContext call;
        call.method = "DELETE";
        call.target = "/v1/proxy/github/repos/acme/web";
        run(pipeline, call);
        QVERIFY(!m_trace.contains(QStringLiteral("forward")));
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 403")});

        // Refused before the count: not counted.
        ScriptedStage limit(QStringLiteral("limit"), m_trace, respondWith(429));
        const CallPipeline limited({&token, &limit, &usage, &forward});
        run(limited, call);
        QCOMPARE(m_delivered.log.last(), QStringLiteral("send 429"));

        bool committed = false;
        recorder.whenCommitted([&](Status s) { committed = s.ok(); });
        QTRY_VERIFY(committed);
        Database db(path);
        QVERIFY(db.open().ok());
        const Expected<QList<UsageEvent>> events = UsageStore(db).list({});
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 1);
        const UsageEvent &e = events->first();
        QCOMPARE(e.missionId, QStringLiteral("ms_00000000000000a1"));
        QCOMPARE(e.agentId, QStringLiteral("ag_00000000000000b2"));
        QCOMPARE(e.connection, QStringLiteral("github"));
        QCOMPARE(e.method, QStringLiteral("DELETE"));
        QCOMPARE(e.pathTemplate, QStringLiteral("(refused before matching)"));
        QCOMPARE(e.scope, QStringLiteral("delete_repo"));
        QCOMPARE(e.status, 403);
        QCOMPARE(e.outcome, UsageEvent::Outcome::Denied);
        QCOMPARE(e.at, start);
    }

    void aHeldCallGoesOnWhenResumed()
    {
        ScriptedStage guard(QStringLiteral("guard"), m_trace);
        ScriptedStage stepUp(QStringLiteral("step-up"), m_trace, hold());
        ScriptedStage forward(QStringLiteral("forward"), m_trace, respondWith(200));
        const CallPipeline pipeline({&guard, &stepUp, &forward});
        run(pipeline);
        QCOMPARE(m_trace, (QStringList{QStringLiteral("guard"), QStringLiteral("step-up")}));
        QVERIFY(m_delivered.log.isEmpty()); // held: no answer yet

        m_held.resume();
        QCOMPARE(m_trace,
                 (QStringList{QStringLiteral("guard"),
                              QStringLiteral("step-up"),
                              QStringLiteral("forward"),
                              QStringLiteral("forward heard 200 allowed"),
                              QStringLiteral("step-up heard 200 allowed"),
                              QStringLiteral("guard heard 200 allowed")}));
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 200")});
    }

    void aCallResumedAtOnceGoesOn()
    {
        // What the stage waited for happened before it even returned.
        ScriptedStage stepUp(QStringLiteral("step-up"), m_trace, [](CallContext &, const CallHandle &handle) {
            handle.resume();
            return StageResult::suspend();
        });
        ScriptedStage forward(QStringLiteral("forward"), m_trace, respondWith(200));
        const CallPipeline pipeline({&stepUp, &forward});
        run(pipeline);
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 200")});
        QCOMPARE(m_trace.count(QStringLiteral("forward")), 1);
    }

    void aHeldCallIsAnsweredByItsStage()
    {
        ScriptedStage guard(QStringLiteral("guard"), m_trace);
        ScriptedStage stepUp(QStringLiteral("step-up"), m_trace, hold());
        ScriptedStage forward(QStringLiteral("forward"), m_trace, respondWith(200));
        const CallPipeline pipeline({&guard, &stepUp, &forward});
        run(pipeline);
        m_held.respond(answer(403), CallOutcome::StepUpDenied);
        QVERIFY(!m_trace.contains(QStringLiteral("forward")));
        QCOMPARE(m_trace.last(), QStringLiteral("guard heard 403 step_up_denied"));
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 403")});
        // Answered once; whatever comes after is dropped.
        QTest::ignoreMessage(QtWarningMsg, "a call answered twice; the second answer is dropped");
        m_held.respond(answer(500));
        QCOMPARE(m_delivered.log, QStringList{QStringLiteral("send 403")});
    }

    void aStreamedAnswerIsHeardAtItsHead()
    {
        ScriptedStage guard(QStringLiteral("guard"), m_trace);
        ScriptedStage forward(QStringLiteral("forward"), m_trace, hold());
        const CallPipeline pipeline({&guard, &forward});
        run(pipeline);
        m_held.beginStream(200, {}, CallOutcome::Allowed);
        QCOMPARE(m_trace.last(), QStringLiteral("guard heard 200 allowed"));
        m_held.write("[1,");
        m_held.write("2]");
        m_held.finish();
        m_held.write("late");
        QCOMPARE(m_delivered.log,
                 (QStringList{QStringLiteral("head 200"),
                              QStringLiteral("data [1,"),
                              QStringLiteral("data 2]"),
                              QStringLiteral("finish")}));
        QCOMPARE(m_trace.count(QStringLiteral("guard heard 200 allowed")), 1);
    }

    void aCancelledHeldCallNeverAnswers()
    {
        ScriptedStage guard(QStringLiteral("guard"), m_trace);
        ScriptedStage stepUp(QStringLiteral("step-up"), m_trace, hold());
        ScriptedStage forward(QStringLiteral("forward"), m_trace, respondWith(200));
        const CallPipeline pipeline({&guard, &stepUp, &forward});
        run(pipeline);
        QVERIFY(m_held.lifetime());
        QVERIFY(!m_held.isCancelled());

        m_delivered.caller.reset(); // the caller went away
        QVERIFY(m_held.isCancelled());
        QVERIFY(!m_held.lifetime());
        m_held.resume();
        m_held.respond(answer(403), CallOutcome::StepUpDenied);
        m_held.beginStream(200, {}, CallOutcome::Allowed);
        m_held.write("body");
        m_held.finish();
        QCOMPARE(m_trace,
                 (QStringList{QStringLiteral("guard"), QStringLiteral("step-up")})); // nothing ran, nobody heard
        QVERIFY(m_delivered.log.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCallPipeline)
#include "tst_callpipeline.moc"

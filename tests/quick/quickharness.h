#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

#include <QTemporaryDir>

#include <memory>

namespace sanctum {
class UiController;
namespace test {
class BrokerFixture;
class SandboxTenant;
} // namespace test
} // namespace sanctum

// What the QML page tests reach for outside the interface: a whole core
// (store, auth worker signed in to the sandbox, broker) that the pages run
// on through `Ui`, and the agent's side of the broker, so a test clicks as
// the operator and checks what the agent then gets. It is the `Harness`
// singleton of the `SanctumTest` module.
class QuickHarness : public QObject {
    Q_OBJECT
public:
    explicit QuickHarness(QObject *parent = nullptr);
    ~QuickHarness() override;

    // False with a reason when the sandbox or the core would not start.
    bool start(QString *why);
    sanctum::UiController *controller() const { return m_controller; }

    // An agent's request (the agent is added on first use); the mission id.
    Q_INVOKABLE QString requestMission(const QString &agent, const QStringList &scopes, const QString &purpose);
    Q_INVOKABLE QString missionStatus(const QString &id) const;
    // The agent calls `path` (e.g. /github/user/repos) under its mission, as
    // the broker answers it: the HTTP status.
    Q_INVOKABLE int callAs(const QString &id, const QString &path);
    // Until every usage event so far is in the store (and the models had it).
    Q_INVOKABLE void flushUsage();
    Q_INVOKABLE int auditCount(const QString &action) const;
    // The sandbox's user alice approves a device sign-in code; the HTTP status.
    Q_INVOKABLE int approveDeviceCode(const QString &userCode);
    // The stored policy's longest mission for `connection`, in seconds.
    Q_INVOKABLE int policyMaxTtl(const QString &connection) const;
    // GET /v1/missions with `key` as an agent's bearer, as the broker
    // answers it: 200 for a live agent's key, 401 for one it refuses.
    Q_INVOKABLE int brokerStatusWithKey(const QString &key);
    // What the application's clipboard holds now.
    Q_INVOKABLE QString clipboardText() const;

private:
    std::unique_ptr<sanctum::test::SandboxTenant> m_sandbox;
    std::unique_ptr<sanctum::test::BrokerFixture> m_fixture;
    sanctum::UiController *m_controller = nullptr;
    QHash<QString, QString> m_keys;   // agent name → key
    QHash<QString, QString> m_owners; // mission id → agent name
    QHash<QString, QString> m_tokens; // mission id → mission token

public:
    // An entry written through the core's audit log, as any change would: its seq.
    Q_INVOKABLE qint64 appendAudit(const QString &actor, const QString &action, const QString &subjectId);
    // How many entries a filter selects: an action prefix and actor/subject text.
    Q_INVOKABLE int auditCountMatching(const QString &actionPrefix, const QString &text) const;
    // Rewrites entry `seq`'s details in the store file with SQL, behind the
    // core's back, as someone holding the file would; the old details, so
    // a test can put them back (an empty string when the row is not there).
    Q_INVOKABLE QString setAuditDetailsBehindTheCore(qint64 seq, const QString &details);
    // A path in a directory of this run's, removed with the harness.
    Q_INVOKABLE QString scratchPath(const QString &name) const;
    // The lines of a text file (none when it cannot be read).
    Q_INVOKABLE QStringList fileLines(const QString &path) const;

private:
    QTemporaryDir m_scratch;

public:
    // The scopes Sanctum records the connected account of `connection` as holding.
    Q_INVOKABLE QStringList heldScopes(const QString &connection) const;
    // Moves the core's clock on: an analysis of "the last days" ends at
    // now, exclusive, and the clock otherwise stands where the calls were made.
    Q_INVOKABLE void advanceClock(int seconds);

public:
    // A notification as the notifier would file it: shown on the desktop or not.
    Q_INVOKABLE void fileNotification(const QString &title, const QString &body, bool shown);
};

#pragma once

#include "store/auditverifier.h"

#include <QObject>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AuditWorker;

// "Verify chain" for the audit page: walks the whole chain on the audit
// worker (seconds on a large log) and says what it found in words a person
// reads: "Chain intact: 1,204 entries verified", or the first entry that is
// wrong and how ("Entry #42 was edited").
class AuditChainChecker : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.auditCheck")
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)
    // Whether a verification has finished since this object was made.
    Q_PROPERTY(bool hasResult READ hasResult NOTIFY resultChanged)
    Q_PROPERTY(bool ok READ isOk NOTIFY resultChanged)
    // The problem's name as the store gives it: "none", "edited", "deleted",
    // "inserted", "reordered", "truncated" or "broken".
    Q_PROPERTY(QString problem READ problem NOTIFY resultChanged)
    // Counts and seqs reach QML as numbers (double): exact far beyond any log.
    Q_PROPERTY(double firstBadSeq READ firstBadSeqNumber NOTIFY resultChanged)
    Q_PROPERTY(double checked READ checkedNumber NOTIFY resultChanged)
    // One line: the verdict.
    Q_PROPERTY(QString result READ result NOTIFY resultChanged)
    // The store's own account of the finding, for the curious.
    Q_PROPERTY(QString details READ details NOTIFY resultChanged)

public:
    explicit AuditChainChecker(AuditWorker &worker, QObject *parent = nullptr);

    // Starts a verification unless one is running.
    Q_INVOKABLE void verify();

    bool isRunning() const { return m_running; }
    bool hasResult() const { return m_hasResult; }
    bool isOk() const { return m_hasResult && m_verification.ok(); }
    QString problem() const;
    qint64 firstBadSeq() const { return m_verification.ok() ? 0 : m_verification.firstBadSeq; }
    qint64 checked() const { return m_verification.checked; }
    double firstBadSeqNumber() const { return double(firstBadSeq()); }
    double checkedNumber() const { return double(checked()); }
    QString result() const { return m_result; }
    QString details() const { return m_verification.message; }

    // The verdict line for `v`, translated.
    static QString describe(const AuditVerification &v);

Q_SIGNALS:
    void runningChanged();
    void resultChanged();
    void finished(bool ok);

private:
    void onVerified(const AuditVerification &v);

    AuditWorker &m_worker;
    bool m_running = false;
    bool m_hasResult = false;
    AuditVerification m_verification;
    QString m_result;
};

} // namespace sanctum

#pragma once

#include "services/leastprivilege/analysisworker.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AnalysisWorker;
class UsageRecorder;
class ConnectionTightener;
class Clock;

// Least privilege for the interface: what the selected agent needs of what
// it was granted (analyze), which past calls an edited scope set would have
// refused (replay), the one-click tightening of a connection (tighten), and
// how much unused privilege-time missions avoid compared with standing
// grants (exposure). The analyses run on the instance's AnalysisWorker,
// never on the GUI thread; the tightening is the core's
// ConnectionTightener, asynchronous too. Each kind of answer has its own
// busy flag, and an answer to a request that a newer one replaced is
// dropped, so a fast click through the agents never shows a stale result.
// Failures land in `errorString` (or `tightenResult`) in words for a person.
class LeastPrivilegeController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.leastPrivilege")
    // The analysis of the agent last asked about, on its main connection.
    Q_PROPERTY(bool loading READ isLoading NOTIFY analysisChanged)
    Q_PROPERTY(bool hasAnalysis READ hasAnalysis NOTIFY analysisChanged)
    Q_PROPERTY(QString agentId READ agentId NOTIFY analysisChanged)
    Q_PROPERTY(QString connection READ connection NOTIFY analysisChanged)
    Q_PROPERTY(QStringList granted READ granted NOTIFY analysisChanged)
    // {scope, count, last (a date)} per scope that let calls through.
    Q_PROPERTY(QVariantList used READ used NOTIFY analysisChanged)
    Q_PROPERTY(QStringList neverUsed READ neverUsed NOTIFY analysisChanged)
    // {scope, count, last} per scope whose lack refused calls.
    Q_PROPERTY(QVariantList denied READ denied NOTIFY analysisChanged)
    Q_PROPERTY(QStringList recommended READ recommended NOTIFY analysisChanged)
    Q_PROPERTY(QStringList removable READ removable NOTIFY analysisChanged)
    Q_PROPERTY(bool recommendationExact READ isRecommendationExact NOTIFY analysisChanged)
    Q_PROPERTY(double allowedCalls READ allowedCalls NOTIFY analysisChanged)

    // What-if: the calls the proposed set would have refused.
    Q_PROPERTY(bool replaying READ isReplaying NOTIFY replayChanged)
    Q_PROPERTY(bool hasReplay READ hasReplay NOTIFY replayChanged)
    Q_PROPERTY(bool safe READ isSafe NOTIFY replayChanged)
    // {method, path, count, last (a date), needed (text)}, most refused first.
    Q_PROPERTY(QVariantList casualties READ casualties NOTIFY replayChanged)
    Q_PROPERTY(double callsReplayed READ callsReplayed NOTIFY replayChanged)
    Q_PROPERTY(QString replayedScopes READ replayedScopes NOTIFY replayChanged)

    Q_PROPERTY(bool tightening READ isTightening NOTIFY tightenChanged)
    Q_PROPERTY(bool hasTightenResult READ hasTightenResult NOTIFY tightenChanged)
    Q_PROPERTY(bool tightenSucceeded READ tightenSucceeded NOTIFY tightenChanged)
    Q_PROPERTY(QString tightenResult READ tightenResult NOTIFY tightenChanged)

    Q_PROPERTY(bool exposureLoading READ isExposureLoading NOTIFY exposureChanged)
    Q_PROPERTY(bool hasExposure READ hasExposure NOTIFY exposureChanged)
    Q_PROPERTY(int exposureDays READ exposureDays NOTIFY exposureChanged)
    // Scope-hours; numbers in QML (double): exact far beyond any window.
    Q_PROPERTY(double standingHeld READ standingHeld NOTIFY exposureChanged)
    Q_PROPERTY(double standingUnused READ standingUnused NOTIFY exposureChanged)
    Q_PROPERTY(double missionsHeld READ missionsHeld NOTIFY exposureChanged)
    Q_PROPERTY(double missionsUnused READ missionsUnused NOTIFY exposureChanged)
    Q_PROPERTY(double reductionPercent READ reductionPercent NOTIFY exposureChanged)

    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    static constexpr int kMaxDays = 3650;

    LeastPrivilegeController(AnalysisWorker &analysis, UsageRecorder &usage, ConnectionTightener &tightener,
                             const Clock &clock, QObject *parent = nullptr);
    ~LeastPrivilegeController() override;

    // The agent's analysis over the last `days` days.
    Q_INVOKABLE void analyze(const QString &agentId, int days = 30);
    // The agent's calls of the analysed window (on the analysed connection
    // when it is this agent's) judged again under `scopesText` (space or
    // comma separated).
    Q_INVOKABLE void replay(const QString &agentId, const QString &scopesText);
    // Re-provisions `connection` with exactly `scopesText`, as "operator:gui".
    Q_INVOKABLE void tighten(const QString &connection, const QString &scopesText, const QString &reason);
    // Standing grants versus missions over the last `days` days.
    Q_INVOKABLE void exposure(int days = 30);
    Q_INVOKABLE void clearError() { setError({}); }

    bool isLoading() const { return m_loading; }
    bool hasAnalysis() const { return !m_analysis.isEmpty(); }
    QString agentId() const { return m_agentId; }
    QString connection() const;
    QStringList granted() const;
    QVariantList used() const;
    QStringList neverUsed() const;
    QVariantList denied() const;
    QStringList recommended() const;
    QStringList removable() const;
    bool isRecommendationExact() const;
    double allowedCalls() const;

    bool isReplaying() const { return m_replaying; }
    bool hasReplay() const { return !m_replay.isEmpty(); }
    bool isSafe() const;
    QVariantList casualties() const;
    double callsReplayed() const;
    QString replayedScopes() const;

    bool isTightening() const { return m_tightening; }
    bool hasTightenResult() const { return !m_tightenResult.isEmpty(); }
    bool tightenSucceeded() const { return m_tightenOk; }
    QString tightenResult() const { return m_tightenResult; }

    bool isExposureLoading() const { return m_exposureLoading; }
    bool hasExposure() const { return !m_exposure.isEmpty(); }
    int exposureDays() const { return m_exposureDays; }
    double standingHeld() const;
    double standingUnused() const;
    double missionsHeld() const;
    double missionsUnused() const;
    double reductionPercent() const;

    QString errorString() const { return m_error; }

Q_SIGNALS:
    void analysisChanged();
    void replayChanged();
    void tightenChanged();
    void exposureChanged();
    void errorStringChanged();
    // A short confirmation of a tightening that went through.
    void notice(const QString &message);

private:
    // `job` on the worker once the usage recorded so far is in the store.
    void runAfterUsage(AnalysisWorker::Job job, AnalysisWorker::Done done);
    void setError(const QString &error);

    AnalysisWorker &m_worker;
    UsageRecorder &m_usage;
    ConnectionTightener &m_tightener;
    const Clock &m_clock;
    // Bumped per request; an answer carrying an older value is stale.
    quint64 m_analysisSeq = 0;
    quint64 m_replaySeq = 0;
    quint64 m_exposureSeq = 0;
    bool m_loading = false;
    bool m_replaying = false;
    bool m_tightening = false;
    bool m_tightenOk = false;
    bool m_exposureLoading = false;
    int m_days = 30;
    int m_exposureDays = 30;
    QString m_agentId;
    QJsonObject m_analysis; // PrivilegeAnalysis::toJson of the main connection
    QJsonObject m_replay;   // ReplayResult::toJson
    QJsonObject m_exposure; // ExposureReport::toJson
    QString m_tightenResult;
    QString m_error;
};

} // namespace sanctum

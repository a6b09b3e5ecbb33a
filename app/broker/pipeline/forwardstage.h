#pragma once

#include "broker/pipeline/callhandle.h"
#include "broker/pipeline/callstage.h"

#include <QHash>
#include <QObject>

namespace sanctum {

class MissionRegistry;
class UpstreamAccessCache;
class UpstreamForwarder;
struct ForwardHead;
struct Error;

// The call goes upstream from this broker thread, through its forwarder with
// the connection's upstream token (which the rest of the pipeline never
// sees), and the upstream's answer streams back as it arrives. The agent sees
// its mission's scopes in X-OAuth-Scopes and the mission in
// X-Sanctum-Mission, never the upstream's hop-by-hop headers, cookies or the
// token's full scope list. An upstream that fails before answering is a 502
// (or its own status); one that fails mid-answer breaks the answer off, so a
// truncated body never passes for a complete one. The mission is checked once
// more just before the call leaves: one revoked while the call waited (for a
// step-up, for the first token) never reaches the upstream.
class ForwardStage : public QObject, public CallStage {
    Q_OBJECT
public:
    ForwardStage(MissionRegistry &missions, UpstreamAccessCache &access, UpstreamForwarder &forwarder,
                 QObject *parent = nullptr);
    ~ForwardStage() override;

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    struct InFlight {
        CallHandle handle;
        QByteArray missionScopes;
        QByteArray missionId;
        QByteArray heldHeader;     // the provider's "scopes the token holds" header
        QByteArray acceptedHeader; // the provider's "scopes this route accepts" header
        bool headSeen = false;
        QMetaObject::Connection callerGone;
    };
    void send(quint64 id);
    void onHead(quint64 id, const ForwardHead &head);
    void onData(quint64 id, const QByteArray &chunk);
    void onFinished(quint64 id, const Error &error);
    InFlight take(quint64 id);

    MissionRegistry &m_missions;
    UpstreamAccessCache &m_access;
    UpstreamForwarder &m_forwarder;
    QHash<quint64, InFlight> m_calls;
    quint64 m_nextId = 1;
};

} // namespace sanctum

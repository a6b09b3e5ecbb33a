#include "broker/pipeline/scopecheckstage.h"

#include "domain/scopemapcatalog.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sanctum {

namespace {
QString scopeList(const ScopeSet &scopes)
{
    return scopes.toList().join(QStringLiteral(", "));
}
} // namespace

ScopeCheckStage::ScopeCheckStage(ScopeMapCatalog &scopeMaps)
    : m_scopeMaps(scopeMaps)
{
}

QString ScopeCheckStage::coveringScope(const ScopeMap &map, const EndpointRule &rule, const ScopeSet &held)
{
    QString best;
    qsizetype bestBreadth = 0;
    for (const QString &scope : held) {
        const ScopeSet implied = map.closure({scope});
        if (!rule.accepted.isEmpty() && implied.intersected(rule.accepted).isEmpty())
            continue;
        // The narrowest scope that does the job is the one "used": holding
        // `repo` and `public_repo`, a public-repository call used the latter.
        if (best.isEmpty() || implied.size() < bestBreadth) {
            best = scope;
            bestBreadth = implied.size();
        }
    }
    return best;
}

StageResult ScopeCheckStage::run(CallContext &call, const CallHandle &)
{
    const MissionGrant &grant = *call.grant;
    const Expected<const ScopeMap *> map = m_scopeMaps.find(grant.connection);
    if (!map)
        return StageResult::respond(HttpServerResponse::error(502, map.error().code, map.error().message),
                                    CallOutcome::Failed);
    // HEAD asks what GET would answer, and needs what GET needs.
    call.ruleMethod = call.method == "HEAD" ? QStringLiteral("GET") : QString::fromLatin1(call.method);
    const QString &path = call.upstream->path();
    call.rule = (*map)->match(call.ruleMethod, path);
    if (!call.rule) {
        call.noRule = true;
        return StageResult::respond(HttpServerResponse::error(
            403,
            QStringLiteral("unknown_endpoint"),
            QStringLiteral("Sanctum's %1 scope map has no rule for %2 %3, so no mission may call it")
                .arg(grant.connection, call.ruleMethod, path.left(200))));
    }
    const EndpointRule &rule = *call.rule;

    if (ScopeMap::allowsClosed(rule, grant.closedScopes)) {
        call.scope = coveringScope(**map, rule, grant.scopes);
        return StageResult::next();
    }
    if (!grant.stepUpScopes.isEmpty() && ScopeMap::allowsClosed(rule, grant.closedWithStepUp)) {
        call.scope = coveringScope(**map, rule, grant.stepUpScopes);
        call.needsStepUp = true;
        return StageResult::next();
    }
    const ScopeSet needed = rule.accepted.isEmpty() ? rule.also : rule.accepted;
    call.scope = needed.isEmpty() ? QString() : *needed.begin();
    return StageResult::respond(insufficientScope(call), CallOutcome::Denied);
}

HttpServerResponse ScopeCheckStage::insufficientScope(const CallContext &call)
{
    const EndpointRule &rule = *call.rule;
    const ScopeSet &held = call.grant->scopes;
    const ScopeSet needed = rule.accepted.isEmpty() ? rule.also : rule.accepted;
    HttpServerResponse r = HttpServerResponse::json(
        403,
        {{QStringLiteral("error"), QStringLiteral("insufficient_scope")},
         {QStringLiteral("message"),
          QStringLiteral("%1 %2 needs %3%4; this mission holds %5")
              .arg(call.ruleMethod,
                   rule.pathTemplate,
                   rule.accepted.isEmpty() ? QString() : QStringLiteral("one of ") + scopeList(rule.accepted),
                   rule.also.isEmpty()
                       ? QString()
                       : (rule.accepted.isEmpty() ? QString() : QStringLiteral(" and ")) + scopeList(rule.also),
                   scopeList(held))},
         {QStringLiteral("needed"), needed.toJson()},
         {QStringLiteral("also_needed"), rule.also.toJson()},
         {QStringLiteral("held"), held.toJson()}});
    r.setHeader("WWW-Authenticate",
                "Bearer realm=\"sanctum\", error=\"insufficient_scope\", scope=\"" + needed.toString().toLatin1() +
                    '"');
    return r;
}

} // namespace sanctum

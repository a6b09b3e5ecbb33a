#include "domain/policy.h"

#include <QJsonArray>

namespace sanctum {

namespace {
const QString kConnection = QStringLiteral("connection");
const QString kMaxTtl = QStringLiteral("max_ttl_seconds");
const QString kRequestExpiry = QStringLiteral("request_expiry_seconds");
const QString kAutoApprove = QStringLiteral("auto_approve_scopes");
const QString kRequirePurpose = QStringLiteral("require_purpose");
const QString kStepUp = QStringLiteral("step_up_scopes");

Error invalid(const QString &message)
{
    return Error{QStringLiteral("invalid_policy"), message};
}

bool readSeconds(const QJsonValue &v, qint64 min, qint64 max, qint64 *out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (d != double(qint64(d)) || d < double(min) || d > double(max))
        return false;
    *out = qint64(d);
    return true;
}
} // namespace

Status Policy::check(const MissionRequest &request) const
{
    if (requirePurpose && request.purpose.trimmed().size() < kMinPurposeLength)
        return Error{QStringLiteral("purpose_required"),
                     QStringLiteral("say what the mission is for (at least %1 characters)").arg(kMinPurposeLength)};
    if (request.scopes.isEmpty())
        return Error{QStringLiteral("invalid_request"), QStringLiteral("a mission needs at least one scope")};
    if (request.ttlSeconds <= 0)
        return Error{QStringLiteral("invalid_request"), QStringLiteral("ttl_seconds must be a positive number")};
    if (request.ttlSeconds > maxTtlSeconds)
        return Error{QStringLiteral("ttl_too_long"),
                     QStringLiteral("ttl_seconds %1 exceeds the policy's maximum of %2 seconds")
                         .arg(request.ttlSeconds)
                         .arg(maxTtlSeconds)};
    return Done{};
}

bool Policy::autoApproves(const ScopeSet &requested) const
{
    return !requested.isEmpty() && autoApproveScopes.containsAll(requested) &&
           requested.intersected(stepUpScopes).isEmpty();
}

ScopeSet Policy::defaultStepUpScopes()
{
    // GitHub's irreversible or organisation-wide powers.
    return {QStringLiteral("delete_repo"),
            QStringLiteral("admin:org"),
            QStringLiteral("admin:org_hook"),
            QStringLiteral("admin:repo_hook"),
            QStringLiteral("admin:public_key"),
            QStringLiteral("admin:gpg_key"),
            QStringLiteral("admin:ssh_signing_key"),
            QStringLiteral("admin:enterprise"),
            QStringLiteral("delete:packages"),
            QStringLiteral("site_admin")};
}

QJsonObject Policy::toJson() const
{
    return {
        {kConnection, connection},
        {kMaxTtl, maxTtlSeconds},
        {kRequestExpiry, requestExpirySeconds},
        {kAutoApprove, autoApproveScopes.toJson()},
        {kRequirePurpose, requirePurpose},
        {kStepUp, stepUpScopes.toJson()},
    };
}

Expected<Policy> Policy::fromJson(const QJsonObject &json)
{
    return Policy().updated(json);
}

Expected<Policy> Policy::updated(const QJsonObject &changes) const
{
    Policy p = *this;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue v = it.value();
        if (key == kConnection) {
            if (!v.isString() || v.toString().isEmpty())
                return invalid(QStringLiteral("connection must be a non-empty name or \"*\""));
            p.connection = v.toString();
        } else if (key == kMaxTtl) {
            if (!readSeconds(v, 1, kMaxTtlCeiling, &p.maxTtlSeconds))
                return invalid(QStringLiteral("%1 must be a whole number of seconds from 1 to %2")
                                   .arg(kMaxTtl)
                                   .arg(kMaxTtlCeiling));
        } else if (key == kRequestExpiry) {
            if (!readSeconds(v, 1, 24 * 3600, &p.requestExpirySeconds))
                return invalid(
                    QStringLiteral("%1 must be a whole number of seconds from 1 to 86400").arg(kRequestExpiry));
        } else if (key == kAutoApprove) {
            QString error;
            if (v.isArray() && v.toArray().size() > kMaxAutoApproveScopes)
                return invalid(
                    QStringLiteral("%1 may list at most %2 scopes").arg(kAutoApprove).arg(kMaxAutoApproveScopes));
            if (!v.isArray() || !ScopeSet::fromJson(v.toArray(), &p.autoApproveScopes, &error))
                return invalid(QStringLiteral("%1 must be a list of scopes%2")
                                   .arg(kAutoApprove, error.isEmpty() ? QString() : QStringLiteral(": ") + error));
        } else if (key == kStepUp) {
            QString error;
            if (!v.isArray() || v.toArray().size() > kMaxAutoApproveScopes ||
                !ScopeSet::fromJson(v.toArray(), &p.stepUpScopes, &error))
                return invalid(QStringLiteral("%1 must be a list of at most %2 scopes%3")
                                   .arg(kStepUp)
                                   .arg(kMaxAutoApproveScopes)
                                   .arg(error.isEmpty() ? QString() : QStringLiteral(": ") + error));
        } else if (key == kRequirePurpose) {
            if (!v.isBool())
                return invalid(QStringLiteral("%1 must be true or false").arg(kRequirePurpose));
            p.requirePurpose = v.toBool();
        } else {
            return invalid(QStringLiteral("unknown policy setting '%1'").arg(key));
        }
    }
    return p;
}

} // namespace sanctum

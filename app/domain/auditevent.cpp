#include "domain/auditevent.h"

#include "domain/canonicaljson.h"
#include "domain/securerandom.h"
#include "domain/timeformat.h"

namespace sanctum {

const QByteArray AuditEvent::kGenesisHash(64, '0');

void AuditEvent::setDetails(const QJsonObject &d)
{
    details = d;
    detailsJson = CanonicalJson::serialize(d);
}

QByteArray AuditEvent::canonicalJson() const
{
    // Written member by member, keys in canonical order, so that the stored
    // details bytes are spliced in as they are. seq is inside the hashed
    // bytes: moving an entry elsewhere breaks its hash even when its
    // neighbours are re-linked.
    auto str = [](const QString &s) { return CanonicalJson::serialize(QJsonValue(s)); };
    QByteArray out;
    out.reserve(256 + detailsJson.size());
    out += "{\"action\":" + str(action);
    out += ",\"actor\":" + str(actor);
    out += ",\"at\":" + str(TimeFormat::toString(at));
    out += ",\"details\":" + (detailsJson.isEmpty() ? QByteArray("{}") : detailsJson);
    out += ",\"seq\":" + QByteArray::number(seq);
    out += ",\"subject_id\":" + str(subjectId);
    out += ",\"subject_type\":" + str(subjectType);
    out += '}';
    return out;
}

QByteArray AuditEvent::computeHash() const
{
    return Digest::sha256(prevHash + canonicalJson()).toHex();
}

QJsonObject AuditEvent::toJson() const
{
    return {
        {QStringLiteral("seq"), seq},
        {QStringLiteral("at"), TimeFormat::toString(at)},
        {QStringLiteral("actor"), actor},
        {QStringLiteral("action"), action},
        {QStringLiteral("subject_type"), subjectType},
        {QStringLiteral("subject_id"), subjectId},
        {QStringLiteral("details"), details},
        {QStringLiteral("prev_hash"), QString::fromLatin1(prevHash)},
        {QStringLiteral("hash"), QString::fromLatin1(hash)},
    };
}

} // namespace sanctum

#include "admin/adminreply.h"

namespace sanctum::AdminReply {

QJsonObject ok(const QJsonValue &result)
{
    return {{QStringLiteral("ok"), true}, {QStringLiteral("result"), result}};
}

QJsonObject fail(const QString &code, const QString &message)
{
    return {{QStringLiteral("ok"), false}, {QStringLiteral("error"), code}, {QStringLiteral("message"), message}};
}

QJsonObject fail(const Error &e)
{
    return fail(e.code, e.message);
}

std::optional<QString> stringArg(const QJsonObject &args, const QString &key, bool required, QJsonObject *error)
{
    const QJsonValue v = args.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required) {
            *error = fail(QStringLiteral("invalid_argument"), QStringLiteral("'%1' is required").arg(key));
            return std::nullopt;
        }
        return QString();
    }
    if (!v.isString()) {
        *error = fail(QStringLiteral("invalid_argument"), QStringLiteral("'%1' must be a string").arg(key));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<qint64> intArg(const QJsonObject &args, const QString &key, qint64 fallback, qint64 min, qint64 max,
                             QJsonObject *error)
{
    const QJsonValue v = args.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    const double d = v.toDouble(-1.0);
    if (!v.isDouble() || d != double(qint64(d)) || d < double(min) || d > double(max)) {
        *error = fail(QStringLiteral("invalid_argument"),
                      QStringLiteral("'%1' must be a whole number from %2 to %3").arg(key).arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(d);
}

std::optional<QString> reasonArg(const QJsonObject &args, OperatorAction action, QJsonObject *error)
{
    const auto reason = stringArg(args, QStringLiteral("reason"), false, error);
    if (!reason)
        return std::nullopt;
    if (const auto problem = ReasonRule::check(action, *reason); problem != ReasonRule::Problem::None) {
        *error = fail(ReasonRule::error(action, problem));
        return std::nullopt;
    }
    return reason->trimmed();
}

} // namespace sanctum::AdminReply

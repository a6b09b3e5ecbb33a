#pragma once

#include "domain/error.h"
#include "domain/reasonrule.h"

#include <QJsonObject>

#include <optional>

namespace sanctum {

// The shapes of admin-socket results and the argument readers every command
// handler shares.
namespace AdminReply {

QJsonObject ok(const QJsonValue &result);
QJsonObject fail(const QString &code, const QString &message);
QJsonObject fail(const Error &e);

// A required or optional string argument; nullopt (with *error set) when it
// is missing but required, or not a string.
std::optional<QString> stringArg(const QJsonObject &args, const QString &key, bool required, QJsonObject *error);
std::optional<qint64> intArg(const QJsonObject &args, const QString &key, qint64 fallback, qint64 min, qint64 max,
                             QJsonObject *error);

// The operator's "reason" for `action`, trimmed, checked against the one
// rule every adapter follows (ReasonRule).
std::optional<QString> reasonArg(const QJsonObject &args, OperatorAction action, QJsonObject *error);

} // namespace AdminReply
} // namespace sanctum

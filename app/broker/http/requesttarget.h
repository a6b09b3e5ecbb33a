#pragma once

#include <QByteArray>

namespace sanctum::RequestTarget {

// An origin-form request target (RFC 9112 §3.2.1) split at its first '?'.
inline QByteArray path(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

inline QByteArray query(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

} // namespace sanctum::RequestTarget

#pragma once

#include "domain/error.h"

#include <QString>

#include <chrono>
#include <stdexcept>

namespace sanctum::benchkit {

// A monotonic clock every thread reads alike, so times taken on different
// threads (a revoke returned, its 401 arrived) can be subtracted.
inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Thrown, never from inside an event loop, so that unwinding stops every
// helper a benchmark started (child processes, nginx, the sandbox tenant):
// one left running would outlive it. main() catches it and exits 1.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(const QString &what)
{
    throw Failure(what.toStdString());
}

inline void check(const Status &s, const QString &what)
{
    if (!s)
        fail(QStringLiteral("%1: %2").arg(what, s.error().message));
}

} // namespace sanctum::benchkit

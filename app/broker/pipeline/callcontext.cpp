#include "broker/pipeline/callcontext.h"

namespace sanctum {

QByteArray CallContext::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

QByteArray CallContext::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray CallContext::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

QString CallContext::callerId() const
{
    if (grant)
        return grant->agentId;
    return agent ? agent->id : QString();
}

} // namespace sanctum

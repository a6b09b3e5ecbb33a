#include "broker/pipeline/callcontext.h"

#include "broker/http/requesttarget.h"

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
    return RequestTarget::path(target);
}

QByteArray CallContext::query() const
{
    return RequestTarget::query(target);
}

QString CallContext::callerId() const
{
    if (grant)
        return grant->agentId;
    return agent ? agent->id : QString();
}

} // namespace sanctum

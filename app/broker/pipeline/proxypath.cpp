#include "broker/pipeline/proxypath.h"

#include <QStringList>
#include <QUrl>

namespace sanctum {

namespace {
Error refused(const QString &why)
{
    return Error{QStringLiteral("invalid_path"), why, 400};
}

bool hasControl(const QByteArray &bytes)
{
    return std::any_of(bytes.begin(), bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}
} // namespace

Expected<ProxyPath> ProxyPath::parse(const QByteArray &target)
{
    if (target.size() > kMaxBytes)
        return refused(QStringLiteral("the path is longer than %1 bytes").arg(kMaxBytes));
    if (hasControl(target) || target.contains(' '))
        return refused(QStringLiteral("the path contains control characters or spaces"));
    if (target.contains('#'))
        return refused(QStringLiteral("the path contains a fragment"));
    if (target.contains('\\'))
        return refused(QStringLiteral("the path contains a backslash"));

    const qsizetype q = target.indexOf('?');
    const QByteArray rawPath = q < 0 ? target : target.left(q);
    ProxyPath p;
    p.m_query = q < 0 ? QByteArray() : target.mid(q + 1);
    // "//host/…" and "scheme:…" would make the upstream URL point elsewhere.
    if (!rawPath.startsWith('/') || rawPath.startsWith("//") || rawPath.contains(':'))
        return refused(QStringLiteral("the path must be a plain absolute path on the upstream"));

    QStringList decoded;
    QByteArrayList encoded;
    const QByteArrayList raw = rawPath.mid(1).split('/');
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QByteArray &segment = raw[i];
        if (segment.isEmpty()) {
            if (i + 1 == raw.size() && i > 0)
                continue; // a trailing slash
            return refused(QStringLiteral("the path has an empty segment"));
        }
        const QByteArray bytes = QByteArray::fromPercentEncoding(segment);
        if (hasControl(bytes) || bytes.contains('/') || bytes.contains('\\') || bytes.contains('%'))
            return refused(QStringLiteral("the path hides a separator or control character in an encoded segment"));
        if (bytes == "." || bytes == "..")
            return refused(QStringLiteral("the path climbs out of its directory ('.' or '..')"));
        const QString text = QString::fromUtf8(bytes);
        if (text.toUtf8() != bytes)
            return refused(QStringLiteral("the path is not valid UTF-8"));
        decoded << text;
        encoded << QUrl::toPercentEncoding(text);
    }
    p.m_path = QLatin1Char('/') + decoded.join(QLatin1Char('/'));
    p.m_encodedPath = '/' + encoded.join('/');
    return p;
}

QByteArray ProxyPath::forwardTarget() const
{
    return m_query.isEmpty() ? m_encodedPath : m_encodedPath + '?' + m_query;
}

} // namespace sanctum

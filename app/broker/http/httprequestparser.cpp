#include "broker/http/httprequestparser.h"

#include <algorithm>
#include <limits>

namespace sanctum {

namespace {

// RFC 9112 §2.2 lets a server skip empty lines before a request (some clients
// send a CRLF after a POST body); a few are plenty, an endless stream is not.
constexpr int kMaxEmptyLines = 4;
// More digits than this cannot be a length we would accept anyway, and
// stopping here keeps the conversion from overflowing.
constexpr qsizetype kMaxLengthDigits = 15;

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 9110 §5.6.2.
bool isTchar(char c)
{
    return isAlpha(c) || isDigit(c) || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

// pchar (RFC 3986 §3.3) without pct-encoded, plus '/' and '?' for the query:
// unreserved, sub-delims, ":@/?".
bool isTargetChar(char c)
{
    return isAlpha(c) || isDigit(c) || QByteArrayView("-._~!$&'()*+,;=:@/?").contains(c);
}

// SP, HTAB, VCHAR and obs-text: everything but the control characters.
bool isFieldValueByte(char c)
{
    const auto u = static_cast<uchar>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

// reg-name, IP-literal and port characters (RFC 3986 §3.2.2).
bool isHostChar(char c)
{
    return c == '[' || c == ']' || (isTargetChar(c) && c != '/' && c != '?' && c != '@');
}

} // namespace

HttpRequestParser::HttpRequestParser(const HttpLimits &limits)
    : m_limits(limits)
{
}

void HttpRequestParser::reset()
{
    m_phase = Phase::RequestLine;
    m_part = Part::Method;
    m_scanned = 0;
    m_versionColumn = 0;
    m_pctDigits = 0;
    m_asteriskTarget = false;
    m_emptyLines = 0;
    m_headerBytes = 0;
    m_contentLength = -1;
    m_expectContinue = false;
    m_seen = false;
    m_request = {};
    m_error = {};
}

HttpServerRequest HttpRequestParser::take()
{
    HttpServerRequest request = std::move(m_request);
    reset();
    return request;
}

bool HttpRequestParser::wantsContinue() const
{
    // Once body bytes arrive the client has stopped waiting (RFC 9110 §10.1.1).
    return m_phase == Phase::Body && m_expectContinue && m_request.body.isEmpty();
}

HttpRequestParser::Result HttpRequestParser::feed(QByteArray &buffer)
{
    for (;;) {
        switch (m_phase) {
        case Phase::Complete:
            return Result::Ready;
        case Phase::Failed:
            return Result::Failed;
        case Phase::Body: {
            const qint64 missing = m_contentLength - m_request.body.size();
            const qsizetype n = qsizetype(qMin<qint64>(missing, buffer.size()));
            if (n > 0) {
                m_request.body.append(buffer.constData(), n);
                buffer.remove(0, n);
            }
            if (m_request.body.size() < m_contentLength)
                return Result::NeedMore;
            m_phase = Phase::Complete;
            return Result::Ready;
        }
        case Phase::RequestLine:
        case Phase::Headers: {
            const qsizetype length = scanLine(buffer);
            if (length < 0)
                return m_phase == Phase::Failed ? Result::Failed : Result::NeedMore;
            const QByteArray line = buffer.left(length);
            buffer.remove(0, length + 2);
            m_scanned = 0;
            bool ok;
            if (m_phase == Phase::RequestLine)
                ok = finishRequestLine(line);
            else
                ok = line.isEmpty() ? finishHeaders() : finishHeaderLine(line);
            if (!ok)
                return Result::Failed;
            break;
        }
        }
    }
}

qsizetype HttpRequestParser::scanLine(const QByteArray &buffer)
{
    if (!buffer.isEmpty())
        m_seen = true;
    const char *data = buffer.constData();
    const qsizetype size = buffer.size();
    for (qsizetype i = m_scanned; i < size; ++i) {
        const char c = data[i];
        if (c == '\r') {
            if (i + 1 == size) {
                m_scanned = i; // look at the CR again when its LF may be there
                return -1;
            }
            if (data[i + 1] != '\n') {
                fail(400, "bad_request", QStringLiteral("a CR in the request must be followed by LF"));
                return -1;
            }
            return i;
        }
        // Some parsers end lines at a bare LF and some do not: accepting it
        // would let a request mean two things (request smuggling).
        if (c == '\n') {
            fail(400, "bad_request", QStringLiteral("lines must end with CRLF; a bare LF is not accepted"));
            return -1;
        }
        if (lineLimitReached(i + 1) || !checkByte(c, i))
            return -1;
    }
    m_scanned = size;
    return -1;
}

bool HttpRequestParser::lineLimitReached(qsizetype length)
{
    if (m_phase == Phase::RequestLine) {
        if (length <= m_limits.maxRequestLineBytes)
            return false;
        fail(414,
             "uri_too_long",
             QStringLiteral("the request line is longer than %1 bytes; shorten the URL")
                 .arg(m_limits.maxRequestLineBytes));
        return true;
    }
    if (m_headerBytes + length <= m_limits.maxHeaderBytes)
        return false;
    fail(431,
         "headers_too_large",
         QStringLiteral("the request headers are larger than %1 bytes").arg(m_limits.maxHeaderBytes));
    return true;
}

bool HttpRequestParser::checkByte(char c, qsizetype column)
{
    return m_phase == Phase::RequestLine ? checkRequestLineByte(c, column) : checkHeaderByte(c, column);
}

bool HttpRequestParser::checkRequestLineByte(char c, qsizetype column)
{
    switch (m_part) {
    case Part::Method:
        if (isTchar(c))
            return true;
        if (c == ' ' && column > 0) {
            m_part = Part::TargetStart;
            return true;
        }
        return fail(400,
                    "bad_request",
                    column == 0 ? QStringLiteral("this is not an HTTP request: it does not start with a method")
                                : QStringLiteral("the method must be a token followed by a single space"));
    case Part::TargetStart:
        if (c == '/') {
            m_part = Part::Target;
            return true;
        }
        if (c == '*') {
            m_asteriskTarget = true;
            m_part = Part::Target;
            return true;
        }
        // The broker is an origin server, not a proxy: a full URL or a
        // host:port here is a client configured to use it as a proxy.
        return fail(400,
                    "bad_request",
                    isAlpha(c) ? QStringLiteral("the request target must be a path starting with '/'; absolute URLs "
                                                "and host:port targets are not accepted")
                               : QStringLiteral("the request target must be a path starting with '/'"));
    case Part::Target:
        if (m_pctDigits > 0) {
            if (!isHexDigit(c))
                return fail(400,
                            "bad_request",
                            QStringLiteral("a '%' in the request target must be followed by two hex digits"));
            --m_pctDigits;
            return true;
        }
        if (c == ' ') {
            m_part = Part::Version;
            m_versionColumn = column + 1;
            return true;
        }
        if (m_asteriskTarget)
            return fail(400, "bad_request", QStringLiteral("the request target '*' must stand alone"));
        if (c == '%') {
            m_pctDigits = 2;
            return true;
        }
        if (isTargetChar(c))
            return true;
        return fail(400,
                    "bad_request",
                    QStringLiteral("the request target contains the byte 0x%1, which must be percent-encoded")
                        .arg(static_cast<uchar>(c), 2, 16, QLatin1Char('0')));
    case Part::Version: {
        // "HTTP/" DIGIT "." DIGIT and nothing after it (RFC 9112 §2.3).
        static constexpr char kPrefix[] = "HTTP/";
        const qsizetype at = column - m_versionColumn;
        const bool ok = at < 5 ? c == kPrefix[at] : (at == 5 || at == 7) ? isDigit(c) : (at == 6 && c == '.');
        if (ok)
            return true;
        return fail(400,
                    "bad_request",
                    QStringLiteral("the request line must end with the protocol version, such as HTTP/1.1"));
    }
    case Part::Name:
    case Part::Value:
        break;
    }
    return fail(400, "bad_request", QStringLiteral("the request line is malformed"));
}

bool HttpRequestParser::checkHeaderByte(char c, qsizetype column)
{
    if (m_part == Part::Value) {
        if (isFieldValueByte(c))
            return true;
        return fail(400, "bad_request", QStringLiteral("header values must not contain control characters"));
    }
    if (column == 0) {
        if (c == ' ' || c == '\t')
            return fail(400,
                        "bad_request",
                        m_request.headers.isEmpty()
                            ? QStringLiteral("whitespace before the first header line is not allowed")
                            : QStringLiteral("folded header lines (obs-fold) are not accepted; send each header on "
                                             "one line"));
        if (m_request.headers.size() >= m_limits.maxHeaderCount)
            return fail(431,
                        "headers_too_large",
                        QStringLiteral("the request has more than %1 header fields").arg(m_limits.maxHeaderCount));
    }
    if (isTchar(c))
        return true;
    if (c == ':' && column > 0) {
        m_part = Part::Value;
        return true;
    }
    // "Name : value" is read as "Name" by some parsers and refused by others.
    if (c == ' ' || c == '\t')
        return fail(
            400, "bad_request", QStringLiteral("whitespace between a header name and its colon is not allowed"));
    return fail(400, "bad_request", QStringLiteral("a header name must be a token followed by ':'"));
}

bool HttpRequestParser::finishRequestLine(const QByteArray &line)
{
    if (line.isEmpty()) {
        if (++m_emptyLines > kMaxEmptyLines)
            return fail(400, "bad_request", QStringLiteral("too many empty lines before the request line"));
        return true;
    }
    if (m_part != Part::Version || line.size() - m_versionColumn != 8)
        return fail(400,
                    "bad_request",
                    QStringLiteral("the request line must be: method, target and HTTP version, separated by single "
                                   "spaces"));
    const QByteArray version = line.mid(m_versionColumn);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return fail(505,
                    "http_version_not_supported",
                    QStringLiteral("%1 is not supported; use HTTP/1.1").arg(QString::fromLatin1(version)));
    const qsizetype space = line.indexOf(' ');
    m_request.method = line.left(space);
    m_request.target = line.mid(space + 1, m_versionColumn - space - 2);
    m_request.version = version;
    if (m_asteriskTarget && m_request.method != "OPTIONS")
        return fail(400, "bad_request", QStringLiteral("the request target '*' is only allowed with OPTIONS"));
    m_phase = Phase::Headers;
    m_part = Part::Name;
    return true;
}

bool HttpRequestParser::finishHeaderLine(const QByteArray &line)
{
    if (m_part != Part::Value)
        return fail(400, "bad_request", QStringLiteral("a header line must have a name and a colon"));
    m_part = Part::Name;
    m_headerBytes += line.size() + 2;
    const qsizetype colon = line.indexOf(':');
    QByteArray name = line.left(colon).toLower();
    // Only SP and HTAB can be there: every other control byte was refused.
    QByteArray value = line.mid(colon + 1).trimmed();

    if (name == "transfer-encoding")
        return fail(501,
                    "not_implemented",
                    QStringLiteral("chunked request bodies are not supported (Transfer-Encoding); send the body with "
                                   "Content-Length"));
    if (name == "content-length") {
        if (value.isEmpty() || !std::all_of(value.cbegin(), value.cend(), isDigit))
            return fail(400, "bad_request", QStringLiteral("Content-Length must be a non-negative decimal number"));
        const qint64 length = value.size() > kMaxLengthDigits ? std::numeric_limits<qint64>::max() : value.toLongLong();
        if (m_contentLength >= 0 && length != m_contentLength)
            return fail(400, "bad_request", QStringLiteral("the request has conflicting Content-Length headers"));
        if (length > m_limits.maxBodyBytes)
            return fail(413,
                        "payload_too_large",
                        QStringLiteral("the request body may be at most %1 bytes").arg(m_limits.maxBodyBytes));
        m_contentLength = length;
    } else if (name == "host") {
        if (m_request.hasHeader("host"))
            return fail(400, "bad_request", QStringLiteral("the request has more than one Host header"));
        if (!std::all_of(value.cbegin(), value.cend(), isHostChar))
            return fail(400, "bad_request", QStringLiteral("the Host header is not a valid host name"));
    } else if (name == "expect") {
        if (value.toLower() != "100-continue")
            return fail(417, "expectation_failed", QStringLiteral("only \"Expect: 100-continue\" is supported"));
        // HTTP/1.0 clients do not know 100 Continue (RFC 9110 §10.1.1).
        m_expectContinue = m_request.version == "HTTP/1.1";
    }
    m_request.headers.append({std::move(name), std::move(value)});
    return true;
}

bool HttpRequestParser::finishHeaders()
{
    if (m_request.version == "HTTP/1.1" && !m_request.hasHeader("host"))
        return fail(400, "bad_request", QStringLiteral("an HTTP/1.1 request must have a Host header"));
    m_phase = m_contentLength > 0 ? Phase::Body : Phase::Complete;
    return true;
}

bool HttpRequestParser::fail(int status, const char *code, const QString &message)
{
    m_phase = Phase::Failed;
    m_error = Error{QString::fromLatin1(code), message, status};
    return false;
}

} // namespace sanctum

#include "upstream/upstreamresponseparser.h"

namespace sanctum {

namespace {

// A chunk-size line with extensions we ignore; anything longer is not honest.
constexpr qsizetype kMaxChunkLine = 4096;
// More interim (1xx) answers than this before the real one is a loop.
constexpr int kMaxInterim = 8;
// Lengths past this cannot be real and would overflow further arithmetic.
constexpr qint64 kMaxLength = qint64(1) << 56;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// RFC 9110 §5.6.2.
bool isTchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

// SP, HTAB, VCHAR and obs-text: everything but the control characters.
bool isFieldValueByte(char c)
{
    const auto u = static_cast<uchar>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

// The comma-separated elements of a list-valued field (RFC 9110 §5.6.1),
// empty elements dropped.
QList<QByteArrayView> listElements(QByteArrayView value)
{
    QList<QByteArrayView> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        if (i == value.size() || value[i] == ',') {
            const QByteArrayView e = trimmed(value.sliced(start, i - start));
            if (!e.isEmpty())
                out.append(e);
            start = i + 1;
        }
    }
    return out;
}

bool equalsLower(QByteArrayView a, QByteArrayView lower)
{
    return a.compare(lower, Qt::CaseInsensitive) == 0;
}

} // namespace

void UpstreamResponseParser::reset(Request request)
{
    m_request = request;
    m_phase = Phase::StatusLine;
    m_line.clear();
    m_headerBytes = 0;
    m_interim = 0;
    m_started = false;
    m_headDone = false;
    m_status = 0;
    m_minor = 1;
    m_headers.clear();
    m_remaining = 0;
    m_keepAlive = false;
    m_body.clear();
    m_error.clear();
}

void UpstreamResponseParser::fail(const QString &why)
{
    m_phase = Phase::Failed;
    m_error = why;
    m_keepAlive = false;
}

bool UpstreamResponseParser::takeLine(QByteArrayView bytes, qsizetype &used, qsizetype limit)
{
    const QByteArrayView rest = bytes.sliced(used);
    const qsizetype lf = rest.indexOf('\n');
    const qsizetype take = lf < 0 ? rest.size() : lf + 1;
    if (m_line.size() + take > limit) {
        fail(QStringLiteral("the upstream sent a header section or line that is too large"));
        return false;
    }
    m_line.append(rest.first(take));
    used += take;
    if (lf < 0)
        return false;
    // A bare LF (or a CR anywhere but before the LF) is where two parsers part.
    if (m_line.size() < 2 || m_line.at(m_line.size() - 2) != '\r') {
        fail(QStringLiteral("the upstream sent a line not ended by CRLF"));
        return false;
    }
    m_line.chop(2);
    if (m_line.contains('\r')) {
        fail(QStringLiteral("the upstream sent a bare CR"));
        return false;
    }
    return true;
}

bool UpstreamResponseParser::takeCounted(QByteArrayView bytes, qsizetype &used)
{
    const qsizetype n = qsizetype(qMin<qint64>(m_remaining, bytes.size() - used));
    m_body.append(bytes.sliced(used, n));
    used += n;
    m_remaining -= n;
    return m_remaining == 0;
}

qsizetype UpstreamResponseParser::feed(QByteArrayView bytes)
{
    qsizetype used = 0;
    if (!bytes.isEmpty())
        m_started = true;
    while (used < bytes.size()) {
        switch (m_phase) {
        case Phase::Complete:
        case Phase::Failed:
            return used;
        case Phase::StatusLine:
        case Phase::Headers: {
            const qsizetype before = used;
            const bool line = takeLine(bytes, used, kMaxHeaderBytes - m_headerBytes);
            m_headerBytes += used - before;
            if (m_phase == Phase::Failed)
                return used;
            if (!line)
                break;
            bool ok;
            if (m_phase == Phase::StatusLine)
                ok = parseStatusLine();
            else
                ok = m_line.isEmpty() ? finishHead() : parseHeaderLine();
            m_line.clear();
            if (!ok)
                return used;
            break;
        }
        case Phase::Body:
            if (takeCounted(bytes, used))
                m_phase = Phase::Complete;
            break;
        case Phase::UntilClose:
            m_body.append(bytes.sliced(used));
            used = bytes.size();
            break;
        case Phase::ChunkSize:
            if (!takeLine(bytes, used, kMaxChunkLine)) {
                if (m_phase == Phase::Failed)
                    return used;
                break;
            }
            if (!parseChunkSize())
                return used;
            m_line.clear();
            break;
        case Phase::ChunkData:
            if (takeCounted(bytes, used))
                m_phase = Phase::ChunkDataEnd;
            break;
        case Phase::ChunkDataEnd: {
            // Exactly CRLF after the data: a longer chunk is a smuggling shape.
            const char want = m_line.isEmpty() ? '\r' : '\n';
            if (bytes[used] != want) {
                fail(QStringLiteral("the upstream's chunk is longer than its size"));
                return used;
            }
            ++used;
            if (want == '\r') {
                m_line.append('\r');
            } else {
                m_line.clear();
                m_phase = Phase::ChunkSize;
            }
            break;
        }
        case Phase::Trailers: {
            const qsizetype before = used;
            const bool line = takeLine(bytes, used, kMaxHeaderBytes - m_headerBytes);
            m_headerBytes += used - before;
            if (m_phase == Phase::Failed)
                return used;
            if (!line)
                break;
            if (m_line.isEmpty())
                m_phase = Phase::Complete;
            else if (!parseTrailerLine())
                return used;
            m_line.clear();
            break;
        }
        }
    }
    // A zero-length remainder completes without another byte.
    if (m_phase == Phase::Body && m_remaining == 0)
        m_phase = Phase::Complete;
    return used;
}

void UpstreamResponseParser::finish()
{
    if (m_phase == Phase::UntilClose) {
        m_phase = Phase::Complete;
        m_keepAlive = false;
    } else if (m_phase != Phase::Complete && m_phase != Phase::Failed) {
        fail(m_started ? QStringLiteral("the upstream closed the connection before its answer was complete")
                       : QStringLiteral("the upstream closed the connection without answering"));
    }
}

bool UpstreamResponseParser::parseStatusLine()
{
    // HTTP-version SP 3DIGIT SP [reason-phrase]; a missing reason (even its
    // SP) is tolerated, as RFC 9112 §4 asks of recipients.
    const QByteArrayView line(m_line);
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || (line[7] != '0' && line[7] != '1') || line[8] != ' ' ||
        !isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) || (line.size() > 12 && line[12] != ' ')) {
        fail(QStringLiteral("the upstream did not answer with an HTTP/1.x status line"));
        return false;
    }
    for (const char c : line.sliced(12)) {
        if (!isFieldValueByte(c)) {
            fail(QStringLiteral("the upstream's status line holds a control character"));
            return false;
        }
    }
    m_minor = line[7] - '0';
    m_status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (m_status < 100) {
        fail(QStringLiteral("the upstream answered with an invalid status"));
        return false;
    }
    m_headers.clear();
    m_phase = Phase::Headers;
    return true;
}

bool UpstreamResponseParser::parseHeaderLine()
{
    if (m_headers.size() >= kMaxHeaders) {
        fail(QStringLiteral("the upstream sent too many header fields"));
        return false;
    }
    const QByteArrayView line(m_line);
    if (line.front() == ' ' || line.front() == '\t') {
        fail(QStringLiteral("the upstream folded a header line (obs-fold)"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        fail(QStringLiteral("the upstream sent a header line without a name"));
        return false;
    }
    for (const char c : line.first(colon)) {
        if (!isTchar(c)) {
            fail(QStringLiteral("the upstream sent an invalid header name"));
            return false;
        }
    }
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    for (const char c : value) {
        if (!isFieldValueByte(c)) {
            fail(QStringLiteral("the upstream sent a control character in a header value"));
            return false;
        }
    }
    m_headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    return true;
}

bool UpstreamResponseParser::parseTrailerLine()
{
    // Validated like a header, then dropped: nothing downstream asks for them.
    const auto head = std::exchange(m_headers, {});
    const bool ok = parseHeaderLine();
    m_headers = head;
    return ok;
}

bool UpstreamResponseParser::finishHead()
{
    if (m_status >= 100 && m_status < 200) {
        if (m_status == 101) {
            fail(QStringLiteral("the upstream switched protocols, which was never asked for"));
            return false;
        }
        // Interim answers (100 Continue, 103 Early Hints) precede the real one.
        if (++m_interim > kMaxInterim) {
            fail(QStringLiteral("the upstream sent too many interim answers"));
            return false;
        }
        m_headers.clear();
        m_headerBytes = 0;
        m_phase = Phase::StatusLine;
        return true;
    }

    bool chunked = false;
    bool hasTransferEncoding = false;
    qint64 length = -1;
    bool close = false;
    bool keepAliveToken = false;
    for (const auto &[name, value] : std::as_const(m_headers)) {
        if (name == "transfer-encoding") {
            // Only a lone "chunked": we ask for no other coding, and a coding
            // after chunked would leave the end of the body to the close.
            for (const QByteArrayView coding : listElements(value)) {
                if (chunked || hasTransferEncoding || !equalsLower(coding, "chunked")) {
                    fail(QStringLiteral("the upstream used an unsupported transfer coding"));
                    return false;
                }
                chunked = true;
            }
            hasTransferEncoding = true;
        } else if (name == "content-length") {
            const QList<QByteArrayView> parts = listElements(value);
            if (parts.isEmpty()) {
                fail(QStringLiteral("the upstream sent an empty Content-Length"));
                return false;
            }
            for (const QByteArrayView part : parts) {
                qint64 n = 0;
                for (const char c : part) {
                    if (!isDigit(c) || n > kMaxLength / 10) {
                        fail(QStringLiteral("the upstream sent an invalid Content-Length"));
                        return false;
                    }
                    n = n * 10 + (c - '0');
                }
                if (length >= 0 && n != length) {
                    fail(QStringLiteral("the upstream sent conflicting Content-Length values"));
                    return false;
                }
                length = n;
            }
        } else if (name == "connection") {
            for (const QByteArrayView option : listElements(value)) {
                close = close || equalsLower(option, "close");
                keepAliveToken = keepAliveToken || equalsLower(option, "keep-alive");
            }
        }
    }
    if (hasTransferEncoding && length >= 0) {
        fail(QStringLiteral("the upstream sent both Transfer-Encoding and Content-Length"));
        return false;
    }
    if (hasTransferEncoding && (!chunked || m_minor == 0)) {
        fail(QStringLiteral("the upstream used an unsupported transfer coding"));
        return false;
    }
    m_keepAlive = m_minor == 1 ? !close : (keepAliveToken && !close);
    m_headDone = true;

    const bool noBody = m_request == Request::Head || m_status == 204 || m_status == 304 ||
                        (m_request == Request::Connect && m_status / 100 == 2);
    if (noBody) {
        m_phase = Phase::Complete;
    } else if (chunked) {
        m_phase = Phase::ChunkSize;
    } else if (length >= 0) {
        m_remaining = length;
        m_phase = length == 0 ? Phase::Complete : Phase::Body;
    } else {
        m_keepAlive = false;
        m_phase = Phase::UntilClose;
    }
    m_headerBytes = 0; // trailers get a section budget of their own
    return true;
}

bool UpstreamResponseParser::parseChunkSize()
{
    const QByteArrayView line(m_line);
    qsizetype i = 0;
    qint64 size = 0;
    for (; i < line.size() && hexValue(line[i]) >= 0; ++i) {
        if (size > kMaxLength / 16) {
            fail(QStringLiteral("the upstream's chunk size is too large"));
            return false;
        }
        size = size * 16 + hexValue(line[i]);
    }
    if (i == 0) {
        fail(QStringLiteral("the upstream sent an invalid chunk size"));
        return false;
    }
    // Extensions (BWS ";" ...) carry nothing we use; they must still be a
    // field's worth of characters.
    QByteArrayView ext = line.sliced(i);
    while (!ext.isEmpty() && (ext.front() == ' ' || ext.front() == '\t'))
        ext = ext.sliced(1);
    if (!ext.isEmpty() && ext.front() != ';') {
        fail(QStringLiteral("the upstream sent an invalid chunk size"));
        return false;
    }
    for (const char c : ext) {
        if (!isFieldValueByte(c)) {
            fail(QStringLiteral("the upstream sent a control character in a chunk extension"));
            return false;
        }
    }
    if (size == 0) {
        m_phase = Phase::Trailers;
    } else {
        m_remaining = size;
        m_phase = Phase::ChunkData;
    }
    return true;
}

} // namespace sanctum

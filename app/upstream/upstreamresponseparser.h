#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

namespace sanctum {

// An incremental, strict HTTP/1.1 response parser (RFC 9112) for the broker's
// upstream calls. It accepts what an honest server sends: an HTTP/1.0 or 1.1
// status line, token field names, CRLF line endings, and a body framed by
// RFC 9112 §6.3. Anything that lets two parsers disagree about where an
// answer ends (obs-fold, bare LF, Transfer-Encoding next to Content-Length,
// conflicting lengths, an oversized chunk) is refused, because the next
// answer on a kept-alive connection would start in the wrong place.
//
// Body bytes are handed out as they arrive (takeBody), never gathered whole.
class UpstreamResponseParser {
public:
    enum class Request { Other, Head, Connect };

    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
    static constexpr int kMaxHeaders = 100;

    explicit UpstreamResponseParser(Request request = Request::Other) { reset(request); }
    void reset(Request request);

    // Consumes bytes up to the end of one response (or a failure); returns
    // how many it used. Bytes past the end belong to no request of ours.
    qsizetype feed(QByteArrayView bytes);
    // The server closed the connection: completes a close-delimited body,
    // fails anything else that was still incomplete.
    void finish();

    bool headComplete() const { return m_headDone; }
    bool isComplete() const { return m_phase == Phase::Complete; }
    bool hasFailed() const { return m_phase == Phase::Failed; }
    const QString &errorString() const { return m_error; }
    // Some byte of an answer (interim ones included) has been seen.
    bool started() const { return m_started; }

    int status() const { return m_status; }
    int minorVersion() const { return m_minor; }
    const QList<std::pair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    // Body bytes parsed since the last call.
    QByteArray takeBody() { return std::exchange(m_body, {}); }
    // The connection may carry another request after this complete answer.
    bool keepAlive() const { return m_keepAlive && m_phase == Phase::Complete; }

private:
    enum class Phase {
        StatusLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Complete,
        Failed
    };

    // Takes bytes of the line in progress; true when a CRLF-ended line is in m_line.
    // Body bytes counted by m_remaining (a Content-Length or a chunk); true when all are in.
    bool takeCounted(QByteArrayView bytes, qsizetype &used);
    bool takeLine(QByteArrayView bytes, qsizetype &used, qsizetype limit);
    bool parseStatusLine();
    bool parseHeaderLine();
    bool parseTrailerLine();
    bool finishHead();
    bool parseChunkSize();
    void fail(const QString &why);

    Request m_request = Request::Other;
    Phase m_phase = Phase::StatusLine;
    QByteArray m_line;
    qsizetype m_headerBytes = 0;
    int m_interim = 0;
    bool m_started = false;
    bool m_headDone = false;
    int m_status = 0;
    int m_minor = 1;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    qint64 m_remaining = 0; // of the Content-Length body or the current chunk
    bool m_keepAlive = false;
    QByteArray m_body;
    QString m_error;
};

} // namespace sanctum

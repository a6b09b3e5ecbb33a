#pragma once

#include "broker/http/httplimits.h"
#include "broker/http/httpserverrequest.h"
#include "domain/error.h"

namespace sanctum {

// An incremental, strict HTTP/1.1 request parser (RFC 9112). It accepts only
// what an honest client sends: origin-form targets, token methods and field
// names, CRLF line endings, bodies framed by Content-Length alone. Everything
// that lets two parsers disagree about where a request ends (obs-fold, bare
// LF, whitespace before the colon, Transfer-Encoding, conflicting lengths) is
// refused, and so is anything over the limits, as soon as the bytes seen so
// far prove it: a client never makes us wait for, or buffer, what we would
// refuse anyway.
//
// The parser remembers how far it has validated the partial line at the front
// of the buffer, so between calls the caller may only append to the buffer.
class HttpRequestParser {
public:
    enum class Result { NeedMore, Ready, Failed };

    explicit HttpRequestParser(const HttpLimits &limits);

    // Consumes from the front of `buffer` the bytes it used. Stops after one
    // complete request, so pipelined requests stay in the buffer.
    Result feed(QByteArray &buffer);
    // The request, after Ready; the parser is then ready for the next one.
    HttpServerRequest take();
    // Why, after Failed: a snake_case code, a sentence, and the HTTP status.
    const Error &error() const { return m_error; }
    // The headers are complete, the body is still to come, and the client
    // waits for "100 Continue" before sending it.
    bool wantsContinue() const;
    // Some bytes of a request have been seen.
    bool inProgress() const { return m_seen; }
    void reset();

private:
    enum class Phase { RequestLine, Headers, Body, Complete, Failed };
    enum class Part { Method, TargetStart, Target, Version, Name, Value };

    // Scans the line at the front of `buffer`; returns its length when the
    // CRLF is there, -1 when more bytes are needed or the line failed.
    qsizetype scanLine(const QByteArray &buffer);
    bool checkByte(char c, qsizetype column);
    bool checkRequestLineByte(char c, qsizetype column);
    bool checkHeaderByte(char c, qsizetype column);
    bool lineLimitReached(qsizetype length);
    bool finishRequestLine(const QByteArray &line);
    bool finishHeaderLine(const QByteArray &line);
    bool finishHeaders();
    bool fail(int status, const char *code, const QString &message);

    HttpLimits m_limits;
    Phase m_phase = Phase::RequestLine;
    Part m_part = Part::Method;
    qsizetype m_versionColumn = 0; // where the HTTP version starts in the request line
    qsizetype m_scanned = 0;       // validated bytes of the partial line at the buffer's front
    int m_pctDigits = 0;           // hex digits still owed by a '%' in the target
    bool m_asteriskTarget = false;
    int m_emptyLines = 0;
    qsizetype m_headerBytes = 0;
    qint64 m_contentLength = -1;
    bool m_expectContinue = false;
    bool m_seen = false;
    HttpServerRequest m_request;
    Error m_error;
};

} // namespace sanctum

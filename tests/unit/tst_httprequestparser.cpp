#include "broker/http/httprequestparser.h"

#include <QTest>

using namespace sanctum;

namespace {

// Small limits keep the oversized cases short.
HttpLimits smallLimits()
{
    HttpLimits limits;
    limits.maxRequestLineBytes = 64;
    limits.maxHeaderBytes = 256;
    limits.maxHeaderCount = 8;
    limits.maxBodyBytes = 100;
    return limits;
}

struct Outcome {
    HttpRequestParser::Result result = HttpRequestParser::Result::NeedMore;
    HttpServerRequest request;
    Error error;
    QByteArray rest;    // what the parser left in the buffer
    qsizetype used = 0; // bytes handed to the parser before it decided
};

Outcome parseAtOnce(const QByteArray &raw, const HttpLimits &limits = smallLimits())
{
    HttpRequestParser parser(limits);
    Outcome out;
    QByteArray buffer = raw;
    out.used = raw.size();
    out.result = parser.feed(buffer);
    if (out.result == HttpRequestParser::Result::Ready)
        out.request = parser.take();
    out.error = parser.error();
    out.rest = buffer;
    return out;
}

// As a slow client (or an unlucky TCP segmentation) delivers it.
Outcome parseByteByByte(const QByteArray &raw, const HttpLimits &limits = smallLimits())
{
    HttpRequestParser parser(limits);
    Outcome out;
    QByteArray buffer;
    for (char c : raw) {
        buffer.append(c);
        ++out.used;
        out.result = parser.feed(buffer);
        if (out.result != HttpRequestParser::Result::NeedMore)
            break;
    }
    if (out.result == HttpRequestParser::Result::Ready)
        out.request = parser.take();
    out.error = parser.error();
    out.rest = buffer + raw.mid(out.used);
    return out;
}

QByteArray headersOf(const HttpServerRequest &r)
{
    QByteArray out;
    for (const auto &[name, value] : r.headers)
        out += name + '=' + value + ';';
    return out;
}

} // namespace

class TestHttpRequestParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsGoodRequests_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");

        QTest::newRow("plain GET") << QByteArray("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:8750\r\n\r\n")
                                   << QByteArray("GET") << QByteArray("/v1/health") << QByteArray()
                                   << QByteArray("host=127.0.0.1:8750;") << QByteArray() << true;
        QTest::newRow("POST with a body")
            << QByteArray("POST /v1/missions HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                          "Content-Length: 13\r\n\r\n{\"ttl\": 60}\r\n")
            << QByteArray("POST") << QByteArray("/v1/missions") << QByteArray()
            << QByteArray("host=h;content-type=application/json;content-length=13;") << QByteArray("{\"ttl\": 60}\r\n")
            << true;
        QTest::newRow("query and percent-encoding")
            << QByteArray("GET /v1/p/a%20b/i?state=open&q=x:y@z/? HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET")
            << QByteArray("/v1/p/a%20b/i") << QByteArray("state=open&q=x:y@z/?") << QByteArray("host=h;")
            << QByteArray() << true;
        QTest::newRow("names lower-cased, values trimmed")
            << QByteArray("GET / HTTP/1.1\r\nHOST:h\r\nX-Thing: \t spaced  value \t\r\nX-Empty:\r\n\r\n")
            << QByteArray("GET") << QByteArray("/") << QByteArray()
            << QByteArray("host=h;x-thing=spaced  value;x-empty=;") << QByteArray() << true;
        QTest::newRow("IPv6 Host") << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:8750\r\n\r\n") << QByteArray("GET")
                                   << QByteArray("/") << QByteArray() << QByteArray("host=[::1]:8750;") << QByteArray()
                                   << true;
        QTest::newRow("UTF-8 in a value")
            << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX-Name: Zoë\r\n\r\n") << QByteArray("GET") << QByteArray("/")
            << QByteArray() << QByteArray("host=h;x-name=Zoë;") << QByteArray() << true;
        QTest::newRow("Connection: close")
            << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n") << QByteArray("GET")
            << QByteArray("/") << QByteArray() << QByteArray("host=h;connection=Close;") << QByteArray() << false;
        QTest::newRow("close among options")
            << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n") << QByteArray("GET")
            << QByteArray("/") << QByteArray() << QByteArray("host=h;connection=keep-alive, close;") << QByteArray()
            << false;
        QTest::newRow("HTTP/1.0 closes by default")
            << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET") << QByteArray("/") << QByteArray()
            << QByteArray() << QByteArray() << false;
        QTest::newRow("HTTP/1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << QByteArray("GET") << QByteArray("/")
            << QByteArray() << QByteArray("connection=Keep-Alive;") << QByteArray() << true;
        QTest::newRow("empty lines before the request")
            << QByteArray("\r\n\r\n\r\n\r\nDELETE /v1/missions/m1 HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("DELETE")
            << QByteArray("/v1/missions/m1") << QByteArray() << QByteArray("host=h;") << QByteArray() << true;
        QTest::newRow("OPTIONS *") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("OPTIONS")
                                   << QByteArray("*") << QByteArray() << QByteArray("host=h;") << QByteArray() << true;
        QTest::newRow("equal duplicate lengths")
            << QByteArray("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")
            << QByteArray("PUT") << QByteArray("/x") << QByteArray()
            << QByteArray("host=h;content-length=2;content-length=2;") << QByteArray("ok") << true;
        QTest::newRow("zero length") << QByteArray("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
                                     << QByteArray("POST") << QByteArray("/x") << QByteArray()
                                     << QByteArray("host=h;content-length=0;") << QByteArray() << true;
        QTest::newRow("body at the limit")
            << QByteArray("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'b'))
            << QByteArray("POST") << QByteArray("/x") << QByteArray() << QByteArray("host=h;content-length=100;")
            << QByteArray(100, 'b') << true;
        QTest::newRow("token method") << QByteArray("PROPFIND /x HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("PROPFIND")
                                      << QByteArray("/x") << QByteArray() << QByteArray("host=h;") << QByteArray()
                                      << true;
    }

    void acceptsGoodRequests()
    {
        QFETCH(QByteArray, raw);
        for (const Outcome &out : {parseAtOnce(raw), parseByteByByte(raw)}) {
            QCOMPARE(out.result, HttpRequestParser::Result::Ready);
            QTEST(out.request.method, "method");
            QTEST(out.request.path(), "path");
            QTEST(out.request.query(), "query");
            QTEST(headersOf(out.request), "headers");
            QTEST(out.request.body, "body");
            QTEST(out.request.keepAlive(), "keepAlive");
            QVERIFY(out.rest.isEmpty());
        }
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");

        const QByteArray host = "Host: h\r\n";
        auto bad = [](const char *name, const QByteArray &raw) {
            QTest::newRow(name) << raw << 400 << QStringLiteral("bad_request");
        };
        bad("TLS handshake", QByteArray::fromHex("160301020001000100"));
        bad("lower-level garbage", QByteArray("\x01\x02\x03 / HTTP/1.1\r\n\r\n"));
        bad("absolute-form", "GET http://example.com/ HTTP/1.1\r\n" + host + "\r\n");
        bad("authority-form", "CONNECT example.com:443 HTTP/1.1\r\n" + host + "\r\n");
        bad("asterisk without OPTIONS", "GET * HTTP/1.1\r\n" + host + "\r\n");
        bad("asterisk with more", "OPTIONS *x HTTP/1.1\r\n" + host + "\r\n");
        bad("two spaces", "GET  / HTTP/1.1\r\n" + host + "\r\n");
        bad("space in the target", "GET /a b HTTP/1.1\r\n" + host + "\r\n");
        bad("quote in the target", "GET /a\"b HTTP/1.1\r\n" + host + "\r\n");
        bad("bad percent-encoding", "GET /a%zz HTTP/1.1\r\n" + host + "\r\n");
        bad("truncated percent-encoding", "GET /a% HTTP/1.1\r\n" + host + "\r\n");
        bad("fragment", "GET /a#top HTTP/1.1\r\n" + host + "\r\n");
        bad("no version (HTTP/0.9)", "GET /\r\n\r\n");
        bad("not HTTP", "GET / FTP/1.1\r\n" + host + "\r\n");
        bad("trailing space after the version", "GET / HTTP/1.1 \r\n" + host + "\r\n");
        bad("long version", "GET / HTTP/1.10\r\n" + host + "\r\n");
        bad("lower-case protocol", "GET / http/1.1\r\n" + host + "\r\n");
        bad("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n");
        bad("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        bad("invalid Host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n");
        bad("whitespace before the first header", "GET / HTTP/1.1\r\n Host: h\r\n\r\n");
        bad("header without colon", "GET / HTTP/1.1\r\n" + host + "Broken\r\n\r\n");
        bad("empty header name", "GET / HTTP/1.1\r\n" + host + ": x\r\n\r\n");
        bad("separator in header name", "GET / HTTP/1.1\r\n" + host + "X(y): x\r\n\r\n");
        bad("NUL in a value", "GET / HTTP/1.1\r\n" + host + QByteArray("X-A: a\0b\r\n\r\n", 12));
        bad("CR inside a value", "GET / HTTP/1.1\r\n" + host + "X-A: a\rb\r\n\r\n");
        bad("DEL in a value", "GET / HTTP/1.1\r\n" + host + "X-A: a\x7f\r\n\r\n");
        bad("too many empty lines", "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n" + host + "\r\n");
        bad("bare LF as an empty line", "\nGET / HTTP/1.1\r\n" + host + "\r\n");
        bad("letters in Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length: 0x10\r\n\r\n");
        bad("signed Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length: +5\r\n\r\n");
        bad("negative Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n");
        bad("empty Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length:\r\n\r\n");
        bad("Content-Length list", "POST / HTTP/1.1\r\n" + host + "Content-Length: 5, 5\r\n\r\nhello");

        // Shapes that let a front end and a back end disagree on where a
        // request ends: each must be refused, never guessed.
        bad("smuggling: two different lengths",
            "POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        bad("smuggling: obs-fold", "GET / HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n\r\n");
        bad("smuggling: obs-fold with tab", "GET / HTTP/1.1\r\n" + host + "X-A: a\r\n\tb\r\n\r\n");
        bad("smuggling: bare LF in the request line", "GET / HTTP/1.1\n" + host + "\r\n");
        bad("smuggling: bare LF after a header", "GET / HTTP/1.1\r\n" + host + "X-A: a\nX-B: b\r\n\r\n");
        bad("smuggling: bare LF ending the headers", "GET / HTTP/1.1\r\n" + host + "\n");
        bad("smuggling: space before colon", "POST / HTTP/1.1\r\n" + host + "Content-Length : 5\r\n\r\nhello");
        bad("smuggling: tab before colon",
            "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n");
        QTest::newRow("smuggling: CL then TE")
            << QByteArray("POST / HTTP/1.1\r\n" + host +
                          "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << 501 << QStringLiteral("not_implemented");
        QTest::newRow("smuggling: TE then CL")
            << QByteArray("POST / HTTP/1.1\r\n" + host +
                          "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")
            << 501 << QStringLiteral("not_implemented");

        QTest::newRow("chunked body") << QByteArray("POST / HTTP/1.1\r\n" + host +
                                                    "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                                      << 501 << QStringLiteral("not_implemented");
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n" + host + "\r\n") << 505
                                  << QStringLiteral("http_version_not_supported");
        QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\n" + host + "\r\n") << 505
                                  << QStringLiteral("http_version_not_supported");
        QTest::newRow("long request line")
            << QByteArray("GET /" + QByteArray(64, 'a') + " HTTP/1.1\r\n" + host + "\r\n") << 414
            << QStringLiteral("uri_too_long");
        QTest::newRow("large header section")
            << QByteArray("GET / HTTP/1.1\r\n" + host + "X-Big: " + QByteArray(250, 'x') + "\r\n\r\n") << 431
            << QStringLiteral("headers_too_large");
        QByteArray many = "GET / HTTP/1.1\r\n" + host;
        for (int i = 0; i < 8; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many headers") << QByteArray(many + "\r\n") << 431 << QStringLiteral("headers_too_large");
        QTest::newRow("body over the limit")
            << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: 101\r\n\r\n" + QByteArray(101, 'b')) << 413
            << QStringLiteral("payload_too_large");
        QTest::newRow("absurd Content-Length")
            << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999999\r\n\r\n") << 413
            << QStringLiteral("payload_too_large");
        QTest::newRow("unknown expectation")
            << QByteArray("POST / HTTP/1.1\r\n" + host + "Expect: 200-ok\r\nContent-Length: 1\r\n\r\nx") << 417
            << QStringLiteral("expectation_failed");
    }

    void refusesBadRequests()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QString, code);
        const Outcome whole = parseAtOnce(raw);
        QCOMPARE(whole.result, HttpRequestParser::Result::Failed);
        QCOMPARE(whole.error.httpStatus, status);
        QCOMPARE(whole.error.code, code);
        QVERIFY(!whole.error.message.isEmpty());

        const Outcome slow = parseByteByByte(raw);
        QCOMPARE(slow.result, HttpRequestParser::Result::Failed);
        QCOMPARE(slow.error.httpStatus, status);
        QCOMPARE(slow.error.code, code);
        QCOMPARE(slow.error.message, whole.error.message);
    }

    // The point of deciding early: a client is not waited for, nor buffered,
    // once what it sent is already unacceptable.
    void decidesAsSoonAsTheBytesProveIt_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("decidedAfter");
        QTest::addColumn<int>("status");

        QTest::newRow("garbage: the first byte") << QByteArray("\x16\x03\x01") << 1 << 400;
        QTest::newRow("absolute-form: the first target byte") << QByteArray("GET http://x/") << 5 << 400;
        QTest::newRow("request line: one byte over") << QByteArray("GET /" + QByteArray(100, 'a')) << 65 << 414;
        const QByteArray line = "GET / HTTP/1.1\r\nHost: h\r\n";
        QTest::newRow("headers: one byte over")
            << QByteArray(line + "X-A: " + QByteArray(300, 'x')) << int(line.size() + 256 - 9 + 1) << 431;
        QTest::newRow("obs-fold: the leading space") << QByteArray(line + " folded") << int(line.size() + 1) << 400;
        const QByteArray tooLong = line + "Content-Length: 1000000\r\n";
        QTest::newRow("oversized body: its Content-Length line")
            << QByteArray(tooLong + "\r\n" + QByteArray(50, 'b')) << int(tooLong.size()) << 413;
        const QByteArray chunked = line + "Transfer-Encoding: chunked\r\n";
        QTest::newRow("chunked: its Transfer-Encoding line")
            << QByteArray(chunked + "\r\n5\r\nhello\r\n0\r\n\r\n") << int(chunked.size()) << 501;
    }

    void decidesAsSoonAsTheBytesProveIt()
    {
        QFETCH(QByteArray, raw);
        const Outcome out = parseByteByByte(raw);
        QCOMPARE(out.result, HttpRequestParser::Result::Failed);
        QTEST(int(out.used), "decidedAfter");
        QTEST(out.error.httpStatus, "status");
    }

    void refusesAnOversizedBodyBeforeItArrives()
    {
        HttpRequestParser parser(smallLimits());
        QByteArray buffer = "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Failed);
        QCOMPARE(parser.error().httpStatus, 413);
        QCOMPARE(parser.error().code, QStringLiteral("payload_too_large"));
        QVERIFY(parser.error().message.contains(QStringLiteral("100 bytes")));
    }

    void splitsPipelinedRequests()
    {
        const QByteArray first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nGET ";
        const QByteArray second = "GET /b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n";
        const QByteArray third = "HEAD /c HTTP/1.1\r\nHost: h\r\n\r\n";
        HttpRequestParser parser(smallLimits());
        QByteArray buffer = first + second + third.left(10);

        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Ready);
        // Until taken, the request stays put and nothing more is consumed.
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Ready);
        const HttpServerRequest a = parser.take();
        QCOMPARE(a.path(), QByteArray("/a"));
        QCOMPARE(a.body, QByteArray("GET "));
        QCOMPARE(buffer, QByteArray(second + third.left(10)));
        QVERIFY(!parser.inProgress());

        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Ready);
        const HttpServerRequest b = parser.take();
        QCOMPARE(b.method, QByteArray("GET"));
        QCOMPARE(b.query(), QByteArray("x=1"));
        QCOMPARE(buffer, third.left(10));

        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(parser.inProgress());
        buffer += third.mid(10);
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Ready);
        QCOMPARE(parser.take().method, QByteArray("HEAD"));
        QVERIFY(buffer.isEmpty());
        QVERIFY(!parser.inProgress());
    }

    void everySplitPointGivesTheSameRequests()
    {
        const QByteArray stream = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                                  "GET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
        for (qsizetype split = 0; split <= stream.size(); ++split) {
            HttpRequestParser parser(smallLimits());
            QByteArray buffer = stream.left(split);
            QList<HttpServerRequest> got;
            auto drain = [&] {
                while (parser.feed(buffer) == HttpRequestParser::Result::Ready)
                    got.append(parser.take());
            };
            drain();
            buffer += stream.mid(split);
            drain();
            QCOMPARE(got.size(), 2);
            QCOMPARE(got[0].body, QByteArray("abc"));
            QCOMPARE(got[1].path(), QByteArray("/b"));
            QVERIFY(!got[1].keepAlive());
        }
    }

    void waitsForContinueOnlyWhileTheBodyIsPending()
    {
        HttpRequestParser parser(smallLimits());
        QByteArray buffer = "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 4";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(!parser.wantsContinue()); // the headers are not complete yet
        buffer += "\r\n\r\n";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(parser.wantsContinue());
        buffer += "ab";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(!parser.wantsContinue()); // the client did not wait
        buffer += "cd";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Ready);
        QCOMPARE(parser.take().body, QByteArray("abcd"));

        // Nothing to continue to without a body, nor for an HTTP/1.0 client.
        buffer = "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::Ready);
        parser.take();
        buffer = "POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(!parser.wantsContinue());
    }

    void reportsProgressFromTheFirstByte()
    {
        HttpRequestParser parser(smallLimits());
        QByteArray buffer;
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(!parser.inProgress());
        buffer = "G";
        QCOMPARE(parser.feed(buffer), HttpRequestParser::Result::NeedMore);
        QVERIFY(parser.inProgress());
        parser.reset();
        QVERIFY(!parser.inProgress());
    }

    void defaultLimitsAcceptRealisticRequests()
    {
        // An agent's proxied call: long path, a token, a JSON body.
        const QByteArray body(200 * 1024, 'j');
        const QByteArray raw =
            "PATCH /v1/proxy/github/repos/acme/web/issues/7?" + QByteArray(4000, 'q') +
            " HTTP/1.1\r\nHost: 127.0.0.1:8750\r\nAuthorization: Bearer sm_" + QByteArray(43, 't') +
            "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
            body;
        const Outcome out = parseAtOnce(raw, HttpLimits{});
        QCOMPARE(out.result, HttpRequestParser::Result::Ready);
        QCOMPARE(out.request.body.size(), body.size());
        QCOMPARE(out.request.header("authorization"), QByteArray("Bearer sm_" + QByteArray(43, 't')));
        QVERIFY(out.request.hasHeader("content-type"));
        QVERIFY(!out.request.hasHeader("content-typ"));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"

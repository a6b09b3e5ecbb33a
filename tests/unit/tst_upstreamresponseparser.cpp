#include "upstream/upstreamresponseparser.h"

#include <QTest>

using namespace sanctum;
using Request = UpstreamResponseParser::Request;

namespace {

struct Outcome {
    bool complete = false;
    bool failed = false;
    bool headComplete = false;
    int status = 0;
    QByteArray body;
    bool keepAlive = false;
    qsizetype used = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

Outcome collect(UpstreamResponseParser &p, qsizetype used, const QByteArray &body)
{
    Outcome o;
    o.complete = p.isComplete();
    o.failed = p.hasFailed();
    o.headComplete = p.headComplete();
    o.status = p.status();
    o.body = body;
    o.keepAlive = p.keepAlive();
    o.used = used;
    o.headers = p.headers();
    return o;
}

Outcome feedWhole(const QByteArray &wire, Request request, bool close)
{
    UpstreamResponseParser p(request);
    const qsizetype used = p.feed(wire);
    QByteArray body = p.takeBody();
    if (close)
        p.finish();
    return collect(p, used, body);
}

Outcome feedBytewise(const QByteArray &wire, Request request, bool close)
{
    UpstreamResponseParser p(request);
    qsizetype used = 0;
    QByteArray body;
    for (qsizetype i = 0; i < wire.size(); ++i) {
        if (p.isComplete() || p.hasFailed())
            break;
        used += p.feed(QByteArrayView(wire).sliced(i, 1));
        body += p.takeBody();
    }
    if (close)
        p.finish();
    return collect(p, used, body);
}

} // namespace

class TestUpstreamResponseParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void framing_data();
    void framing();
    void refused_data();
    void refused();
    void headersLowerCased();
    void leftoverBytesAreNotConsumed();
    void bodyStreamsInPieces();
    void limits();
    void resetReuses();
};

void TestUpstreamResponseParser::framing_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("request"); // 0 other, 1 HEAD
    QTest::addColumn<bool>("close");  // the server closes after the bytes
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << 0 << false
                                    << 200 << QByteArray("hello") << true;
    QTest::newRow("content-length zero") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << 0 << false
                                         << 200 << QByteArray() << true;
    QTest::newRow("duplicate lengths agree")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc") << 0 << false << 200
        << QByteArray("abc") << true;
    QTest::newRow("no reason phrase") << QByteArray("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok") << 0 << false << 200
                                      << QByteArray("ok") << true;
    QTest::newRow("empty reason phrase") << QByteArray("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n") << 0 << false
                                         << 404 << QByteArray() << true;
    QTest::newRow("connection close") << QByteArray(
                                             "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                                      << 0 << false << 200 << QByteArray("ok") << false;
    QTest::newRow("connection close in a list")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: foo, Close\r\nContent-Length: 2\r\n\r\nok") << 0 << false << 200
        << QByteArray("ok") << false;
    QTest::newRow("http/1.0 without keep-alive") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << 0
                                                 << false << 200 << QByteArray("ok") << false;
    QTest::newRow("http/1.0 with keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok") << 0 << false << 200
        << QByteArray("ok") << true;
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n")
                             << 0 << false << 200 << QByteArray("hello 0123456789") << true;
    QTest::newRow("chunked upper-case coding and hex")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nF\r\n0123456789abcde\r\n0\r\n\r\n") << 0
        << false << 200 << QByteArray("0123456789abcde") << true;
    QTest::newRow("chunk extensions ignored") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                            "3;name=value\r\nabc\r\n2 ; x\r\nde\r\n0;last\r\n\r\n")
                                              << 0 << false << 200 << QByteArray("abcde") << true;
    QTest::newRow("chunked trailers skipped") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                            "2\r\nhi\r\n0\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n")
                                              << 0 << false << 200 << QByteArray("hi") << true;
    QTest::newRow("chunked leading zeros") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                         "0002\r\nhi\r\n000\r\n\r\n")
                                           << 0 << false << 200 << QByteArray("hi") << true;
    QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nall of it") << 0 << true << 200
                                 << QByteArray("all of it") << false;
    QTest::newRow("until close http/1.0") << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nabc") << 0
                                          << true << 200 << QByteArray("abc") << false;
    QTest::newRow("head has no body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n") << 1 << false
                                      << 200 << QByteArray() << true;
    QTest::newRow("head with chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") << 1
                                       << false << 200 << QByteArray() << true;
    QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n") << 0
                                     << false << 204 << QByteArray() << true;
    QTest::newRow("304 has no body") << QByteArray("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n") << 0 << false
                                     << 304 << QByteArray() << true;
    QTest::newRow("100 continue skipped")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok") << 0 << false
        << 201 << QByteArray("ok") << true;
    QTest::newRow("103 early hints skipped")
        << QByteArray("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << 0
        << false << 200 << QByteArray() << true;
    QTest::newRow("obs-text in a value") << QByteArray(
                                                "HTTP/1.1 200 OK\r\nX-Name: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n")
                                         << 0 << false << 200 << QByteArray() << true;
}

void TestUpstreamResponseParser::framing()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, request);
    QFETCH(bool, close);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);
    const Request r = request == 1 ? Request::Head : Request::Other;

    for (const bool bytewise : {false, true}) {
        const Outcome o = bytewise ? feedBytewise(wire, r, close) : feedWhole(wire, r, close);
        QVERIFY2(!o.failed, bytewise ? "byte at a time" : "one feed");
        QVERIFY(o.headComplete);
        QVERIFY(o.complete);
        QCOMPARE(o.status, status);
        QCOMPARE(o.body, body);
        QCOMPARE(o.keepAlive, keepAlive);
        QCOMPARE(o.used, wire.size());
    }
    // Complete before the close for every framing but close-delimited.
    if (!close) {
        UpstreamResponseParser p(r);
        p.feed(wire);
        QVERIFY(p.isComplete());
    } else {
        UpstreamResponseParser p(r);
        p.feed(wire);
        QVERIFY(!p.isComplete());
        QVERIFY(!p.hasFailed());
    }
}

void TestUpstreamResponseParser::refused_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("close");

    const QByteArray ok = "HTTP/1.1 200 OK\r\n";
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << false;
    QTest::newRow("http/2 status line") << QByteArray("HTTP/2 200 OK\r\n\r\n") << false;
    QTest::newRow("http/1.2") << QByteArray("HTTP/1.2 200 OK\r\n\r\n") << false;
    QTest::newRow("two-digit status") << QByteArray("HTTP/1.1 20 OK\r\n\r\n") << false;
    QTest::newRow("status 099") << QByteArray("HTTP/1.1 099 OK\r\n\r\n") << false;
    QTest::newRow("no space after status") << QByteArray("HTTP/1.1 200OK\r\n\r\n") << false;
    QTest::newRow("bare LF status") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n") << false;
    QTest::newRow("bare LF header") << QByteArray(ok + "Content-Length: 0\n\r\n") << false;
    QTest::newRow("bare LF end") << QByteArray(ok + "Content-Length: 0\r\n\n") << false;
    QTest::newRow("bare CR in value") << QByteArray(ok + "X-A: a\rb\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::newRow("obs-fold") << QByteArray(ok + "X-A: a\r\n b\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::newRow("space before colon") << QByteArray(ok + "Content-Length : 0\r\n\r\n") << false;
    QTest::newRow("no colon") << QByteArray(ok + "Content-Length 0\r\n\r\n") << false;
    QTest::newRow("empty name") << QByteArray(ok + ": x\r\n\r\n") << false;
    QTest::newRow("NUL in value") << QByteArray(ok + "X-A: a" + QByteArray(1, '\0') + "b\r\n\r\n") << false;
    QTest::newRow("TE and CL") << QByteArray(ok + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n")
                               << false;
    QTest::newRow("CL and TE") << QByteArray(ok + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                               << false;
    QTest::newRow("conflicting lengths") << QByteArray(ok + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
                                         << false;
    QTest::newRow("conflicting length list") << QByteArray(ok + "Content-Length: 3, 4\r\n\r\nabcd") << false;
    QTest::newRow("signed length") << QByteArray(ok + "Content-Length: +3\r\n\r\nabc") << false;
    QTest::newRow("negative length") << QByteArray(ok + "Content-Length: -1\r\n\r\n") << false;
    QTest::newRow("hex length") << QByteArray(ok + "Content-Length: 0x10\r\n\r\n") << false;
    QTest::newRow("empty length") << QByteArray(ok + "Content-Length: \r\n\r\n") << false;
    QTest::newRow("overflowing length") << QByteArray(ok + "Content-Length: 99999999999999999999999\r\n\r\n") << false;
    QTest::newRow("gzip coding") << QByteArray(ok + "Transfer-Encoding: gzip\r\n\r\nxx") << false;
    QTest::newRow("chunked then gzip") << QByteArray(ok + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n") << false;
    QTest::newRow("chunked twice") << QByteArray(ok + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
                                                      "\r\n0\r\n\r\n")
                                   << false;
    QTest::newRow("chunked on http/1.0") << QByteArray("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                         << false;
    QTest::newRow("chunk size overflow") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n"
                                                            "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n")
                                         << false;
    QTest::newRow("chunk size not hex") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\nzz\r\n") << false;
    QTest::newRow("chunk size empty") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n\r\n") << false;
    QTest::newRow("chunk size signed") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n-1\r\n") << false;
    QTest::newRow("chunk longer than size") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n"
                                                               "2\r\nabc\r\n0\r\n\r\n")
                                            << false;
    QTest::newRow("chunk data bare LF") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\n0\r\n\r\n")
                                        << false;
    QTest::newRow("chunk size bare LF") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n")
                                        << false;
    QTest::newRow("bad trailer") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n0\r\n bad\r\n\r\n") << false;
    QTest::newRow("101 never asked for") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n")
                                         << false;
    QTest::newRow("length cut short by close") << QByteArray(ok + "Content-Length: 10\r\n\r\nabc") << true;
    QTest::newRow("chunked cut short by close") << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nab") << true;
    QTest::newRow("head cut short by close") << QByteArray(ok + "Content-Le") << true;
    QTest::newRow("nothing then close") << QByteArray() << true;
}

void TestUpstreamResponseParser::refused()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, close);
    for (const bool bytewise : {false, true}) {
        const Outcome o = bytewise ? feedBytewise(wire, Request::Other, close) : feedWhole(wire, Request::Other, close);
        QVERIFY2(o.failed, bytewise ? "byte at a time" : "one feed");
        QVERIFY(!o.complete);
        QVERIFY(!o.keepAlive);
    }
}

void TestUpstreamResponseParser::headersLowerCased()
{
    UpstreamResponseParser p;
    p.feed("HTTP/1.1 302 Found\r\nLocation:  https://x/y \r\nX-RateLimit-Remaining:59\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(p.isComplete());
    const QList<std::pair<QByteArray, QByteArray>> expected = {
        {"location", "https://x/y"}, {"x-ratelimit-remaining", "59"}, {"content-length", "0"}};
    QCOMPARE(p.headers(), expected);
}

void TestUpstreamResponseParser::leftoverBytesAreNotConsumed()
{
    UpstreamResponseParser p;
    const QByteArray wire = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n";
    QCOMPARE(p.feed(wire), wire.indexOf("ok") + 2);
    QVERIFY(p.isComplete());
    QCOMPARE(p.takeBody(), QByteArray("ok"));
}

void TestUpstreamResponseParser::bodyStreamsInPieces()
{
    // Body bytes leave the parser as they arrive; nothing gathers them all.
    UpstreamResponseParser p;
    p.feed("HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n");
    QVERIFY(p.headComplete());
    const QByteArray piece(1000, 'x');
    for (int i = 0; i < 3000; ++i) {
        QCOMPARE(p.feed(piece), piece.size());
        QCOMPARE(p.takeBody().size(), piece.size());
        QCOMPARE(p.isComplete(), i == 2999);
    }
    QVERIFY(p.keepAlive());

    UpstreamResponseParser c;
    c.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int size : {1, 7, 4096, 65536, 100000}) {
        c.feed(QByteArray(QByteArray::number(size, 16) + "\r\n"));
        c.feed(QByteArray(size, 'y'));
        QCOMPARE(c.takeBody().size(), size);
        c.feed("\r\n");
    }
    c.feed("0\r\n\r\n");
    QVERIFY(c.isComplete());
}

void TestUpstreamResponseParser::limits()
{
    // 100 headers are fine, 101 are not.
    QByteArray many = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n";
    for (int i = 0; i < 99; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    UpstreamResponseParser a;
    a.feed(QByteArray(many + "\r\n"));
    QVERIFY(a.isComplete());
    UpstreamResponseParser b;
    b.feed(QByteArray(many + "X-One-Too-Many: v\r\n\r\n"));
    QVERIFY(b.hasFailed());

    // The header section is refused once it passes 64 KiB, without waiting
    // for its end.
    UpstreamResponseParser c;
    c.feed(QByteArray("HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(70 * 1024, 'a')));
    QVERIFY(c.hasFailed());
    UpstreamResponseParser d;
    d.feed(QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Big: " + QByteArray(60 * 1024, 'a') + "\r\n\r\n"));
    QVERIFY(d.isComplete());

    // An endless chunk extension is refused too.
    UpstreamResponseParser e;
    e.feed(QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + QByteArray(8000, 'e')));
    QVERIFY(e.hasFailed());

    // So is an endless series of interim answers.
    UpstreamResponseParser f;
    QByteArray interim;
    for (int i = 0; i < 20; ++i)
        interim += "HTTP/1.1 100 Continue\r\n\r\n";
    f.feed(interim);
    QVERIFY(f.hasFailed());
}

void TestUpstreamResponseParser::resetReuses()
{
    UpstreamResponseParser p;
    p.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
    QVERIFY(p.isComplete());
    p.reset(Request::Head);
    QVERIFY(!p.isComplete());
    QVERIFY(!p.started());
    p.feed("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
    QVERIFY(p.isComplete());
    QVERIFY(p.headers().size() == 1);
}

QTEST_APPLESS_MAIN(TestUpstreamResponseParser)
#include "tst_upstreamresponseparser.moc"

#include "auth/loopbacklistener.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace sanctum;

// The browser side is played by a real QNetworkAccessManager over loopback.
class TestLoopbackListener : public QObject {
    Q_OBJECT

    QNetworkAccessManager m_nam;

    QNetworkReply *get(const QUrl &url)
    {
        QNetworkReply *reply = m_nam.get(QNetworkRequest(url));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(5000);
        return reply;
    }

private Q_SLOTS:
    void acceptsOneCallbackAndShowsAPage()
    {
        LoopbackListener listener;
        QVERIFY(listener.listen().ok());
        const QUrl redirect = listener.redirectUri();
        QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(redirect.port() > 0);
        QSignalSpy received(&listener, &LoopbackListener::callbackReceived);

        // Stray requests neither count nor close the door.
        std::unique_ptr<QNetworkReply> favicon(get(redirect.resolved(QUrl(QStringLiteral("/favicon.ico")))));
        QCOMPARE(favicon->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
        QCOMPARE(received.count(), 0);

        QUrl callback = redirect;
        callback.setQuery(QStringLiteral("code=abc123&state=s-1&iss=http%3A%2F%2F127.0.0.1%3A3000%2F"));
        std::unique_ptr<QNetworkReply> page(get(callback));
        QCOMPARE(page->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(page->readAll().contains("You are signed in"));
        QCOMPARE(received.count(), 1);
        const QUrlQuery q = received.first().first().value<QUrlQuery>();
        QCOMPARE(q.queryItemValue(QStringLiteral("code")), QStringLiteral("abc123"));
        QCOMPARE(q.queryItemValue(QStringLiteral("state")), QStringLiteral("s-1"));
        QCOMPARE(q.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), QStringLiteral("http://127.0.0.1:3000/"));

        // One use only: the port is closed afterwards.
        std::unique_ptr<QNetworkReply> again(get(callback));
        QCOMPARE(again->error(), QNetworkReply::ConnectionRefusedError);
        QCOMPARE(received.count(), 1);
    }

    void anErrorCallbackIsPassedOnAndShown()
    {
        LoopbackListener listener;
        QVERIFY(listener.listen().ok());
        QSignalSpy received(&listener, &LoopbackListener::callbackReceived);
        QUrl callback = listener.redirectUri();
        callback.setQuery(QStringLiteral("error=access_denied&error_description=The+user%20said%20%3Cno%3E&state=s"));
        std::unique_ptr<QNetworkReply> page(get(callback));
        const QByteArray html = page->readAll();
        QVERIFY(html.contains("did not complete"));
        QVERIFY(html.contains("&lt;no&gt;"));    // escaped, never markup from the query
        QVERIFY(html.contains("The user said")); // '+' read as a space, as a form would
        QCOMPARE(received.count(), 1);
        QCOMPARE(received.first().first().value<QUrlQuery>().queryItemValue(QStringLiteral("error")),
                 QStringLiteral("access_denied"));
    }

    void givesUpAfterTheTimeout()
    {
        LoopbackListener listener;
        QVERIFY(listener.listen().ok());
        QSignalSpy failed(&listener, &LoopbackListener::failed);
        listener.setTimeout(50);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("login_timeout"));
        std::unique_ptr<QNetworkReply> late(get(listener.redirectUri()));
        QCOMPARE(late->error(), QNetworkReply::ConnectionRefusedError);
    }

    void refusesGarbageAndHugeRequests()
    {
        LoopbackListener listener;
        QVERIFY(listener.listen().ok());
        QSignalSpy received(&listener, &LoopbackListener::callbackReceived);
        for (const QByteArray &request : {QByteArray("POST /callback?code=x HTTP/1.1\r\n\r\n"),
                                          QByteArray("nonsense\r\n\r\n"),
                                          QByteArray(QByteArray("GET /callback?code=") + QByteArray(20000, 'a'))}) {
            // The listener runs on this thread: wait by spinning the event loop, never by blocking.
            QTcpSocket s;
            QSignalSpy connected(&s, &QTcpSocket::connected);
            QSignalSpy gone(&s, &QTcpSocket::disconnected);
            s.connectToHost(QHostAddress::LocalHost, listener.redirectUri().port());
            QVERIFY(connected.wait(5000));
            s.write(request);
            QVERIFY2(gone.wait(5000), request.left(20).constData());
            QVERIFY(!s.readAll().startsWith("HTTP/1.1 200"));
        }
        QCOMPARE(received.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLoopbackListener)
#include "tst_loopbacklistener.moc"

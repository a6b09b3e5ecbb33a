// A stand-in for the system browser in tests, started through
// SANCTUM_BROWSER: it opens the authorization URL and follows every
// redirect (keeping cookies, like a browser) until the tenant sends it to the
// loopback callback, which it then visits. It plays a user who approves.
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fputs("usage: sandboxbrowser URL\n", stderr);
        return 2;
    }
    QNetworkAccessManager nam;
    nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    int hops = 0;
    std::function<void(const QUrl &)> visit = [&](const QUrl &url) {
        QNetworkReply *reply = nam.get(QNetworkRequest(url));
        QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply, url] {
            reply->deleteLater();
            const QUrl next = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
            if (next.isEmpty() || ++hops > 20) {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                std::fprintf(stderr, "sandboxbrowser: stopped at %s (HTTP %d)\n", qPrintable(url.path()), status);
                QCoreApplication::exit(status == 200 ? 0 : 1);
                return;
            }
            visit(url.resolved(next));
        });
    };
    visit(QUrl(QString::fromLocal8Bit(argv[argc - 1])));
    QTimer::singleShot(30000, &app, [] { QCoreApplication::exit(3); });
    return QCoreApplication::exec();
}

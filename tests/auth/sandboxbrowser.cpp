// A stand-in for the system browser in tests, started through
// SANCTUM_BROWSER: it opens the authorization URL and follows every
// redirect (keeping cookies, like a browser) until the tenant sends it to the
// loopback callback, which it then visits. It plays a user who approves:
// on the tenant's connect page (reconnecting an account) it says yes too.
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

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
    std::function<void(const QUrl &)> visit = [&](const QUrl &asked) {
        QUrl url = asked;
        QUrlQuery query(url);
        if (url.path() == QLatin1String("/connect") && query.hasQueryItem(QStringLiteral("ticket")) &&
            !query.hasQueryItem(QStringLiteral("auto"))) {
            query.addQueryItem(QStringLiteral("auto"), QStringLiteral("approve"));
            url.setQuery(query);
        }
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

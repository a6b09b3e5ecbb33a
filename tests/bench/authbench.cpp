// Two measurements of the auth worker, each next to a baseline in the same run:
//
// 1. Token Vault round trip through AuthService (queued to the worker thread,
//    HttpClient's one reply path, JSON checks, back by queued signal) next to
//    the same POST made by a bare QNetworkAccessManager on the calling thread,
//    both against the local sandbox tenant. Goal: ratio <= 1.1.
// 2. JWT verifications per second for RS256, PS256 and ES256 through
//    JwtVerifier (parse, header checks, key choice, signature, claims) next to
//    OpenSSL's bare signature check on the same bytes.
//
// Usage: sanctum-bench-auth [--rounds 5] [--exchanges 100] [--verify-ms 500]

#include "auth/authservice.h"
#include "auth/jwtverifier.h"
#include "benchstats.h"
#include "domain/clock.h"
#include "jwttestsigner.h"
#include "sandboxtenant.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>

using namespace sanctum;

using sanctum::stats::median;

namespace {

// Runs the event loop until `done` is true.
void spin(const bool &done)
{
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

QByteArray loginRefreshToken(AuthService &auth)
{
    QByteArray refresh;
    bool done = false;
    QObject::connect(&auth, &AuthService::loggedIn, [&](const QJsonObject &, const QByteArray &rt) {
        refresh = rt;
        done = true;
    });
    QObject::connect(&auth, &AuthService::loginFailed, [&](const Error &e) {
        std::fprintf(stderr, "login failed: %s\n", qPrintable(e.message));
        std::exit(1);
    });
    auth.loginWithBrowser(QStringLiteral("alice"));
    spin(done);
    return refresh;
}

// Mean milliseconds per exchange through the worker (cache dropped each time).
double workerRound(AuthService &auth, int n)
{
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        auth.dropUpstreamToken(QStringLiteral("github"));
        bool done = false;
        auth.upstreamToken(QStringLiteral("github"), qApp, [&](Expected<UpstreamToken> r) {
            if (!r) {
                std::fprintf(stderr, "exchange failed: %s\n", qPrintable(r.error().message));
                std::exit(1);
            }
            done = true;
        });
        spin(done);
    }
    return double(t.nsecsElapsed()) / 1e6 / n;
}

double bareRound(QNetworkAccessManager &nam, const test::SandboxTenant &sb, const QByteArray &refresh, int n)
{
    QUrlQuery form;
    auto add = [&form](const QString &k, const QString &v) {
        form.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    };
    add(QStringLiteral("grant_type"), OidcClient::kTokenVaultGrant);
    add(QStringLiteral("subject_token"), QString::fromUtf8(refresh));
    add(QStringLiteral("subject_token_type"), OidcClient::kRefreshTokenType);
    add(QStringLiteral("requested_token_type"), OidcClient::kFederatedTokenType);
    add(QStringLiteral("connection"), QStringLiteral("github"));
    add(QStringLiteral("client_id"), sb.clientId());
    add(QStringLiteral("client_secret"), sb.clientSecret());
    const QByteArray body = form.toString(QUrl::FullyEncoded).toLatin1();
    QNetworkRequest request(sb.tenantUrl(QStringLiteral("/oauth/token")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        QNetworkReply *reply = nam.post(request, body);
        bool done = false;
        QObject::connect(reply, &QNetworkReply::finished, [&] { done = true; });
        spin(done);
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
            std::fprintf(stderr, "bare exchange failed\n");
            std::exit(1);
        }
        reply->readAll();
        reply->deleteLater();
    }
    return double(t.nsecsElapsed()) / 1e6 / n;
}

// Operations per second of `op` over about `ms` milliseconds.
template<typename Op>
double perSecond(int ms, Op op)
{
    QElapsedTimer t;
    t.start();
    qint64 n = 0;
    while (t.elapsed() < ms) {
        for (int i = 0; i < 16; ++i)
            op();
        n += 16;
    }
    return double(n) * 1e9 / double(t.nsecsElapsed());
}

void benchJwt(int ms)
{
    const JwtTestSigner rsa(JwtTestSigner::Kind::Rsa);
    const JwtTestSigner ec(JwtTestSigner::Kind::Ec);
    const Expected<JwkSet> keys = JwkSet::fromJson(
        {{QStringLiteral("keys"), QJsonArray{rsa.jwk(QStringLiteral("rsa")), ec.jwk(QStringLiteral("ec"))}}});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("https://tenant.example/")},
                             {QStringLiteral("aud"), QStringLiteral("sanctum")},
                             {QStringLiteral("sub"), QStringLiteral("auth0|alice")},
                             {QStringLiteral("iat"), now.toSecsSinceEpoch()},
                             {QStringLiteral("exp"), now.toSecsSinceEpoch() + 3600}};
    JwtExpectations expect;
    expect.issuer = QStringLiteral("https://tenant.example/");
    expect.audiences = {QStringLiteral("sanctum")};

    std::printf("\nJWT verification (%d ms per figure)\n  alg      verifier ops/s   bare signature ops/s   ratio\n",
                ms);
    for (const QString &alg : {QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256")}) {
        const bool isEc = alg == QStringLiteral("ES256");
        const QString kid = isEc ? QStringLiteral("ec") : QStringLiteral("rsa");
        const QByteArray token =
            (isEc ? ec : rsa).sign({{QStringLiteral("alg"), alg}, {QStringLiteral("kid"), kid}}, claims, alg);
        const Expected<JwtParts> parts = JwtVerifier::parse(token);
        const Jwk key = keys->candidates(kid, alg).first();
        if (!JwtVerifier::verify(token, *keys, expect, now).ok() ||
            !JwtVerifier::verifySignature(alg, key, parts->signingInput, parts->signature)) {
            std::fprintf(stderr, "the %s token does not verify\n", qPrintable(alg));
            std::exit(1);
        }
        const double full = perSecond(ms, [&] { (void)JwtVerifier::verify(token, *keys, expect, now); });
        const double bare =
            perSecond(ms, [&] { (void)JwtVerifier::verifySignature(alg, key, parts->signingInput, parts->signature); });
        std::printf("  %s    %14.0f   %20.0f   %5.3f\n", qPrintable(alg), full, bare, full / bare);
        std::printf(
            "RESULT jwt_%s_ops=%.0f bare_ops=%.0f ratio=%.3f\n", qPrintable(alg.toLower()), full, bare, full / bare);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption roundsOpt(
        QStringLiteral("rounds"), QStringLiteral("Rounds per side."), QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption exchangesOpt(QStringLiteral("exchanges"),
                                          QStringLiteral("Exchanges per round."),
                                          QStringLiteral("n"),
                                          QStringLiteral("100"));
    const QCommandLineOption verifyOpt(QStringLiteral("verify-ms"),
                                       QStringLiteral("Milliseconds per JWT figure."),
                                       QStringLiteral("ms"),
                                       QStringLiteral("500"));
    parser.addOptions({roundsOpt, exchangesOpt, verifyOpt});
    parser.process(app);
    const int rounds = qMax(1, parser.value(roundsOpt).toInt());
    const int exchanges = qMax(1, parser.value(exchangesOpt).toInt());

    test::SandboxTenant sandbox;
    if (!sandbox.start()) {
        std::fprintf(stderr, "cannot start the sandbox tenant: %s\n", qPrintable(sandbox.errorString()));
        return 1;
    }
    qputenv("SANCTUM_BROWSER", SANDBOXBROWSER_BIN);
    SystemClock clock;
    AuthService auth(clock);
    TenantConfig config;
    config.issuer = sandbox.issuer();
    config.clientId = sandbox.clientId();
    config.clientSecret = sandbox.clientSecret().toUtf8();
    auth.configure(config);
    const QByteArray refresh = loginRefreshToken(auth);
    QNetworkAccessManager nam;

    // Warm both paths (connections, discovery), then alternate which goes first.
    workerRound(auth, 5);
    bareRound(nam, sandbox, refresh, 5);
    std::vector<double> worker, bare;
    std::printf(
        "Token Vault exchange round trip, %d rounds x %d exchanges\n  round   bare QNAM ms   worker ms   ratio\n",
        rounds,
        exchanges);
    for (int r = 0; r < rounds; ++r) {
        double w, b;
        if (r % 2) {
            w = workerRound(auth, exchanges);
            b = bareRound(nam, sandbox, refresh, exchanges);
        } else {
            b = bareRound(nam, sandbox, refresh, exchanges);
            w = workerRound(auth, exchanges);
        }
        worker.push_back(w);
        bare.push_back(b);
        std::printf("  %-5d   %12.3f   %9.3f   %5.3f\n", r + 1, b, w, w / b);
    }
    const double mw = median(worker), mb = median(bare);
    std::printf(
        "  median  %12.3f   %9.3f   %5.3f   (goal <= 1.1: %s)\n", mb, mw, mw / mb, mw / mb <= 1.1 ? "met" : "NOT met");
    std::printf("RESULT exchange_worker_ms=%.3f exchange_bare_ms=%.3f ratio=%.3f\n", mw, mb, mw / mb);

    benchJwt(qMax(50, parser.value(verifyOpt).toInt()));
    return 0;
}

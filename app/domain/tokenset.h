#pragma once

#include "domain/scopeset.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUrl>

namespace sanctum {

// Tokens from the tenant's token endpoint. They live in memory only; the
// buffers are scrubbed when the set is dropped.
struct TokenSet {
    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray idToken;
    QString tokenType;
    QString scope;
    QDateTime expiresAt;

    TokenSet() = default;
    TokenSet(const TokenSet &) = default;
    TokenSet(TokenSet &&) = default;
    TokenSet &operator=(const TokenSet &) = default;
    TokenSet &operator=(TokenSet &&) = default;
    ~TokenSet();

    // From a successful token response; false when it has no access token.
    static bool fromJson(const QJsonObject &json, const QDateTime &now, TokenSet *out);
};

// An upstream (e.g. GitHub) access token obtained through Token Vault.
struct UpstreamToken {
    QString connection;
    QByteArray accessToken;
    QString issuedTokenType;
    ScopeSet scopes;
    QDateTime expiresAt; // invalid when the tenant did not say

    UpstreamToken() = default;
    UpstreamToken(const UpstreamToken &) = default;
    UpstreamToken(UpstreamToken &&) = default;
    UpstreamToken &operator=(const UpstreamToken &) = default;
    UpstreamToken &operator=(UpstreamToken &&) = default;
    ~UpstreamToken();
};

// What a forwarder needs to make a call for a connection: its upstream token
// and where the upstream's API answers.
struct UpstreamAccess {
    UpstreamToken token;
    QUrl apiBase;
};

// What the device authorization endpoint hands out (RFC 8628 §3.2).
struct DeviceAuthorization {
    QByteArray deviceCode;
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete;
    int intervalSecs = 5;
    QDateTime expiresAt;
};

} // namespace sanctum

#pragma once

#include <QUrl>

namespace sanctum {

// Where Sanctum may send a credential: https anywhere, plain http only to a
// loopback address (RFC 8252 §8.3: the sandbox tenant, a test upstream).
// Anything else would put tokens on the wire in clear. Every client, and
// every place an address is configured, asks this one rule.
bool isAllowedEndpoint(const QUrl &url);

} // namespace sanctum
